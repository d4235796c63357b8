// The embedded PostgreSQL is shared by every process of a checkout (lib/db/shared-server.ts):
// CLI runs started together all finish, and the server stops when the last one leaves.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { addLease, isPidAlive, liveLeases, readRuntime, sharedServerPaths, withStartLock } from '../lib/db/shared-server';
import { builtCli } from '../scripts/build-node.mjs';
import { waitFor } from './fixtures-scripts/spawn';

const root = path.join(import.meta.dirname, '..');
const scratch: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-shared-'));
  scratch.push(d);
  return d;
};
afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('start lock and leases', () => {
  it('runs holders of the start lock one at a time', async () => {
    const p = sharedServerPaths(tempDir());
    const events: string[] = [];
    const holder = (name: string) =>
      withStartLock(p, async () => {
        events.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 50));
        events.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b'), holder('c')]);
    for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]?.replace(' in', ' out'));
    expect(fs.existsSync(p.lock)).toBe(false);
  });

  it('takes over a lock left by a dead process', async () => {
    const p = sharedServerPaths(tempDir());
    fs.writeFileSync(p.lock, String(deadPid()));
    expect(await withStartLock(p, async () => 'taken', 2000)).toBe('taken');
  });

  it('tries again when the holder lets go between its attempt and reading who holds it', async () => {
    // The CI failure of 2026-12-07: three CLI runs at once, one failed with ENOENT on the lock.
    const p = sharedServerPaths(tempDir());
    fs.writeFileSync(p.lock, String(process.pid));
    const read = fs.readFileSync;
    const spy = vi.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
      if (file === p.lock && fs.existsSync(p.lock)) fs.rmSync(p.lock); // the holder releases just now
      return read(file, options as BufferEncoding);
    }) as typeof fs.readFileSync);
    try {
      expect(await withStartLock(p, async () => 'taken', 2000)).toBe('taken');
    } finally {
      spy.mockRestore();
    }
    expect(fs.existsSync(p.lock)).toBe(false);
  });

  it('never removes the lock another waiter took over from the same dead holder', async () => {
    // Two waiters read the dead holder's pid; the other one removes the stale lock and locks
    // first. Deleting the file "because its holder is dead" would now delete a live lock.
    const p = sharedServerPaths(tempDir());
    const dead = String(deadPid());
    fs.writeFileSync(p.lock, dead);
    const read = fs.readFileSync;
    let first = true;
    const spy = vi.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
      const text = read(file, options as BufferEncoding);
      if (file === p.lock && first) {
        first = false;
        fs.writeFileSync(p.lock, String(process.pid)); // the other waiter, alive, now holds it
      }
      return text;
    }) as typeof fs.readFileSync);
    let released = false;
    const release = setTimeout(() => {
      released = true;
      fs.rmSync(p.lock);
    }, 300);
    try {
      expect(await withStartLock(p, async () => released, 3000)).toBe(true);
    } finally {
      clearTimeout(release);
      spy.mockRestore();
    }
    expect(fs.readdirSync(path.dirname(p.lock)).filter((f) => f.startsWith(path.basename(p.lock)))).toEqual([]);
  });

  it('waits for a live holder and gives up with a reason', async () => {
    const p = sharedServerPaths(tempDir());
    fs.writeFileSync(p.lock, String(process.pid));
    await expect(withStartLock(p, async () => 'never', 300)).rejects.toThrow(/being started by process/);
  });

  it('counts only live processes and removes the leases of dead ones', () => {
    const p = sharedServerPaths(tempDir());
    const dead = deadPid();
    addLease(p);
    addLease(p, dead);
    expect(liveLeases(p)).toEqual([process.pid]);
    expect(fs.existsSync(path.join(p.leases, String(dead)))).toBe(false);
  });
});

describe('two CLI runs on one embedded PostgreSQL', () => {
  it('both finish, and the server stops when the last one leaves', { timeout: 300_000 }, async () => {
    const dataDir = tempDir();
    const logs = path.join(dataDir, 'auth.log');
    const lines: string[] = [];
    for (let i = 0; i < 12; i++) {
      const ss = String(10 + i).padStart(2, '0');
      lines.push(`Mar  7 14:02:${ss} web01 sshd[812]: Failed password for root from 198.51.100.7 port ${40000 + i} ssh2`);
    }
    fs.writeFileSync(logs, `${lines.join('\n')}\n`);
    const env: NodeJS.ProcessEnv = { ...process.env, SIGHTLINE_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const run = () => {
      const child = spawn(process.execPath, [builtCli, 'analyze', '--logs', logs, '--json'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += String(d);
      });
      child.stderr.on('data', (d) => {
        stderr += String(d);
      });
      return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
    };
    // The case: the second starts a second after the first (which starts the server).
    const first = run();
    await new Promise((r) => setTimeout(r, 1000));
    const second = run();
    const results = await Promise.all([first, second, run()]);
    for (const r of results) {
      expect(r.stderr).not.toMatch(/Can't reach database server|database connection lost/);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).files[0].records).toBe(12);
    }
    const p = sharedServerPaths(dataDir);
    await waitFor('the keeper to stop the server', async () => !fs.existsSync(p.runtime) && liveLeases(p).length === 0, 60_000);
    const pidFile = path.join(p.dataDir, 'postmaster.pid');
    await waitFor('PostgreSQL to exit', async () => !fs.existsSync(pidFile), 60_000);
    expect(readRuntime(p)).toBeUndefined();
    // The keeper let go of the start lock before it exited.
    await waitFor('the start lock to be let go', async () => !fs.existsSync(p.lock), 10_000);
    // Nothing of the keeper is left running.
    const keeperLog = fs.readFileSync(p.log, 'utf8');
    expect(keeperLog).toMatch(/stopping: no process uses it any more/);
    const started = [...keeperLog.matchAll(/PostgreSQL ready/g)].length;
    expect(started).toBeGreaterThanOrEqual(1);
    expect(isPidAlive(Number.NaN)).toBe(false);
  });
});
