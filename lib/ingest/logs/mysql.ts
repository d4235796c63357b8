import type { LogEventKind, LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import type { ChunkParser, ParseContext } from '../types';
import { sampleLines } from './sniff-lines';
import { createLineParser } from './split-lines';
import { parseIsoTime } from './syslog';
import { createSyslogClock, type SyslogClock } from './syslog-clock';
import { describeBadLine } from './syslog-parser';
import { addressOrUndefined } from './web-access';

// MySQL / MariaDB server logs (docs/ANCHORS.md#mysql-log), never syslog:
//   error log   MySQL 8 `2026-12-04T20:01:00.123456Z 9 [Note] [MY-010926] [Server] Access denied for
//               user 'root'@'203.0.113.66' (using password: YES)`; 5.7 without `[MY-…] [Server]`;
//               MariaDB `2026-12-04 20:01:00 9 [Warning] Access denied …`
//   general log `2026-12-04T20:01:00.123456Z\t    8 Connect\troot@203.0.113.66 on shop using TCP/IP`
//               then `Query`, `Quit` … per connection id (MariaDB: `261204 20:01:00\t     8 Connect\t…`,
//               later lines of the same second start with tabs)
// Typed: logins (Connect), failures (Access denied), data exports (`SELECT … INTO OUTFILE`, a
// mysqldump session's `SELECT /*!40001 SQL_NO_CACHE */`), configuration changes (`SET GLOBAL`).
// The host is the bundle folder's.

const digits = (s: string, i: number, n: number): number => {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

const timeEnd = { at: 0 };

/** ISO (`…T…Z`, `YYYY-MM-DD HH:MM:SS`) or MariaDB's `YYMMDD HH:MM:SS` (or `YYMMDD  H:MM:SS`) at 0 → ms or NaN. */
function parseMysqlTime(s: string, clock: SyslogClock): number {
  if (s[4] === '-') {
    const t = parseIsoTime(s, 0, clock);
    if (Number.isNaN(t)) return t;
    // parseIsoTime leaves its end in a scratch; find the space or tab after the time instead.
    let e = 19;
    while (e < s.length && s.charCodeAt(e) !== 32 && s.charCodeAt(e) !== 9) e++;
    timeEnd.at = e;
    return t;
  }
  const y = digits(s, 0, 2);
  const mo = digits(s, 2, 2);
  const d = digits(s, 4, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || s[6] !== ' ') return Number.NaN;
  let q = 7;
  if (s[q] === ' ') q++;
  const colon = s.indexOf(':', q);
  const h = colon - q === 1 || colon - q === 2 ? digits(s, q, colon - q) : -1;
  const mi = digits(s, colon + 1, 2);
  const sec = digits(s, colon + 4, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 || s[colon + 3] !== ':') return Number.NaN;
  timeEnd.at = colon + 6;
  const p = (n: number) => String(n).padStart(2, '0');
  return parseIsoTime(`20${p(y)}-${p(mo)}-${p(d)} ${p(h)}:${p(mi)}:${p(sec)}`, 0, clock);
}

/** `'user'@'host'` after `after` in `m`. */
function userAtHost(m: string, after: string): { user?: string; host?: string } {
  const at = m.indexOf(after);
  if (at === -1) return {};
  const u0 = at + after.length;
  if (m[u0] !== "'") return {};
  const u1 = m.indexOf("'", u0 + 1);
  if (u1 === -1 || m.slice(u1, u1 + 3) !== "'@'") return {};
  const h1 = m.indexOf("'", u1 + 3);
  return { user: m.slice(u0 + 1, u1), host: h1 === -1 ? undefined : m.slice(u1 + 3, h1) };
}

function base(ctx: ParseContext, lineNo: number, tsMs: number, raw: string, kind: LogEventKind): LogRecord {
  const rec: LogRecord = { lineNo, tsMs, program: 'mysqld', kind, raw };
  if (ctx.hostHint) {
    rec.hostName = ctx.hostHint;
    rec.hostFrom = 'bundle-folder';
  }
  return rec;
}

// --- error log --------------------------------------------------------------------------------

const ERROR_LEVELS = ['[Note]', '[Warning]', '[ERROR]', '[System]', '[Error]'];

export function parseMysqlErrorLine(s: string, clock: SyslogClock): { tsMs: number; thread?: number; level: string; message: string } | string {
  const ts = parseMysqlTime(s, clock);
  if (Number.isNaN(ts)) return 'no MySQL time at the start of the line';
  let p = timeEnd.at;
  while (s.charCodeAt(p) === 32) p++;
  let thread: number | undefined;
  const sp = s.indexOf(' ', p);
  if (sp > p && sp - p <= 20 && digits(s, p, sp - p) >= 0) {
    thread = digits(s, p, sp - p);
    p = sp + 1;
  }
  const level = ERROR_LEVELS.find((l) => s.startsWith(l, p));
  if (level === undefined) return 'no [Note], [Warning], [ERROR] or [System] after the time';
  p += level.length + 1;
  // MySQL 8: `[MY-010926] [Server] `.
  if (s.startsWith('[MY-', p)) {
    const c = s.indexOf('] ', p);
    p = c === -1 ? p : c + 2;
    if (s[p] === '[') {
      const c2 = s.indexOf('] ', p);
      p = c2 === -1 ? p : c2 + 2;
    }
  }
  return { tsMs: ts, thread, level: level.slice(1, -1), message: s.slice(p) };
}

function errorRecord(ctx: ParseContext, lineNo: number, raw: string, e: { tsMs: number; thread?: number; level: string; message: string }): LogRecord {
  const m = e.message;
  let kind: LogEventKind = 'syslog';
  let who: { user?: string; host?: string } = {};
  if (m.startsWith('Access denied for user ')) {
    kind = 'db_login_failed';
    who = userAtHost(m, 'Access denied for user ');
  } else if (m.startsWith('Aborted connection ') || m.startsWith('Got an error reading communication packets')) {
    const u = m.indexOf(" user: '");
    const h = m.indexOf(" host: '");
    if (u !== -1) who.user = m.slice(u + 8, m.indexOf("'", u + 8));
    if (h !== -1) who.host = m.slice(h + 8, m.indexOf("'", h + 8));
  }
  const rec = base(ctx, lineNo, e.tsMs, raw, kind);
  rec.result = kind === 'db_login_failed' ? 'failed' : e.level.toLowerCase();
  if (e.thread !== undefined) rec.pid = e.thread;
  if (who.user) rec.userName = who.user;
  const ip = addressOrUndefined(who.host);
  if (ip) rec.srcIp = ip;
  return rec;
}

// --- general query log ------------------------------------------------------------------------

const COMMANDS = [
  'Connect',
  'Query',
  'Quit',
  'Init DB',
  'Field List',
  'Statistics',
  'Execute',
  'Prepare',
  'Close stmt',
  'Change user',
  'Binlog Dump',
  'Ping',
  'Shutdown',
  'Killed',
  'Long Data',
  'Reset stmt',
  'Fetch',
  'Daemon',
  'Refresh',
  'Debug',
  'Processlist',
  'Set option',
  'Table Dump',
  'Register Slave',
  'Binlog Dump GTID',
];

export interface GeneralEntry {
  tsMs?: number;
  id: number;
  command: string;
  argument: string;
}

/** A general log entry (with or without its own time), a header line (undefined), or a reason. */
export function parseMysqlGeneralLine(s: string, clock: SyslogClock): GeneralEntry | undefined | string {
  let p = 0;
  let tsMs: number | undefined;
  if (s.charCodeAt(0) !== 9) {
    const ts = parseMysqlTime(s, clock);
    if (Number.isNaN(ts)) {
      // The header mysqld writes when the log opens.
      if (s.includes(', Version: ') || s.startsWith('Tcp port: ') || s.startsWith('Time ')) return undefined;
      return 'no MySQL time at the start of the line';
    }
    tsMs = ts;
    p = timeEnd.at;
  }
  while (s.charCodeAt(p) === 9 || s.charCodeAt(p) === 32) p++;
  const sp = s.indexOf(' ', p);
  const id = sp > p && sp - p <= 20 ? digits(s, p, sp - p) : -1;
  if (id < 0) return 'no connection id after the time';
  const tab = s.indexOf('\t', sp + 1);
  const command = (tab === -1 ? s.slice(sp + 1) : s.slice(sp + 1, tab)).trim();
  if (!COMMANDS.includes(command)) return `"${command.slice(0, 20)}" is not a MySQL command`;
  return { tsMs, id, command, argument: tab === -1 ? '' : s.slice(tab + 1) };
}

/** `SELECT … INTO OUTFILE/DUMPFILE`, or mysqldump's `SELECT /*!40001 SQL_NO_CACHE *\/ * FROM`. */
export function isExportQuery(q: string): boolean {
  const u = q.length > 4096 ? q.slice(0, 4096).toUpperCase() : q.toUpperCase();
  return (u.includes(' INTO OUTFILE') || u.includes(' INTO DUMPFILE') || u.includes('SQL_NO_CACHE */ * FROM')) && u.trimStart().startsWith('SELECT');
}

function createGeneralParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const clock = createSyslogClock(ctx);
  const clients = new Map<number, { user?: string; host?: string }>();
  let lastTs: number | undefined;
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      const e = parseMysqlGeneralLine(text, clock);
      if (e === undefined) return;
      if (typeof e === 'string') {
        batch.invalid.push({ line: lineNo, reason: describeBadLine(e, text) });
        return;
      }
      const ts = e.tsMs ?? lastTs;
      if (ts === undefined) {
        batch.invalid.push({ line: lineNo, reason: describeBadLine('a continuation entry before any time', text) });
        return;
      }
      lastTs = ts;
      let kind: LogEventKind = 'syslog';
      let who = clients.get(e.id) ?? {};
      const a = e.argument;
      if (e.command === 'Connect') {
        if (a.startsWith('Access denied for user ')) {
          kind = 'db_login_failed';
          who = userAtHost(a, 'Access denied for user ');
        } else {
          kind = 'db_login';
          const at = a.indexOf('@');
          const on = a.indexOf(' ', at);
          who = at > 0 ? { user: a.slice(0, at), host: a.slice(at + 1, on === -1 ? a.length : on) } : {};
          if (clients.size >= 4096) clients.delete(clients.keys().next().value as number);
          clients.set(e.id, who);
        }
      } else if (e.command === 'Query') {
        if (isExportQuery(a)) kind = 'db_export';
        else if (/^\s*SET\s+(GLOBAL|PERSIST)\s/i.test(a.slice(0, 64))) kind = 'db_config_change';
      } else if (e.command === 'Quit') {
        clients.delete(e.id);
      }
      const rec = base(ctx, lineNo, ts, text, kind);
      rec.pid = e.id;
      if (kind !== 'syslog') rec.argv = [e.command, a.length > 500 ? `${a.slice(0, 500)}…` : a];
      if (kind === 'db_login_failed') rec.result = 'failed';
      if (who.user) rec.userName = who.user;
      const ip = addressOrUndefined(who.host);
      if (ip) rec.srcIp = ip;
      batch.records.push(rec);
    },
    onEnd(batch) {
      const notes = clock.notes();
      if (ctx.hostHint) notes.push(`MySQL log attributed to "${ctx.hostHint}" (from the folder name)`);
      if (notes.length > 0) batch.notes = notes;
    },
  });
}

function createErrorParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const clock = createSyslogClock(ctx);
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      const e = parseMysqlErrorLine(text, clock);
      if (typeof e === 'string') batch.invalid.push({ line: lineNo, reason: describeBadLine(e, text) });
      else batch.records.push(errorRecord(ctx, lineNo, text, e));
    },
    onEnd(batch) {
      const notes = clock.notes();
      if (ctx.hostHint) notes.push(`MySQL log attributed to "${ctx.hostHint}" (from the folder name)`);
      if (notes.length > 0) batch.notes = notes;
    },
  });
}

const sniffClock = createSyslogClock({ path: '', timeZone: 'UTC', mtimeMs: 0 });

function sniffShare(head: Buffer, ok: (l: string) => boolean | undefined): number {
  let hits = 0;
  let counted = 0;
  for (const l of sampleLines(head)) {
    const r = ok(l);
    if (r === undefined) continue;
    counted++;
    if (r) hits++;
  }
  if (counted === 0 || hits === 0) return 0;
  const share = hits / counted;
  // Above syslog's 0.9: an ISO time then a number reads as syslog with a host "8".
  return share < 0.5 ? 0 : 0.95 * share;
}

export const mysqlErrorFormat: LogFormat = {
  id: 'mysql-error',
  kind: 'logs',
  label: 'MySQL / MariaDB error log',
  sniff: (head) => sniffShare(head, (l) => typeof parseMysqlErrorLine(l, sniffClock) !== 'string'),
  createParser: createErrorParser,
};

export const mysqlGeneralFormat: LogFormat = {
  id: 'mysql-general',
  kind: 'logs',
  label: 'MySQL / MariaDB general query log',
  sniff: (head) =>
    sniffShare(head, (l) => {
      const e = parseMysqlGeneralLine(l, sniffClock);
      return e === undefined ? undefined : typeof e !== 'string';
    }),
  createParser: createGeneralParser,
};
