// The parent pid stored at ingest (log_event.ppid, from auditd's SYSCALL record) is the one the
// detectors read from the raw record before the column existed — on the recorded intrusions'
// audit logs, on a real public auditd trace and on a generated week's worth of hosts — and rows
// stored without it (ingested before the column) still give their parent through the raw record.
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from '../../../test/fixtures';
import { loadedAssessments, recording } from '../../../test/kits/loaded-assessments';
import { getPool } from '../../db/client';
import { generateScenario } from '../../generate/generate-scenario';
import { ppidOf } from './log-events';

const { datasets, load, scratchDir } = loadedAssessments('ppid');

beforeAll(async () => {
  for (const name of ['webshop-intrusion', 'appliance-exfil', 'redis-jsonlog']) {
    await load(name, [{ kind: 'logs', file: recording(name, 'logbundle.tar.gz') }]);
  }
  if (hasFixtures) await load('laurel perl reverse shell', [{ kind: 'logs', file: fixture('logs/auditd/laurel/testdata/record-perl-reverse-shell.txt') }]);
  else console.warn('[ppid] shared fixtures absent: the public auditd trace is skipped');
  const gen = await generateScenario({ outDir: scratchDir('ppid'), hosts: 8, days: 1, seed: 11, attacks: ['web-exploit'] });
  await load('generated 8 hosts × 1 day', [{ kind: 'logs', file: gen.files.logs }]);
}, 600_000);

/** What the detectors read from `raw` before the column: the first ppid= between spaces or quotes. */
const FROM_RAW = `(substring(e.raw FROM '[ "]ppid=([0-9]{1,9})[ "]'))::int`;

describe('the parent pid stored at ingest', () => {
  it('is the ppid= of the raw record, for every auditd event', async () => {
    let execs = 0;
    for (const ds of datasets) {
      const { rows } = await getPool().query<{ execs: number; differ: number; raw_only: number }>(
        `SELECT count(*) FILTER (WHERE e.kind = 'exec' AND e.ppid IS NOT NULL)::int AS execs,
                count(*) FILTER (WHERE e.ppid IS DISTINCT FROM ${FROM_RAW} AND e.ppid IS NOT NULL)::int AS differ,
                count(*) FILTER (WHERE e.ppid IS NULL AND ${FROM_RAW} IS NOT NULL)::int AS raw_only
         FROM log_event e WHERE e.assessment_id = $1`,
        [ds.assessmentId],
      );
      const r = rows[0];
      expect(r?.differ, ds.label).toBe(0);
      expect(r?.raw_only, ds.label).toBe(0);
      execs += r?.execs ?? 0;
    }
    expect(execs).toBeGreaterThan(100);
  });

  it('is read from the raw record for rows stored without it', async () => {
    const client = await getPool().connect();
    try {
      await client.query('BEGIN');
      const ids = datasets.map((d) => d.assessmentId);
      const before = await client.query(
        `SELECT e.id, ${ppidOf('e')} AS p FROM log_event e WHERE e.assessment_id = ANY($1::uuid[]) AND e.kind = 'exec' ORDER BY e.id`,
        [ids],
      );
      await client.query(`UPDATE log_event SET ppid = NULL WHERE assessment_id = ANY($1::uuid[])`, [ids]);
      const after = await client.query(
        `SELECT e.id, ${ppidOf('e')} AS p FROM log_event e WHERE e.assessment_id = ANY($1::uuid[]) AND e.kind = 'exec' ORDER BY e.id`,
        [ids],
      );
      expect(after.rows).toEqual(before.rows);
      expect(after.rows.filter((r) => r.p !== null).length).toBeGreaterThan(100);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
