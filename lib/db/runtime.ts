// Finds the database for this process: DATABASE_URL when set; otherwise the embedded
// PostgreSQL of this checkout (data/pg), shared by the app and any number of CLI runs through
// one keeper process (lib/db/shared-server.ts): reused when it runs, started otherwise, stopped
// when its last user leaves. Migrations are applied either way.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from './migrate';
import { dataRoot, projectRoot } from './paths';
import { addLease, dropLease, isPidAlive, liveLeases, readRuntime, type SharedServerPaths, sharedServerPaths, withStartLock } from './shared-server';

export { dataRoot, projectRoot } from './paths';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Leaves the database; the embedded server stops when no other process uses it. */
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the keeper detached (its own process group: Ctrl-C in this terminal does not reach it). */
async function startKeeper(p: SharedServerPaths, log: (line: string) => void): Promise<string> {
  log(`starting embedded PostgreSQL in ${p.dataDir}`);
  fs.mkdirSync(p.root, { recursive: true });
  const out = fs.openSync(p.log, 'a');
  const keeper = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'lib', 'db', 'pg-keeper.ts'), p.root], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', out, out],
    env: process.env,
  });
  fs.closeSync(out);
  let exited = false;
  keeper.on('exit', () => {
    exited = true;
  });
  keeper.unref();
  // A first start runs initdb: allow minutes on a slow machine.
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const rt = readRuntime(p);
    if (rt && rt.pid === keeper.pid && (await canConnect(rt.url))) return rt.url;
    if (exited) break;
    await sleep(200);
  }
  const tail = fs.existsSync(p.log) ? fs.readFileSync(p.log, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
  if (!exited) keeper.kill('SIGTERM');
  throw new Error(`the embedded PostgreSQL did not start${tail ? `: ${tail}` : ''} (log: ${p.log})`);
}

export async function ensureDatabase(log: (line: string) => void = () => {}): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (process.env.DATABASE_URL) {
    handle = { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    const p = sharedServerPaths(dataRoot);
    // The lease comes first: from here on the keeper will not stop the server under us.
    addLease(p);
    let url: string;
    try {
      url = await withStartLock(p, async () => {
        const rt = readRuntime(p);
        if (rt && isPidAlive(rt.pid) && (await canConnect(rt.url))) return rt.url;
        return startKeeper(p, log);
      });
    } catch (err) {
      dropLease(p);
      throw err;
    }
    handle = {
      url,
      embedded: true,
      stop: async () => {
        dropLease(p);
        if (liveLeases(p).length > 0) return;
        // The last user waits for the server to go down, so "stopped" means stopped.
        const keeper = readRuntime(p)?.pid;
        const deadline = Date.now() + 30_000;
        while (keeper && isPidAlive(keeper) && Date.now() < deadline && liveLeases(p).length === 0) await sleep(200);
      },
    };
    process.env.DATABASE_URL = handle.url;
  }
  const pool = new pg.Pool({ connectionString: handle.url, max: 1 });
  try {
    // Two users starting at once both apply migrations: migrate.ts serialises them.
    const applied = await applyMigrations(pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } finally {
    await pool.end();
  }
  return handle;
}
