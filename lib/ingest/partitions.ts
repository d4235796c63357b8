// Flows and log events are partitioned twice (migration 20261205000000):
//
//   flow                              LIST (assessment_id), no default partition
//   └─ flow_a_<assessment>            RANGE (id), DEFAULT flow_a_<assessment>_d
//      └─ flow_u_<upload>             one upload's rows, FROM (its first id) TO (its last + 1)
//
// Maintaining the B-tree indexes row by row made a bulk load ~4.5× a bare COPY; building them
// once after the load costs a fraction of that. So each upload COPYs its records into a new
// table of its own with no index, then builds the parent's indexes on it (SQL function
// sightline_index_like_parent: the definitions come from the catalog, so a partition always
// matches what the migrations created) and attaches it to its assessment's partition — inside
// the upload's transaction, so a failed or cancelled upload leaves no table behind.
// Partitioning the second level by id keeps the primary key (assessment_id, id) and lets
// evidence look records up by id in one partition. Two uploads of one assessment loading at the
// same moment draw interleaved ids: the second one's range then overlaps the first's, and its
// rows are inserted through the parent instead (correct, as slow as before).
//
// An assessment's own partitions are made by a trigger on its row (sightline_record_partitions),
// so every row has a partition and no attach ever waits on a partition that other assessments'
// queries read. An upload only attaches to its own assessment's partition (SHARE UPDATE
// EXCLUSIVE there, ACCESS EXCLUSIVE on its default, at its very end); deleting an assessment
// detaches before it drops (never an ACCESS EXCLUSIVE lock on `flow`, which would queue every
// reader of every assessment behind a running analysis).
import type pg from 'pg';
import { CopyWriter } from './copy';

export type RecordTable = 'flow' | 'log_event' | 'dns_query';
/** dns_query (migration 20261206030000) is partitioned the same way: DNS queries a network sensor logged. */
export const RECORD_TABLES: readonly RecordTable[] = ['flow', 'log_event', 'dns_query'];
type Queryable = Pick<pg.PoolClient, 'query'>;

function hexOf(id: string, what: string): string {
  const hex = id.toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not ${what}: ${id}`);
  return hex;
}

/** The partition of `table` that holds one assessment's rows (a valid identifier: 39–44 chars). */
export function partitionName(table: RecordTable, assessmentId: string): string {
  return `${table}_a_${hexOf(assessmentId, 'an assessment id')}`;
}

/** One upload's rows of `table`, a partition of its assessment's partition. */
export function uploadPartitionName(table: RecordTable, uploadId: string): string {
  return `${table}_u_${hexOf(uploadId, 'an upload id')}`;
}

/** True when the table `name` exists (an assessment's or an upload's partition). */
export async function tableExists(client: Queryable, name: string): Promise<boolean> {
  const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0]?.t != null;
}

async function createIndexes(client: Queryable, table: RecordTable, partition: string): Promise<void> {
  await client.query('SELECT sightline_index_like_parent($1::regclass, $2)', [table, partition]);
}

/** Creates an assessment's partitions if it has none (the assessment row's trigger normally has). */
export async function createRecordPartitions(client: Queryable, assessmentId: string): Promise<void> {
  partitionName('flow', assessmentId);
  await client.query('SELECT sightline_record_partitions($1::uuid)', [assessmentId]);
}

/**
 * Where one upload's records go, table by table; `finish` before COMMIT.
 *
 * One COPY stays open across the upload's files (`rows`): ending it at every file made
 * PostgreSQL finish the last chunk while JavaScript waited, then wait while JavaScript parsed
 * the next file, and each file wrote its own rows one statement at a time (5 000 files of 60
 * lines: 14.0 → 5.5 s; no difference on the week's 700 larger files, bench/README.md). No other statement can run on the
 * connection while a COPY is open, so whatever else a file writes (its `source_file` row, its
 * rollup, its problems) is held and written by the `onPause` hooks when the COPY is ended
 * (`pause`): before any other statement, when held rows grow large, and at the end.
 */
export class RecordLoad {
  private readonly targets = new Map<RecordTable, { table: string; fresh: boolean }>();
  private open: { table: RecordTable; writer: CopyWriter } | undefined;
  private readonly hooks: Array<() => Promise<void>> = [];

  constructor(
    private readonly client: pg.PoolClient,
    private readonly assessmentId: string,
    private readonly uploadId: string,
  ) {}

  /** The table to COPY this upload's rows of `table` into. */
  async target(table: RecordTable): Promise<string> {
    let t = this.targets.get(table);
    if (!t) {
      const name = uploadPartitionName(table, this.uploadId);
      await this.client.query(`CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      t = { table: name, fresh: true };
      this.targets.set(table, t);
    }
    return t.table;
  }

  /**
   * A COPY into this upload's table of `table`. The table was created in this transaction, so
   * its rows are written frozen (COPY … FREEZE): no later reader sets hint bits on every page
   * (the first scan of 1 M unfrozen flow rows took 1.28 s, of frozen ones 0.14 s; the COPY
   * itself costs the same), and the visibility map is set, so index-only scans need no VACUUM.
   * No savepoint may come between the CREATE TABLE and the COPY (PostgreSQL refuses FREEZE then).
   */
  async writer(table: RecordTable, columns: readonly string[]): Promise<CopyWriter> {
    return new CopyWriter(this.client, await this.target(table), columns, { freeze: true });
  }

  /** The COPY into this upload's table of `table`, kept open until `pause` (another table's is ended first). */
  async rows(table: RecordTable, columns: readonly string[]): Promise<CopyWriter> {
    if (this.open?.table === table) return this.open.writer;
    await this.endOpen();
    const writer = await this.writer(table, columns);
    this.open = { table, writer };
    return writer;
  }

  /** Runs at every `pause`, after the COPY has ended: writes what was held while it was open. */
  onPause(hook: () => Promise<void>): void {
    this.hooks.push(hook);
  }

  /** Ends the open COPY and runs the hooks: the connection can take other statements. */
  async pause(): Promise<void> {
    await this.endOpen();
    for (const hook of this.hooks) await hook();
  }

  /** After a failure, before ROLLBACK: abandons the open COPY (its rows are rolled back anyway). */
  async abandon(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    await open?.writer.abort();
  }

  private async endOpen(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    await open?.writer.end();
  }

  /** Builds the indexes of each new table and attaches it to the assessment's partition. */
  async finish(): Promise<void> {
    await this.pause();
    for (const [table, t] of this.targets) {
      if (!t.fresh) continue;
      t.fresh = false;
      const parent = partitionName(table, this.assessmentId);
      await this.client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      await createIndexes(this.client, table, t.table);
      // After the primary key (assessment_id, id) is built: two index probes instead of a
      // sequential scan of the rows just loaded (0.38 s for 1.34 M log events).
      const { rows } = await this.client.query<{ lo: string | null; hi: string | null }>(
        `SELECT min(id)::text AS lo, (max(id) + 1)::text AS hi FROM ${t.table} WHERE assessment_id = $1`,
        [this.assessmentId],
      );
      const { lo, hi } = rows[0] ?? { lo: null, hi: null };
      if (lo === null || hi === null) {
        await this.client.query(`DROP TABLE ${t.table}`);
        continue;
      }
      await this.client.query('SAVEPOINT attach_records');
      try {
        await this.client.query(`ALTER TABLE ${parent} ATTACH PARTITION ${t.table} FOR VALUES FROM (${BigInt(lo)}) TO (${BigInt(hi)})`);
        await this.client.query('RELEASE SAVEPOINT attach_records');
      } catch (err) {
        // 42P17 invalid_object_definition: the range overlaps another upload's (ids interleaved).
        if ((err as { code?: string }).code !== '42P17') throw err;
        await this.client.query('ROLLBACK TO SAVEPOINT attach_records');
        await this.client.query(`INSERT INTO ${parent} SELECT * FROM ${t.table}`);
        await this.client.query(`DROP TABLE ${t.table}`);
      }
    }
  }
}

/** Removes the records an earlier ingest of the upload loaded (its partitions, rows elsewhere). */
export async function clearUploadRecords(client: Queryable, assessmentId: string, uploadId: string): Promise<void> {
  for (const t of RECORD_TABLES) {
    const name = uploadPartitionName(t, uploadId);
    if (await tableExists(client, name)) {
      await client.query(`ALTER TABLE ${partitionName(t, assessmentId)} DETACH PARTITION ${name}`);
      await client.query(`DROP TABLE ${name}`);
    }
  }
  // Rows in a default partition: only when the upload had been loaded there (before partitioning).
  const { rows } = await client.query<{ id: string }>('SELECT id FROM source_file WHERE upload_id = $1', [uploadId]);
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  for (const t of RECORD_TABLES) await client.query(`DELETE FROM ${t} WHERE assessment_id = $1 AND source_file_id = ANY($2::uuid[])`, [assessmentId, ids]);
}

/** The tables that hold an assessment's rows (its partitions of each record table). */
export function recordTablesOf(assessmentId: string): string[] {
  return RECORD_TABLES.map((t) => partitionName(t, assessmentId));
}

/** Detaches and drops an assessment's partitions. */
export async function dropRecordsOf(client: Queryable, assessmentId: string): Promise<void> {
  for (const t of RECORD_TABLES) {
    const name = partitionName(t, assessmentId);
    if (!(await tableExists(client, name))) continue;
    await client.query(`ALTER TABLE ${t} DETACH PARTITION ${name}`);
    await client.query(`DROP TABLE ${name}`);
  }
}
