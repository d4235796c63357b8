// A report freezes the assessment: later changes to its activities do not reach the report.
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPrisma } from '../db/client';
import { createReport, getReport } from './reports';

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
    await prisma.activity.update({ where: { id: act.id }, data: { logs: 'detected', summary: 'changed by a re-run' } });
    const r = await getReport(id);
    expect(r?.title).toMatch(/^freeze me — \d{4}-\d{2}-\d{2}$/);
    expect(r?.snapshot.activities).toHaveLength(1);
    expect(r?.snapshot.activities[0]).toMatchObject({ id: '1', logs: 'blind', summary: 'scan' });
    expect(r?.snapshot.coverage.find((c) => c.stage === 'recon')?.networkOnly).toBe(1);
    expect(r?.snapshot.attackVersion).toBe('18.1');
    // The answer is frozen with the data (no host sent logs here, so the logs' silence is "unknown"),
    // and the editable executive summary starts from it.
    expect(r?.snapshot.answer?.counts).toEqual({ networkOnly: 0, logsOnly: 0, bothDetected: 0, oneWithEvidence: 0, unknown: 1 });
    expect(r?.snapshot.answer?.stages[0]?.sentence).toBe('Reconnaissance: 1 activity — 1 unknown (port scan).');
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
