// Shell history files for the generated bundle (option `shellHistory`, off by default so every
// other output stays byte for byte): the commands a scenario has a person type, written where bash
// writes them — `<host>/home/<user>/.bash_history` — with the `#<epoch>` line before each entry
// that bash writes when HISTTIMEFORMAT is set (lib/ingest/logs/shell-history.ts reads it back).
//
// Only sessions whose history survives are written: a scenario that removes ~/.bash_history and
// links it to /dev/null (post-exploit's cleanup on the entry host) leaves nothing behind for bash
// to write at logout, so it calls `typed` only for the sessions it leaves alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Ctx } from './ctx';
import type { Host } from './world';

interface Entry {
  t: number;
  line: string;
}

const histories = new WeakMap<Ctx, Map<string, Entry[]>>();

/** Turns history writing on for this run. */
export function enableShellHistory(ctx: Ctx): void {
  if (!histories.has(ctx)) histories.set(ctx, new Map());
}

/** A word as a person types it: bare when it is safe, else in single quotes. */
export function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./~-]+$/.test(w) ? w : `'${w.replaceAll("'", "'\\''")}'`;
}

/** Records a command `user` typed on `host` at `t` (no-op unless the run writes histories). */
export function typed(ctx: Ctx, host: Host, user: string, t: number, argv: string[]): void {
  const h = histories.get(ctx);
  if (!h) return;
  const key = `${host.name}/home/${user}/.bash_history`;
  let list = h.get(key);
  if (!list) {
    list = [];
    h.set(key, list);
  }
  list.push({ t, line: argv.map(shellWord).join(' ') });
}

/** Writes the histories under `logsDir`; returns their paths (none when the option is off). */
export function closeShellHistories(ctx: Ctx, logsDir: string): string[] {
  const h = histories.get(ctx);
  if (!h) return [];
  const out: string[] = [];
  for (const [rel, list] of [...h.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(logsDir, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    const sorted = [...list].sort((a, b) => a.t - b.t);
    writeFileSync(file, sorted.map((e) => `#${Math.floor(e.t / 1000)}\n${e.line}\n`).join(''));
    out.push(file);
  }
  return out;
}
