// The database a benchmark run uses: DATABASE_URL when set (shared: tables are never truncated),
// otherwise a throw-away embedded PostgreSQL under data/ that this run owns and removes.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { applyMigrations } from '../../lib/db/migrate';
import { dataRoot } from '../../lib/db/paths';

export interface BenchDatabase {
  url: string;
  /** True when this run started the server: it may TRUNCATE between measurements. */
  isOwned: boolean;
  pgVersion: string;
  stop(): Promise<void>;
}

export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  const isOwned = !url;
  if (!url) {
    const dataDir = path.join(dataRoot, `bench-pg-${process.pid}`);
    log(`starting embedded PostgreSQL in ${dataDir}`);
    const db = await startEmbeddedPostgres({ dataDir, persistent: false });
    url = db.url;
    stop = async () => {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    process.env.DATABASE_URL = url;
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await applyMigrations(pool);
    const v = await pool.query<{ server_version: string }>('SHOW server_version');
    return { url, isOwned, pgVersion: v.rows[0]?.server_version ?? 'unknown', stop };
  } finally {
    await pool.end();
  }
}

/**
 * Empties `tables` so every measurement starts from the same table size (index inserts get
 * slower as a table grows). On a database the run does not own, only the run's assessments go.
 */
export async function resetTables(pool: pg.Pool, db: BenchDatabase, tables: readonly string[], assessmentIds: readonly string[]): Promise<void> {
  if (db.isOwned) {
    await pool.query(`TRUNCATE ${tables.join(', ')}`);
  } else {
    for (const t of tables) await pool.query(`DELETE FROM ${t} WHERE assessment_id = ANY($1::uuid[])`, [assessmentIds]);
    for (const t of tables) await pool.query(`VACUUM ${t}`);
  }
  await pool.query('CHECKPOINT').catch(() => {}); // needs superuser on a shared server: best effort
}
