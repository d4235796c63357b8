// Starts a fixture script with tsx, on the test database, under its own application_name
// so the test can find (and terminate) exactly that process's connections.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';

const root = path.join(import.meta.dirname, '..', '..');

export function withAppName(url: string, name: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}application_name=${name}`;
}

export function spawnScript(script: string, args: string[], appName: string): ChildProcess & { output: () => string } {
  // `node --import tsx`, not the tsx CLI: that one runs the script in a second process, which
  // a SIGKILL of the first would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: withAppName(process.env.DATABASE_URL ?? '', appName) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  return Object.assign(child, { output: () => out });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Polls `check` until it returns a value; a hang guard, not a timing assertion. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until no connection of `appName` is left, i.e. PostgreSQL has rolled its work back. */
export function connectionsGone(pool: pg.Pool, appName: string): Promise<true> {
  return waitFor(`connections of ${appName} to close`, async () => {
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [appName]);
    return rows[0]?.n === 0 ? true : undefined;
  });
}
