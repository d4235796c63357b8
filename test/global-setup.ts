// Starts one real PostgreSQL for the unit-test run (embedded, on a free port, in a
// throw-away folder) unless DATABASE_URL is given, and applies the migrations.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../lib/db/embedded';
import { applyMigrations } from '../lib/db/migrate';
import { buildNode } from '../scripts/build-node.mjs';

export default async function setup(): Promise<() => Promise<void>> {
  // Tests that run the command line run it as users do: the built file (scripts/build-node.mjs).
  await buildNode();
  let stop = async () => {};
  if (!process.env.DATABASE_URL) {
    const dataDir = path.join(import.meta.dirname, '..', 'data', `test-pg-${process.pid}`);
    const db = await startEmbeddedPostgres({ dataDir, persistent: false });
    process.env.DATABASE_URL = db.url;
    stop = async () => {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  try {
    await applyMigrations(pool);
  } finally {
    await pool.end();
  }
  return stop;
}
