// Before/after on generated data: the same attacks, analysed first without any audit.log and
// with one flow exporter, then with auditd (execve, connect, watches) and the second exporter.
// The oracle is independent of the comparison: an activity of the "after" analysis should have
// been seen by the logs "before" exactly when a non-audit log record backs it, and by the
// network exactly when a collector (not edge) flow backs it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAdvice } from '../advice/advice';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb, getPool } from '../db/client';
import { readTruth } from '../eval/scenario-files';
import { generateDemo } from '../generate/demo';
import { runAnalyze, runIngest } from '../pipeline';
import { getCompareSide } from '../queries/get-compare-side';
import { getStageCoverage } from '../queries/get-stage-coverage';
import { getStageVerdicts } from '../verdicts/get-stage-verdicts';
import { type Comparison, compareAssessments } from './compare-assessments';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-compare-'));
let comparison: Comparison;
let afterId: string;
let beforeId: string;
let logsOnlyId: string;
let audited: Set<string>;

async function analyse(name: string, inputs: { kind: 'logs' | 'flows' | 'inventory'; file: string }[]): Promise<string> {
  const id = await createAssessment({ name });
  for (const i of inputs) await runIngest(await addLocalUpload({ assessmentId: id, ...i }));
  await runAnalyze(id);
  return id;
}

/** The log bundle folder with every audit/audit.log removed: auditd off everywhere. */
function withoutAuditd(logsDir: string): string {
  const out = path.join(dir, 'logs-no-audit');
  // Timestamps kept: the RFC 3164 year is inferred from the files' times.
  fs.cpSync(logsDir, out, { recursive: true, preserveTimestamps: true });
  for (const host of fs.readdirSync(out)) fs.rmSync(path.join(out, host, 'var', 'log', 'audit'), { recursive: true, force: true });
  return out;
}

beforeAll(async () => {
  const { files } = await generateDemo(dir);
  const [collector, edge] = files.flows as [string, string];
  audited = new Set(
    readTruth(files.truth)
      .hosts.filter((h) => h.hasAuditd)
      .map((h) => h.name),
  );
  beforeId = await analyse('before', [
    { kind: 'logs', file: withoutAuditd(files.logsDir) },
    { kind: 'flows', file: collector },
    { kind: 'inventory', file: files.inventory },
  ]);
  logsOnlyId = await analyse('logs only', [
    { kind: 'logs', file: files.logsDir },
    { kind: 'inventory', file: files.inventory },
  ]);
  afterId = await analyse('after', [
    { kind: 'logs', file: files.logsDir },
    { kind: 'flows', file: collector },
    { kind: 'flows', file: edge },
    { kind: 'inventory', file: files.inventory },
  ]);
  comparison = compareAssessments(await getCompareSide(beforeId), await getCompareSide(afterId));
}, 300_000);

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Per "after" activity: which sources hold records of it from the inputs "before" also had. */
async function backedWithoutNewSources(assessmentId: string): Promise<Map<string, { logs: boolean; network: boolean }>> {
  const { rows } = await getPool().query<{ id: string; logs: boolean; network: boolean }>(
    `SELECT a.id::text AS id,
       EXISTS (SELECT 1 FROM activity_evidence e JOIN log_event le ON le.assessment_id = e.assessment_id AND le.id = e.record_id
               JOIN source_file f ON f.id = le.source_file_id
               WHERE e.assessment_id = a.assessment_id AND e.activity_id = a.id AND e.source = 'logs' AND f.path NOT LIKE '%audit.log')
       -- an activity the logs detect lists its detection's records only: the host's other lines
       -- naming the peer within the correlation tolerance (300 s) are what "before" held as evidence
       OR EXISTS (SELECT 1 FROM log_event le JOIN source_file f ON f.id = le.source_file_id
                  WHERE le.assessment_id = a.assessment_id AND a.logs = 'detected' AND a.peer IS NOT NULL AND le.host_name = a.host_name
                    AND (le.src_ip = a.peer OR le.dst_ip = a.peer) AND f.path NOT LIKE '%audit.log'
                    AND le.ts BETWEEN a.start_ts - interval '300 seconds' AND a.end_ts + interval '300 seconds') AS logs,
       EXISTS (SELECT 1 FROM activity_evidence e JOIN flow fl ON fl.assessment_id = e.assessment_id AND fl.id = e.record_id
               JOIN source_file f ON f.id = fl.source_file_id
               WHERE e.assessment_id = a.assessment_id AND e.activity_id = a.id AND e.source = 'network' AND f.path LIKE '%collector%') AS network
     FROM activity a WHERE a.assessment_id = $1`,
    [assessmentId],
  );
  return new Map(rows.map((r) => [r.id, { logs: r.logs, network: r.network }]));
}

describe('comparison of generated before/after assessments', () => {
  it('finds activities the new sources made visible, and none that were lost', () => {
    expect(comparison.activities.filter((a) => a.kind === 'became-visible').length).toBeGreaterThan(0);
    expect(comparison.activities.filter((a) => a.kind === 'became-invisible' || a.kind === 'disappeared')).toEqual([]);
  });

  it('shows exactly the activities whose only records came from auditd or the extra exporter', async () => {
    const backed = await backedWithoutNewSources(afterId);
    const after = await getCompareSide(afterId);
    const changedAfterIds = new Set(comparison.activities.map((c) => c.after?.id).filter(Boolean));
    const expected: string[] = [];
    for (const a of after.activities) {
      const b = backed.get(a.id);
      const lostWithoutNew = (a.logs !== 'blind' && a.logs !== 'unknown' && !b?.logs) || (a.network !== 'blind' && a.network !== 'unknown' && !b?.network);
      if (lostWithoutNew) expected.push(a.id);
    }
    expect(expected.length).toBeGreaterThan(0);
    expect([...changedAfterIds].sort()).toEqual(expected.sort());
  });

  it('counts per stage add up to the activities on each side', () => {
    const total = (w: 'before' | 'after') => comparison.stages.reduce((n, s) => n + s[w].total, 0);
    expect(total('before')).toBe(comparison.before.activities);
    expect(total('after')).toBe(comparison.after.activities);
  });

  it('gives each stage a verdict whose counts are the measured coverage', async () => {
    const [verdicts, coverage] = await Promise.all([getStageVerdicts(afterId), getStageCoverage(afterId)]);
    // Unknown: one source saw it, the other cannot be tied to the host — counted apart, and
    // still seen by the one that saw it.
    const unknown = await getPool().query<{ stage: string; net: number; lg: number }>(
      `SELECT stage, count(*) FILTER (WHERE network IN ('detected', 'evidence'))::int AS net, count(*) FILTER (WHERE logs IN ('detected', 'evidence'))::int AS lg
       FROM activity WHERE assessment_id = $1 AND visibility_class(network, logs) = 'unknown' GROUP BY stage`,
      [afterId],
    );
    for (const c of coverage) {
      const v = verdicts.find((x) => x.stage === c.stage);
      const u = unknown.rows.find((r) => r.stage === c.stage) ?? { net: 0, lg: 0 };
      expect(c.unknown, c.stage).toBe(u.net + u.lg);
      expect([v?.total, v?.networkSeen, v?.logsSeen], c.stage).toEqual([c.total, c.networkOnly + c.both + u.net, c.logsOnly + c.both + u.lg]);
      expect(v?.verdict).toMatch(/^[A-Z&a-z ]+: /);
    }
    expect(verdicts.filter((v) => v.outcome !== 'untested').length).toBeGreaterThanOrEqual(4);
  });

  it('auditd advice counts exactly the activities that auditing turned visible to the logs', async () => {
    const advice = (await getAdvice(beforeId)).filter((a) => a.kind === 'auditd-exec-connect');
    expect(advice.length).toBeGreaterThan(0);
    for (let i = 1; i < advice.length; i++) expect(advice[i - 1]?.activitiesGained).toBeGreaterThanOrEqual(advice[i]?.activitiesGained ?? 0);
    // Applying it: the "after" bundle has audit.log on the hosts that run auditd in the scenario.
    const applied = advice.filter((a) => a.host && audited.has(a.host));
    expect(applied.length).toBeGreaterThan(0);
    const counted = applied.flatMap((a) => a.activityIds).sort();
    const gained = comparison.activities
      .filter((c) => c.before && c.after && c.gained.includes('logs') && c.host && audited.has(c.host))
      .map((c) => c.before?.id as string)
      .sort();
    expect(counted).toEqual(gained);
    expect(applied[0]?.lines).toContain('-a always,exit -F arch=b64 -S execve -k exec');
  });

  it('flow-sensor advice counts exactly the activities the flow exports turned visible to the network', async () => {
    const advice = (await getAdvice(logsOnlyId)).filter((a) => a.kind === 'flow-sensor');
    expect(advice.length).toBeGreaterThan(0);
    const withFlows = compareAssessments(await getCompareSide(logsOnlyId), await getCompareSide(afterId));
    const gained = withFlows.activities
      .filter((c) => c.before && c.after && c.gained.includes('network'))
      .map((c) => c.before?.id as string)
      .sort();
    const counted = advice.flatMap((a) => a.activityIds).sort();
    expect(counted).toEqual(gained);
  });
});
