// Each upload's records are loaded into a table of their own, indexed after the load and
// attached to the assessment's partition; a re-ingest replaces them; a rolled-back upload leaves
// nothing; deleting the assessment drops its partitions.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteAssessment } from '../assessments/delete';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb, getPool, getPrisma } from '../db/client';
import { runIngest } from '../pipeline';
import { LOG_COLUMNS, logRow } from './copy';
import { partitionName, RecordLoad, recordTablesOf, uploadPartitionName } from './partitions';

const REC = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'recordings', 'appliance-exfil');

afterAll(closeDb);

async function upload(assessmentId: string, kind: 'flows' | 'logs', file: string): Promise<string> {
  return addLocalUpload({ assessmentId, kind, file: path.join(REC, file) });
}

const regclass = async (name: string) => (await getPool().query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name])).rows[0]?.t ?? null;
const count = async (table: string) => (await getPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;

/** The table's indexes that are attached to an index of its parent, all its indexes, and the parent's. */
async function indexesOf(partition: string): Promise<{ attached: number; all: number; parent: number }> {
  const { rows } = await getPool().query<{ attached: number; all: number; parent: number }>(
    `SELECT (SELECT count(*)::int FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indexrelid WHERE i.indrelid = $1::regclass) AS attached,
            (SELECT count(*)::int FROM pg_index i WHERE i.indrelid = $1::regclass) AS "all",
            (SELECT count(*)::int FROM pg_index i WHERE i.indrelid = (SELECT inhparent FROM pg_inherits WHERE inhrelid = $1::regclass)) AS parent`,
    [partition],
  );
  return rows[0] ?? { attached: 0, all: 0, parent: -1 };
}

describe('records partitioned by assessment and upload', () => {
  it('loads each upload into its own partition with every index of the parent, attached', async () => {
    const id = await createAssessment({ name: 'partitions' });
    expect(await regclass(partitionName('flow', id))).not.toBeNull();
    const flowUpload = await upload(id, 'flows', 'flows.csv');
    const logUpload = await upload(id, 'logs', 'logbundle.tar.gz');
    const flows = await runIngest(flowUpload);
    const logs = await runIngest(logUpload);
    expect(flows?.records).toBeGreaterThan(0);
    expect(logs?.records).toBeGreaterThan(0);
    for (const [table, uploadId, records] of [
      ['flow', flowUpload, flows?.records],
      ['log_event', logUpload, logs?.records],
    ] as const) {
      const name = uploadPartitionName(table, uploadId);
      const ix = await indexesOf(name);
      expect(ix.parent, table).toBeGreaterThanOrEqual(3);
      expect(ix, table).toEqual({ attached: ix.parent, all: ix.parent, parent: ix.parent });
      expect(await count(name)).toBe(records);
      expect(await count(`${partitionName(table, id)}_d`)).toBe(0);
      // Loaded frozen (COPY … FREEZE): no reader sets hint bits on the rows, and pages are marked
      // all-visible without a VACUUM (ANALYZE reads the visibility map) — all but those each of
      // COPY's 64 kB batches began on a page the previous one had started (45 of the 64 flow pages
      // here; how many depends on the row's width). A plain COPY leaves none marked until
      // autovacuum has been.
      await getPool().query(`ANALYZE ${name}`);
      const { rows } = await getPool().query<{ pages: number; visible: number }>(
        'SELECT relpages AS pages, relallvisible AS visible FROM pg_class WHERE oid = $1::regclass',
        [name],
      );
      expect(rows[0]?.pages, table).toBeGreaterThan(0);
      expect(rows[0]?.visible, table).toBeGreaterThan((rows[0]?.pages ?? 0) * 0.6);
    }
    expect(recordTablesOf(id)).toEqual([partitionName('flow', id), partitionName('log_event', id), partitionName('dns_query', id)]);

    // A second flow upload gets a partition of its own; a re-ingest of the first replaces its rows.
    const second = await upload(id, 'flows', 'flows.csv');
    await runIngest(second);
    await runIngest(flowUpload);
    expect(await count(uploadPartitionName('flow', second))).toBe(flows?.records);
    expect(await count(uploadPartitionName('flow', flowUpload))).toBe(flows?.records);
    expect(await count(partitionName('flow', id))).toBe(2 * (flows?.records ?? 0));

    await deleteAssessment(id);
    expect(await regclass(partitionName('flow', id))).toBeNull();
    expect(await regclass(uploadPartitionName('flow', second))).toBeNull();
    expect((await getPool().query('SELECT 1 FROM flow WHERE assessment_id = $1 LIMIT 1', [id])).rowCount).toBe(0);
  });

  it('leaves no table behind when the upload rolls back', async () => {
    const id = await createAssessment({ name: 'rolled back' });
    const uploadId = await upload(id, 'flows', 'flows.csv');
    const client = await getPool().connect();
    try {
      await client.query('BEGIN');
      const load = new RecordLoad(client, id, uploadId);
      expect(await load.target('flow')).toBe(uploadPartitionName('flow', uploadId));
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await regclass(uploadPartitionName('flow', uploadId))).toBeNull();
    await deleteAssessment(id);
  });

  it('one COPY stays open across writes until a pause, which runs the held statements after it; a failed load is abandoned', async () => {
    const id = await createAssessment({ name: 'one copy' });
    const uploadId = await upload(id, 'logs', 'logbundle.tar.gz');
    const client = await getPool().connect();
    const row = (n: number) =>
      logRow(id, uploadId, { lineNo: n, tsMs: Date.parse(`2026-01-01T00:00:0${n}Z`), hostName: 'h', kind: 'syslog', argv: [], paths: [], raw: `line ${n}` });
    try {
      await client.query('BEGIN');
      const load = new RecordLoad(client, id, uploadId);
      const seen: number[] = [];
      // A statement in a hook would wait for ever behind an open COPY: it runs, so the COPY had ended.
      load.onPause(async () => {
        seen.push((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${uploadPartitionName('log_event', uploadId)}`)).rows[0]?.n ?? -1);
      });
      const w = await load.rows('log_event', LOG_COLUMNS);
      w.add(row(1));
      expect(await load.rows('log_event', LOG_COLUMNS)).toBe(w);
      (await load.rows('log_event', LOG_COLUMNS)).add(row(2));
      await load.pause();
      const again = await load.rows('log_event', LOG_COLUMNS);
      expect(again).not.toBe(w);
      again.add(row(3));
      await load.finish();
      expect(seen).toEqual([2, 3]);
      await client.query('COMMIT');
      expect(await count(uploadPartitionName('log_event', uploadId))).toBe(3);

      // Abandoned mid-COPY (a cancel, a parser's fatal error): the connection can roll back.
      const other = await upload(id, 'logs', 'logbundle.tar.gz');
      await client.query('BEGIN');
      const failed = new RecordLoad(client, id, other);
      (await failed.rows('log_event', LOG_COLUMNS)).add(row(4));
      await failed.abandon();
      await client.query('ROLLBACK');
      expect(await regclass(uploadPartitionName('log_event', other))).toBeNull();
    } finally {
      client.release();
    }
    await deleteAssessment(id);
  });

  it('two uploads of one assessment loading at once: the overlapping one goes through the parent, no row lost', async () => {
    const id = await createAssessment({ name: 'interleaved' });
    const [u1, u2] = [await upload(id, 'flows', 'flows.csv'), await upload(id, 'flows', 'flows.csv')];
    const [c1, c2] = [await getPool().connect(), await getPool().connect()];
    const row = (n: number) =>
      `INSERT INTO %T (assessment_id, source_file_id, record_no, start_ts, end_ts, src_ip, dst_ip, src_port, dst_port, proto, packets, bytes)
       SELECT '${id}', gen_random_uuid(), g, now(), now(), '10.0.0.1', '10.0.0.2', 1, 2, 6, 1, 40 FROM generate_series(1, ${n}) g`;
    try {
      await c1.query('BEGIN');
      await c2.query('BEGIN');
      const l1 = new RecordLoad(c1, id, u1);
      const l2 = new RecordLoad(c2, id, u2);
      const [t1, t2] = [await l1.target('flow'), await l2.target('flow')];
      // Interleaved ids: 1st, 2nd, 1st again.
      await c1.query(row(10).replace('%T', t1));
      await c2.query(row(10).replace('%T', t2));
      await c1.query(row(10).replace('%T', t1));
      await l1.finish();
      await c1.query('COMMIT');
      await l2.finish();
      await c2.query('COMMIT');
    } finally {
      c1.release();
      c2.release();
    }
    expect(await count(uploadPartitionName('flow', u1))).toBe(30); // its 20 rows and the 10 of u2 whose ids fall in its range
    expect(await regclass(uploadPartitionName('flow', u2))).toBeNull();
    expect(await count(partitionName('flow', id))).toBe(30);
    await deleteAssessment(id);
  });

  it('an assessment inserted by anyone (Prisma here) has its partitions: rows written one by one land in its default', async () => {
    const id = (await getPrisma().assessment.create({ data: { name: 'by prisma' } })).id;
    await getPool().query(
      `INSERT INTO flow (assessment_id, source_file_id, record_no, start_ts, end_ts, src_ip, dst_ip, src_port, dst_port, proto, packets, bytes)
       VALUES ($1, gen_random_uuid(), 1, now(), now(), '10.0.0.1', '10.0.0.2', 1, 2, 6, 1, 40)`,
      [id],
    );
    expect(await count(`${partitionName('flow', id)}_d`)).toBe(1);
    const uploadId = await upload(id, 'flows', 'flows.csv');
    const r = await runIngest(uploadId);
    expect(await count(uploadPartitionName('flow', uploadId))).toBe(r?.records);
    await deleteAssessment(id);
    expect(await regclass(partitionName('flow', id))).toBeNull();
  });

  it('refuses a name that is not an id', () => {
    expect(() => partitionName('flow', "x'; DROP TABLE flow; --")).toThrow(/not an assessment id/);
    expect(() => uploadPartitionName('flow', '../x')).toThrow(/not an upload id/);
  });
});
