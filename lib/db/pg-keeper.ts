// The keeper of a checkout's shared embedded PostgreSQL (lib/db/shared-server.ts): started
// detached by the first user, it starts the server, publishes its URL, and stops it once no
// live process holds a lease for GRACE_MS. Run as `node --import tsx lib/db/pg-keeper.ts ROOT`.
import fs from 'node:fs';
import { startEmbeddedPostgres } from './embedded';
import { liveLeases, readRuntime, sharedServerPaths, withStartLock } from './shared-server';

/** How long the server outlives its last lease: a CLI run started right after another reuses it. */
const GRACE_MS = 2000;
const POLL_MS = 250;

async function main(): Promise<void> {
  const root = process.argv[2];
  if (!root) throw new Error('usage: pg-keeper.ts DATA_ROOT');
  const p = sharedServerPaths(root);
  const log = (line: string) => fs.appendFileSync(p.log, `${new Date().toISOString()} ${line.trimEnd()}\n`);
  const db = await startEmbeddedPostgres({ dataDir: p.dataDir, log: process.env.SIGHTLINE_PG_LOG ? log : undefined });
  fs.writeFileSync(p.runtime, JSON.stringify({ url: db.url, pid: process.pid }));
  log(`PostgreSQL ready on ${db.url.replace(/:[^:@/]*@/, ':***@')}`);
  let stopping = false;
  /** Stops the server once (false when a stop is already under way). */
  const shutDown = async (why: string): Promise<boolean> => {
    if (stopping) return false;
    stopping = true;
    log(`stopping: ${why}`);
    if (readRuntime(p)?.pid === process.pid) fs.rmSync(p.runtime, { force: true });
    await db.stop();
    return true;
  };
  const stop = async (why: string) => {
    if (await shutDown(why)) process.exit(0);
  };
  // Stopping for want of users is decided under the start lock, and the lock is held until the
  // server is down: a user arriving meanwhile either finds its lease seen (no stop) or finds no
  // server and starts a new keeper on a data folder that is free again. The keeper exits only
  // after letting go of the lock (exiting inside it left the lock file behind at every stop,
  // naming a pid the system may give to another process).
  const stopIfUnused = async () => {
    const stopped = await withStartLock(p, async () => liveLeases(p).length === 0 && (await shutDown('no process uses it any more')));
    if (stopped) process.exit(0);
    return false;
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  let lastSeen = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (liveLeases(p).length > 0) lastSeen = Date.now();
    else if (Date.now() - lastSeen > GRACE_MS && !(await stopIfUnused())) lastSeen = Date.now();
  }
}

main().catch((err) => {
  process.stderr.write(`pg-keeper: ${(err as Error).message}\n`);
  process.exit(1);
});
