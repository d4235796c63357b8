// The detect stage on two connections (detect-beside.ts): the detectors that read only the
// stored records run on a second connection beside the rest, and their findings join the
// analysis's transaction. An analysis writes exactly the detections its detectors write when
// each runs alone on one connection (on the recorded intrusions, every detector); a detector
// that reads the analysis's uncommitted rows is never run beside; an analysis that fails on
// its own connection ends its side at once (its running statement cancelled, its connection
// closed) and leaves the previous result in place, and the side's other work (the address
// page's peer counts) is committed with a successful analysis only; a side that meets a lock
// gives way and the analysis does its work itself, with the same result.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { detectionsOf } from '../../test/kits/shared-detections';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb, getPool } from '../db/client';
import { beaconing } from '../detect/network/beaconing';
import { externalScan } from '../detect/network/scan-external';
import { detectors } from '../detect/registry';
import { partitionName, RECORD_TABLES, uploadPartitionName } from '../ingest/partitions';
import { analyzeAssessment, describeTimings, runIngest } from '.';
import { ANALYSIS_BACKENDS } from './analysis-lock';
import { runsBeside } from './detect-beside';

afterAll(closeDb);

const root = path.resolve(import.meta.dirname, '..', '..');
const RECORDINGS = ['webshop-intrusion', 'appliance-exfil', 'redis-jsonlog'];
const assessments = new Map<string, string>();

beforeAll(async () => {
  for (const name of RECORDINGS) {
    const assessmentId = await createAssessment({ name: `detect beside: ${name}` });
    for (const [kind, file] of [
      ['logs', 'logbundle.tar.gz'],
      ['flows', 'flows.csv'],
      ['inventory', 'inventory.csv'],
    ] as const) {
      await runIngest(await addLocalUpload({ assessmentId, kind, file: path.join(root, 'test', 'fixtures', 'recordings', name, file) }));
    }
    assessments.set(name, assessmentId);
  }
}, 300_000);

/** The assessment's detections, as detectionsOf gives one detector's, in one order. */
async function detectionsNow(assessmentId: string): Promise<unknown[]> {
  const { rows } = await getPool().query(
    `SELECT detector, technique, host_ip::text AS host_ip, host_name AS host, peer::text AS peer, start_ts, end_ts, score, severity, summary,
            evidence_ids::text AS evidence
     FROM detection WHERE assessment_id = $1`,
    [assessmentId],
  );
  return sortRows(rows);
}

const sortRows = (rows: unknown[]) =>
  rows
    .map((r) => JSON.stringify(r))
    .sort()
    .map((s) => JSON.parse(s) as unknown);

/** The backends holding either analysis lock of the assessment, and what each is doing. */
async function analysisBackends(assessmentId: string): Promise<{ pid: number; state: string; query: string }[]> {
  const { rows } = await getPool().query(`SELECT pid, state, query FROM pg_stat_activity WHERE pid IN (${ANALYSIS_BACKENDS})`, [assessmentId]);
  return rows;
}

async function peerCounts(assessmentId: string): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>('SELECT count(*)::int AS n FROM flow_address_peers WHERE assessment_id = $1', [assessmentId]);
  return rows[0]?.n ?? 0;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('detectors beside the analysis', () => {
  it('runs the log detectors and the network detectors that read only flow rows beside; the rest on the analysis', () => {
    const beside = detectors.filter(runsBeside).map((d) => d.id);
    expect(beside).toContain('logs.web-server-exec');
    expect(beside).toContain('network.external-scan');
    // Reads the network's shared passes, built on the analysis's connection.
    expect(beside).not.toContain('network.beaconing');
    // Writes quieted pairs beside its findings.
    expect(beside).not.toContain('network.lateral-movement');
    // Reads the hosts the analysis resolved and has not committed.
    expect(beside).not.toContain('logs.ssh-lateral-client');
  });

  it.each(RECORDINGS)('%s: the analysis writes what every detector writes run alone on one connection', async (name) => {
    const assessmentId = assessments.get(name) ?? '';
    const result = await analyzeAssessment(assessmentId);
    expect(result.timings['detect:beside']).toBeGreaterThanOrEqual(0);
    const analysed = await detectionsNow(assessmentId);
    const alone: unknown[] = [];
    for (const d of detectors) alone.push(...(await detectionsOf(d, assessmentId, {}, false)));
    expect(analysed.length).toBeGreaterThan(0);
    expect(analysed).toEqual(sortRows(alone));
    // The side contributed.
    const { rows } = await getPool().query<{ beside: boolean; n: number }>(
      `SELECT detector = ANY($2::text[]) AS beside, count(*)::int AS n FROM detection WHERE assessment_id = $1 GROUP BY 1`,
      [assessmentId, detectors.filter(runsBeside).map((d) => d.id)],
    );
    expect(rows.some((r) => r.beside)).toBe(true);
    // The address page's peer counts, made on the side and committed after the hand-over.
    expect(await peerCounts(assessmentId)).toBeGreaterThan(0);
  });

  it("locks only its own assessment's partitions: another assessment's upload never waits for it", async () => {
    const assessmentId = assessments.get('webshop-intrusion') ?? '';
    // Every partition of the other assessments: theirs, and their uploads'.
    const others = [...assessments.values()].filter((id) => id !== assessmentId);
    const { rows: uploads } = await getPool().query<{ id: string }>('SELECT id FROM upload WHERE assessment_id = ANY($1::uuid[])', [others]);
    const foreign = RECORD_TABLES.flatMap((t) => [...others.map((id) => partitionName(t, id)), ...uploads.map((u) => uploadPartitionName(t, u.id))]);
    const seen: string[] = [];
    // Before each stage (the last one after correlation), the relations both connections hold.
    await analyzeAssessment(assessmentId, async (stage) => {
      const { rows } = await getPool().query<{ name: string }>(
        `SELECT DISTINCT relation::regclass::text AS name FROM pg_locks
         WHERE locktype = 'relation' AND pid IN (${ANALYSIS_BACKENDS}) AND relation::regclass::text = ANY($2::text[])`,
        [assessmentId, foreign],
      );
      seen.push(...rows.map((r) => `${stage}: ${r.name}`));
    });
    expect(foreign.length).toBeGreaterThan(6);
    expect(seen).toEqual([]);
  });

  it('gives way to a lock another transaction holds: the analysis does its work itself, with the same detections', async () => {
    const assessmentId = assessments.get('webshop-intrusion') ?? '';
    await analyzeAssessment(assessmentId);
    const before = await detectionsNow(assessmentId);
    await getPool().query('DELETE FROM flow_address_peers WHERE assessment_id = $1', [assessmentId]);
    // Another session holds a lock the side's first detector waits for (as an upload of another
    // assessment attaching its partition waits for this analysis and queues ahead of the side).
    const blocker = await getPool().connect();
    const key = 170_417;
    await blocker.query('SELECT pg_advisory_lock($1)', [key]);
    const waiting = vi.spyOn(externalScan, 'run').mockImplementationOnce(async ({ client }) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [key]);
      return 0;
    });
    try {
      const result = await analyzeAssessment(assessmentId);
      expect(result.timings['detect:beside-gave-way']).toBeGreaterThan(0);
      expect(result.timings['detect:beside']).toBeUndefined();
      expect(describeTimings(result.timings)).toMatch(/beside gave way to a lock, \d+\.\d s here/);
    } finally {
      waiting.mockRestore();
      await blocker.query('SELECT pg_advisory_unlock($1)', [key]);
      blocker.release();
    }
    expect(await detectionsNow(assessmentId)).toEqual(before);
    expect(await peerCounts(assessmentId)).toBeGreaterThan(0);
    expect(await analysisBackends(assessmentId)).toEqual([]);
  });

  it('a failure on the analysis connection cancels the side, closes it, and keeps the previous result', async () => {
    const assessmentId = assessments.get('webshop-intrusion') ?? '';
    await analyzeAssessment(assessmentId);
    const before = await detectionsNow(assessmentId);
    // The side makes the peer counts again, and must not commit them when the analysis fails.
    await getPool().query('DELETE FROM flow_address_peers WHERE assessment_id = $1', [assessmentId]);
    // The side sits in a long statement; the analysis fails once the side is inside it.
    const sleeping = vi.spyOn(externalScan, 'run').mockImplementationOnce(async ({ client }) => {
      await client.query('SELECT pg_sleep(600)');
      return 0;
    });
    const failing = vi.spyOn(beaconing, 'run').mockImplementationOnce(async () => {
      await until('the side to sleep', async () => (await analysisBackends(assessmentId)).some((b) => b.query.includes('pg_sleep') && b.state === 'active'));
      throw new Error('beaconing failed');
    });
    try {
      await expect(analyzeAssessment(assessmentId)).rejects.toThrow('beaconing failed');
    } finally {
      sleeping.mockRestore();
      failing.mockRestore();
    }
    // Nothing holds the assessment any more: the side's statement was cancelled, its connection closed.
    expect(await analysisBackends(assessmentId)).toEqual([]);
    expect(await detectionsNow(assessmentId)).toEqual(before);
    expect(await peerCounts(assessmentId)).toBe(0);
  });
});
