// A report freezes the assessment: later changes to its activities do not reach the report.
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPrisma } from '../db/client';
import { createReport, getReport, listReports } from './reports';
import { MAX_EVIDENCE_LINE_CHARS, MAX_SNAPSHOT_ACTIVITIES } from './snapshot';

afterAll(closeDb);

describe('report snapshot', () => {
  it('is frozen at creation, renumbers ids and survives re-runs and deletion of the assessment', async () => {
    const prisma = getPrisma();
    const a = await prisma.assessment.create({ data: { name: 'freeze me', status: 'ready', attackVersion: '18.1' } });
    const t = new Date('2026-03-07T14:00:00Z');
    const act = await prisma.activity.create({
      data: {
        assessmentId: a.id,
        stage: 'recon',
        technique: 'T1046',
        hostIps: ['10.0.0.5'],
        startTs: t,
        endTs: t,
        network: 'detected',
        logs: 'blind',
        score: 0.5,
        severity: 'low',
        summary: 'scan',
      },
    });
    const user = await prisma.user.create({ data: { username: `freeze-${a.id}`, passwordHash: 'x' } });
    const id = await createReport({ assessmentId: a.id, userId: user.id });
    await prisma.activity.update({
      where: { assessmentId_id: { assessmentId: a.id, id: act.id } },
      data: { logs: 'detected', summary: 'changed by a re-run' },
    });
    const r = await getReport(id);
    expect(r?.title).toMatch(/^freeze me — \d{4}-\d{2}-\d{2}$/);
    expect(r?.snapshot.activities).toHaveLength(1);
    expect(r?.snapshot.activities[0]).toMatchObject({ id: '1', logs: 'blind', summary: 'scan' });
    expect(r?.snapshot.coverage.find((c) => c.stage === 'recon')?.networkOnly).toBe(1);
    expect(r?.snapshot.attackVersion).toBe('18.1');
    // The answer is frozen with the data and counts as the coverage does (the stored states decide),
    // and the editable executive summary starts from it.
    expect(r?.snapshot.answer?.counts).toEqual({ networkOnly: 1, logsOnly: 0, bothDetected: 0, oneWithEvidence: 0, unknown: 0 });
    expect(r?.snapshot.answer?.stages[0]?.sentence).toBe('Reconnaissance: 1 activity — 1 network only (port scan).');
    expect(r?.summary).toContain(r?.snapshot.answer?.lead[0] ?? 'missing');
    expect(JSON.stringify(r?.snapshot)).not.toContain(a.id);
    await prisma.assessment.delete({ where: { id: a.id } });
    expect((await getReport(id))?.snapshot.activities).toHaveLength(1);
  });

  it('refuses an assessment that is not finished', async () => {
    const a = await getPrisma().assessment.create({ data: { name: 'running', status: 'analyzing' } });
    const user = await getPrisma().user.create({ data: { username: `busy-${a.id}`, passwordHash: 'x' } });
    await expect(createReport({ assessmentId: a.id, userId: user.id })).rejects.toMatchObject({ code: 'conflict' });
  });
});

// Issue 20, finding 5: 5 raw lines of 1 MiB per activity made a 104 MB snapshot, and the report
// list read every snapshot whole to show a name.
describe('report content is bounded', () => {
  it('evidence lines are cut to a bounded length; the list reads no snapshot', async () => {
    const prisma = getPrisma();
    const a = await prisma.assessment.create({ data: { name: 'huge lines', status: 'ready', attackVersion: '18.1' } });
    const t = new Date('2026-03-07T14:00:00Z');
    const act = await prisma.activity.create({
      data: {
        assessmentId: a.id,
        stage: 'installation',
        technique: 'T1059',
        hostIps: [],
        startTs: t,
        endTs: t,
        network: 'blind',
        logs: 'detected',
        score: 0.5,
        severity: 'low',
        summary: 'x',
      },
    });
    const huge = 'A'.repeat(1024 * 1024);
    for (let i = 0; i < 5; i++) {
      const ev = await prisma.logEvent.create({
        data: { assessmentId: a.id, sourceFileId: crypto.randomUUID(), lineNo: i + 1, ts: t, kind: 'process_exec', argv: [], paths: [], raw: huge },
      });
      await prisma.activityEvidence.create({ data: { assessmentId: a.id, activityId: act.id, source: 'logs', recordId: ev.id, detected: true } });
    }
    const user = await prisma.user.create({ data: { username: `huge-${a.id}`, passwordHash: 'x' } });
    const id = await createReport({ assessmentId: a.id, userId: user.id });
    const r = await getReport(id);
    const lines = r?.snapshot.evidence['1'] ?? [];
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l).toBe(`${'A'.repeat(MAX_EVIDENCE_LINE_CHARS)}… (cut)`);
    const listed = (await listReports()).find((x) => x.id === id);
    expect(listed).toMatchObject({ assessmentName: 'huge lines', activeLinks: 0 });
    expect(Object.keys(listed ?? {}).sort()).toEqual(['activeLinks', 'assessmentName', 'createdAt', 'id', 'title']);
  });

  it(`keeps at most ${MAX_SNAPSHOT_ACTIVITIES} activities and counts the rest`, async () => {
    const prisma = getPrisma();
    const a = await prisma.assessment.create({ data: { name: 'many activities', status: 'ready', attackVersion: '18.1' } });
    await prisma.$executeRaw`
      INSERT INTO activity (assessment_id, stage, technique, host_ips, start_ts, end_ts, network, logs, score, severity, summary)
      SELECT ${a.id}::uuid, 'recon', 'T1046', ARRAY[]::text[], timestamptz '2026-03-01' + i * interval '1 s', timestamptz '2026-03-01' + i * interval '1 s',
             'detected', 'blind', 0.5, 'low', 'scan ' || i
      FROM generate_series(1, ${MAX_SNAPSHOT_ACTIVITIES + 7}) AS i`;
    const user = await prisma.user.create({ data: { username: `many-${a.id}`, passwordHash: 'x' } });
    const r = await getReport(await createReport({ assessmentId: a.id, userId: user.id }));
    expect(r?.snapshot.activities).toHaveLength(MAX_SNAPSHOT_ACTIVITIES);
    expect(r?.snapshot.activitiesOmitted).toBe(7);
  });
});
