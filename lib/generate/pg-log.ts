// PostgreSQL's own server log (`/var/log/postgresql/postgresql-14-main.log`) of a database host,
// in Debian's stderr layout (`log_line_prefix = '%m [%p] %q%u@%d '`, log_connections and
// log_disconnections on, log_checkpoints on as in PostgreSQL 15's default) — the layout of the
// webshop recording's postgresql-15-main.log. Only scenarios that need it create one, so the
// default scenarios' bundles are unchanged. Lines are few (sessions and checkpoints), so they
// are kept until the end and written sorted; the host's clock skew and log gap apply as in
// LogSink, and each line counts as evidence of its truth step.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Ctx } from './ctx';
import type { LogSink } from './log-sink';
import type { Host } from './world';

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `%m`: `2026-03-02 04:05:06.789 UTC`. */
export function pgTime(ms: number): string {
  const d = new Date(ms);
  const frac = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${frac} UTC`;
}

interface Line {
  t: number;
  seq: number;
  text: string;
  step: string | undefined;
}

export class PgLog {
  private readonly byHost = new Map<Host, Line[]>();
  private seq = 0;

  constructor(private readonly ctx: Ctx) {}

  /** One entry; `who` is `user@db` of the session, `[unknown]@[unknown]` before authentication, or '' for the postmaster. */
  line(host: Host, t: number, pid: number, who: string, message: string, step?: string): void {
    const t0 = Math.round(t);
    if (t0 < this.ctx.world.startMs || t0 >= this.ctx.world.endMs) return;
    const list = this.byHost.get(host) ?? [];
    this.byHost.set(host, list);
    list.push({ t: t0, seq: this.seq++, text: `[${pid}] ${who ? `${who} ` : ''}LOG:  ${message}`, step });
  }

  /**
   * A client session: received, authenticated, authorized (with the application name the client
   * sent, `pg_dump` for a dump), and its disconnection `durMs` later.
   */
  session(
    host: Host,
    o: { t: number; pid: number; from: string; port: number; user: string; db: string; app: string; durMs: number; method?: string; step?: string },
  ): void {
    const who = `${o.user}@${o.db}`;
    this.line(host, o.t, o.pid, '[unknown]@[unknown]', `connection received: host=${o.from} port=${o.port}`, o.step);
    const hba = o.from === '127.0.0.1' ? 90 : 97;
    this.line(
      host,
      o.t + 6,
      o.pid,
      who,
      `connection authenticated: identity="${o.user}" method=${o.method ?? 'scram-sha-256'} (/etc/postgresql/14/main/pg_hba.conf:${hba})`,
      o.step,
    );
    this.line(host, o.t + 7, o.pid, who, `connection authorized: user=${o.user} database=${o.db} application_name=${o.app}`, o.step);
    const d = o.durMs;
    const h = Math.floor(d / 3_600_000);
    const m = Math.floor((d % 3_600_000) / 60_000);
    const s = ((d % 60_000) / 1000).toFixed(3).padStart(6, '0');
    this.line(
      host,
      o.t + 7 + d,
      o.pid,
      who,
      `disconnection: session time: ${h}:${two(m)}:${s} user=${o.user} database=${o.db} host=${o.from} port=${o.port}`,
      o.step,
    );
  }

  /** Write every host's file under `<logsDir>/<host>/var/log/postgresql/`; returns the paths. */
  close(logsDir: string, logs: LogSink): string[] {
    const out: string[] = [];
    for (const [host, list] of this.byHost) {
      list.sort((a, b) => a.t - b.t || a.seq - b.seq);
      const dir = path.join(logsDir, host.name, 'var', 'log', 'postgresql');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'postgresql-14-main.log');
      const text: string[] = [];
      for (const l of list) {
        if (host.gap && l.t >= host.gap.startMs && l.t < host.gap.endMs) continue;
        text.push(`${pgTime(l.t + host.skewMs)} ${l.text}\n`);
        if (l.step) logs.evidence.set(l.step, (logs.evidence.get(l.step) ?? 0) + 1);
      }
      writeFileSync(file, text.join(''));
      out.push(file);
    }
    this.byHost.clear();
    return out;
  }
}

const logsOf = new WeakMap<Ctx, PgLog>();

/** The run's PostgreSQL logs, created on first use. */
export function pgLogOf(ctx: Ctx): PgLog {
  let pg = logsOf.get(ctx);
  if (!pg) {
    pg = new PgLog(ctx);
    logsOf.set(ctx, pg);
  }
  return pg;
}

/** Files of the PostgreSQL logs written in this run (none unless a scenario asked for them). */
export function closePgLogs(ctx: Ctx, logsDir: string): string[] {
  return logsOf.get(ctx)?.close(logsDir, ctx.logs) ?? [];
}
