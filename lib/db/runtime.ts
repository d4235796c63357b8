// Finds the database for this process: DATABASE_URL when set; otherwise the embedded
// PostgreSQL of this checkout (data/pg) — reusing it when the app already runs it, starting
// it otherwise. Migrations are applied either way.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded';
import { applyMigrations } from './migrate';

import { dataRoot } from './paths';

export { dataRoot, projectRoot } from './paths';

const runtimeFile = () => path.join(dataRoot, 'pg-runtime.json');

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function ensureDatabase(log: (line: string) => void = () => {}): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (process.env.DATABASE_URL) {
    handle = { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    const existing = readRuntime();
    if (existing && (await canConnect(existing.url))) {
      handle = { url: existing.url, embedded: true, stop: async () => {} };
    } else {
      log(`starting embedded PostgreSQL in ${path.join(dataRoot, 'pg')}`);
      const db = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'pg'), log: process.env.SIGHTLINE_PG_LOG ? log : undefined });
      fs.writeFileSync(runtimeFile(), JSON.stringify({ url: db.url, pid: process.pid }));
      handle = {
        url: db.url,
        embedded: true,
        stop: async () => {
          fs.rmSync(runtimeFile(), { force: true });
          await db.stop();
        },
      };
    }
    process.env.DATABASE_URL = handle.url;
  }
  const pool = new pg.Pool({ connectionString: handle.url, max: 1 });
  try {
    const applied = await applyMigrations(pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } finally {
    await pool.end();
  }
  return handle;
}

function readRuntime(): { url: string; pid: number } | undefined {
  try {
    return JSON.parse(fs.readFileSync(runtimeFile(), 'utf8'));
  } catch {
    return undefined;
  }
}
