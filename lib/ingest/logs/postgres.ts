import type { LogEventKind, LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import { jsonDepthProblem } from '../json-depth';
import type { ChunkParser, ParseContext } from '../types';
import { localToUtcMs } from '../tz';
import { ZONE_ABBREVIATIONS } from './host-tokens';
import { sampleLines } from './sniff-lines';
import { createLineParser } from './split-lines';
import { describeBadLine } from './syslog-parser';

// PostgreSQL server logs (docs/ANCHORS.md#postgresql-log), never syslog: their `%m` time ends in
// a zone word (`2026-03-07 14:01:00.123 UTC [4242] LOG:  …`) that a syslog reader took for the
// host (issue 14 §2). Three destinations of `log_destination`:
//   stderr   `%m [%p] ` (default since 10), Debian's `%m [%p] %q%u@%d `, pgBadger's
//            `%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h `; continuation lines start with a tab
//   csvlog   one CSV record per entry (quoted fields may hold newlines)
//   jsonlog  one JSON object per line (PostgreSQL 15+)
// The host is the bundle folder's: the log names none. Typed events: connection received,
// authorized (a pg_dump session is an export), authentication failures, `COPY … TO`, configuration
// reloads and changes.

const SEVERITIES = new Set([
  'DEBUG1',
  'DEBUG2',
  'DEBUG3',
  'DEBUG4',
  'DEBUG5',
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARNING',
  'ERROR',
  'LOG',
  'FATAL',
  'PANIC',
  'STATEMENT',
  'DETAIL',
  'HINT',
  'CONTEXT',
  'QUERY',
  'LOCATION',
]);

/** One entry of any of the three layouts, before it becomes a record. */
export interface PgEntry {
  tsMs: number;
  pid?: number;
  user?: string;
  database?: string;
  application?: string;
  remoteHost?: string;
  remotePort?: number;
  severity: string;
  message: string;
}

const digits = (s: string, i: number, n: number): number => {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

/** Scratch: where the last parsed time ended, and whether its zone was unknown. */
const timeEnd = { at: 0, unknownZone: false };

/**
 * `YYYY-MM-DD HH:MM:SS[.frac] ZONE` (`%m`/`%t`) at `p` → UTC ms, or NaN. ZONE is an abbreviation
 * (host-tokens.ts), or a numeric offset (`+01`, `+0530`, `-05:00`); an unknown word is read in `zone`.
 */
export function parsePgTime(s: string, p: number, zone: string): number {
  const y = digits(s, p, 4);
  const mo = digits(s, p + 5, 2);
  const d = digits(s, p + 8, 2);
  const h = digits(s, p + 11, 2);
  const mi = digits(s, p + 14, 2);
  const sec = digits(s, p + 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return Number.NaN;
  if (s[p + 4] !== '-' || s[p + 7] !== '-' || s[p + 10] !== ' ' || s[p + 13] !== ':' || s[p + 16] !== ':') return Number.NaN;
  let q = p + 19;
  let ms = 0;
  if (s[q] === '.') {
    q++;
    let scale = 100;
    while (q < s.length && s.charCodeAt(q) >= 48 && s.charCodeAt(q) <= 57) {
      ms += (s.charCodeAt(q) - 48) * scale;
      scale /= 10;
      q++;
    }
    ms = Math.floor(ms);
  }
  if (s[q] !== ' ') return Number.NaN;
  q++;
  let e = q;
  while (
    e < s.length &&
    e - q < 8 &&
    s.charCodeAt(e) !== 32 &&
    s.charCodeAt(e) !== 44 &&
    s.charCodeAt(e) !== 34 &&
    (s.charCodeAt(e) !== 58 || ((s[q] === '+' || s[q] === '-') && e - q === 3))
  )
    e++;
  const word = s.slice(q, e);
  if (word.length === 0) return Number.NaN;
  timeEnd.at = e;
  timeEnd.unknownZone = false;
  const local = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  const abbr = ZONE_ABBREVIATIONS[word];
  if (abbr !== undefined && Object.hasOwn(ZONE_ABBREVIATIONS, word)) return local - abbr * 60_000;
  const sign = word[0] === '+' ? 1 : word[0] === '-' ? -1 : 0;
  if (sign !== 0) {
    const oh = digits(word, 1, 2);
    const om = word.length === 5 ? digits(word, 3, 2) : word.length === 6 && word[3] === ':' ? digits(word, 4, 2) : word.length === 3 ? 0 : -1;
    if (oh < 0 || oh > 14 || om < 0 || om > 59) return Number.NaN;
    return local - sign * (oh * 60 + om) * 60_000;
  }
  // A zone word not in the table (log_timezone = 'Asia/Kolkata' prints `IST`, others their own).
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return Number.NaN;
  }
  timeEnd.unknownZone = true;
  return localToUtcMs(y, mo, d, h, mi, sec, ms, zone);
}

/**
 * The `SEVERITY:  ` that ends the prefix, or undefined. PostgreSQL writes two spaces after it;
 * Amazon RDS's `%t:%r:%u@%d:[%p]:` prefix glues it to the prefix with a colon and one space.
 */
function findSeverity(s: string, from: number): { at: number; severity: string; msgAt: number } | undefined {
  for (let i = s.indexOf(': ', from); i !== -1 && i - from < 400; i = s.indexOf(': ', i + 1)) {
    let b = i;
    while (b > from && b > i - 10) {
      const c = s.charCodeAt(b - 1);
      if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) break;
      b--;
    }
    const before = s.charCodeAt(b - 1);
    if (b < i && (b === from || before === 32 || before === 58)) {
      const word = s.slice(b, i);
      if (SEVERITIES.has(word)) {
        let msgAt = i + 2;
        if (s.charCodeAt(msgAt) === 32) msgAt++;
        return { at: b, severity: word, msgAt };
      }
    }
  }
  return undefined;
}

/** Reads the words of a prefix between the time and the severity: `[pid]`, `user@db`, `user=… db=…`. */
function readPrefix(prefix: string, out: PgEntry): void {
  for (const raw of prefix.split(/[ ,]|:(?=[[\w])/)) {
    const w = raw.endsWith(':') ? raw.slice(0, -1) : raw;
    if (w.length === 0) continue;
    if (out.pid === undefined && w.startsWith('[') && w.endsWith(']')) {
      const n = digits(w, 1, w.length - 2);
      if (n >= 0 && w.length > 2 && w.length < 12) out.pid = n;
      continue;
    }
    const eq = w.indexOf('=');
    if (eq > 0) {
      const k = w.slice(0, eq);
      const v = known(w.slice(eq + 1));
      if (v === undefined) continue;
      if (k === 'user') out.user = v;
      else if (k === 'db') out.database = v;
      else if (k === 'app') out.application = v;
      else if (k === 'client' || k === 'host') setRemote(out, v);
      continue;
    }
    if (out.remoteHost === undefined && /^\d{1,3}(\.\d{1,3}){3}(\(\d{1,5}\))?$/.test(w)) {
      setRemote(out, w);
      continue;
    }
    const at = w.indexOf('@');
    if (at > 0 && out.user === undefined && w.indexOf('@', at + 1) === -1) {
      out.user = known(w.slice(0, at));
      out.database = known(w.slice(at + 1));
    }
  }
}

/** `[unknown]`, `[local]`, `-` and empty are no value. */
function known(v: string | undefined): string | undefined {
  if (v === undefined || v === '' || v === '-' || v === '[unknown]' || v === '[local]') return undefined;
  return v;
}

/** `10.0.0.5(41298)` (`%r`), `10.0.0.5:41298` (csvlog), or a bare address. */
function setRemote(out: PgEntry, v: string): void {
  const paren = v.indexOf('(');
  let host = v;
  let port: string | undefined;
  if (paren > 0 && v.endsWith(')')) {
    host = v.slice(0, paren);
    port = v.slice(paren + 1, -1);
  } else {
    const colon = v.lastIndexOf(':');
    if (colon > 0 && v.indexOf(':') === colon) {
      host = v.slice(0, colon);
      port = v.slice(colon + 1);
    }
  }
  const h = known(host);
  if (h === undefined) return;
  out.remoteHost = h;
  const n = port === undefined ? -1 : digits(port, 0, port.length);
  if (n >= 0 && n <= 65535 && port !== '') out.remotePort = n;
}

/** A stderr line's entry, or the reason it is not one. */
export function parsePgStderrLine(s: string, zone: string): PgEntry | string {
  const ts = parsePgTime(s, 0, zone);
  if (Number.isNaN(ts)) return 'no PostgreSQL timestamp at the start of the line';
  const sev = findSeverity(s, timeEnd.at);
  if (sev === undefined) return 'no PostgreSQL severity (LOG:, ERROR:, FATAL: …) after the prefix';
  const entry: PgEntry = { tsMs: ts, severity: sev.severity, message: s.slice(sev.msgAt) };
  readPrefix(s.slice(timeEnd.at, sev.at), entry);
  return entry;
}

const IP_LIKE = /^[0-9a-fA-F.:]+$/;

function kv(message: string, key: string): string | undefined {
  const at = message.indexOf(`${key}=`);
  if (at === -1 || (at > 0 && message.charCodeAt(at - 1) !== 32)) return undefined;
  const from = at + key.length + 1;
  const end = message.indexOf(' ', from);
  return message.slice(from, end === -1 ? message.length : end);
}

function quoted(message: string, after: string): string | undefined {
  const at = message.indexOf(`${after}"`);
  if (at === -1) return undefined;
  const from = at + after.length + 1;
  const end = message.indexOf('"', from);
  return end === -1 ? undefined : message.slice(from, end);
}

const DUMP_CLIENTS = new Set(['pg_dump', 'pg_dumpall', 'pg_basebackup', 'pg_receivewal']);

/** `COPY … TO …` (not `FROM`), as a statement text in the message, or undefined. */
export function copyToStatement(message: string): string | undefined {
  let at = message.indexOf('statement: ');
  at = at === -1 ? 0 : at + 11;
  while (message.charCodeAt(at) === 32) at++;
  if (message.slice(at, at + 5).toUpperCase() !== 'COPY ') return undefined;
  const stmt = message.slice(at);
  const upper = stmt.replace(/\s+/g, ' ').toUpperCase();
  // `COPY (SELECT … FROM t) TO …`: the query's own FROM is inside the parentheses.
  let after = 5;
  if (upper.charCodeAt(5) === 40) {
    let depth = 0;
    for (; after < upper.length; after++) {
      const c = upper.charCodeAt(after);
      if (c === 40) depth++;
      else if (c === 41 && --depth === 0) break;
    }
  }
  const to = upper.indexOf(' TO ', after);
  const from = upper.indexOf(' FROM ', after);
  if (to === -1 || (from !== -1 && from < to)) return undefined;
  return stmt;
}

interface Session {
  host?: string;
  port?: number;
}

/** Turns entries into records; remembers which client each backend pid serves (bounded). */
export function createPgRecorder(ctx: ParseContext) {
  const sessions = new Map<number, Session>();
  const MAX_SESSIONS = 4096;
  return (entry: PgEntry, lineNo: number, raw: string): LogRecord => {
    const m = entry.message;
    let kind: LogEventKind = 'syslog';
    const argv: string[] = [];
    let user = entry.user;
    let host = entry.remoteHost;
    let port = entry.remotePort;
    const session = entry.pid === undefined ? undefined : sessions.get(entry.pid);
    if (m.startsWith('connection received: ')) {
      kind = 'db_connection';
      host = known(kv(m, 'host')) ?? host;
      const p = Number(kv(m, 'port'));
      if (Number.isInteger(p) && p >= 0 && p <= 65535) port = p;
      if (entry.pid !== undefined) {
        if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as number);
        sessions.set(entry.pid, { host, port });
      }
    } else if (m.startsWith('connection authorized: ')) {
      user = kv(m, 'user') ?? user;
      const db = kv(m, 'database') ?? entry.database;
      const app = kv(m, 'application_name') ?? entry.application;
      if (db !== undefined) argv.push(`database=${db}`);
      if (app !== undefined) argv.push(`application_name=${app}`);
      kind = app !== undefined && DUMP_CLIENTS.has(app) ? 'db_export' : 'db_login';
    } else if (
      entry.severity === 'FATAL' &&
      (m.includes('authentication failed for user') || m.startsWith('no pg_hba.conf entry') || (m.startsWith('role "') && m.endsWith('does not exist')))
    ) {
      kind = 'db_login_failed';
      user = quoted(m, 'user ') ?? quoted(m, 'role ') ?? user;
      host = quoted(m, 'host ') ?? host;
    } else if (m.startsWith('received SIGHUP') || m.startsWith('parameter "') || m.includes('ALTER SYSTEM')) {
      kind = 'db_config_change';
      argv.push(m);
    } else if (m.startsWith('disconnection: ')) {
      user = kv(m, 'user') ?? user;
      host = known(kv(m, 'host')) ?? host;
      if (entry.pid !== undefined) sessions.delete(entry.pid);
    } else {
      const stmt = copyToStatement(m);
      if (stmt !== undefined) {
        kind = 'db_export';
        argv.push(stmt.length > 500 ? `${stmt.slice(0, 500)}…` : stmt);
      } else if (entry.application !== undefined && DUMP_CLIENTS.has(entry.application) && m.startsWith('statement: ')) {
        argv.push(`application_name=${entry.application}`);
      }
    }
    if (host === undefined && session !== undefined) {
      host = session.host;
      port ??= session.port;
    }
    const rec: LogRecord = { lineNo, tsMs: entry.tsMs, program: 'postgres', pid: entry.pid, kind, raw };
    if (ctx.hostHint) {
      rec.hostName = ctx.hostHint;
      rec.hostFrom = 'bundle-folder';
    }
    if (user !== undefined) rec.userName = user;
    if (host !== undefined && IP_LIKE.test(host) && host.length <= 45) {
      rec.srcIp = host;
      if (port !== undefined) rec.srcPort = port;
    }
    if (argv.length > 0) rec.argv = argv;
    if (kind === 'db_login_failed') rec.result = 'failed';
    return rec;
  };
}

const MAX_CONTINUATION_CHARS = 64 * 1024;

function createPgStderrParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const record = createPgRecorder(ctx);
  let pending: { entry: PgEntry; lineNo: number; raw: string } | undefined;
  let unknownZone = false;
  const flush = (records: LogRecord[]) => {
    if (pending === undefined) return;
    records.push(record(pending.entry, pending.lineNo, pending.raw));
    pending = undefined;
  };
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      // A statement spread over lines: PostgreSQL indents the following lines with a tab.
      if (text.charCodeAt(0) === 9 && pending !== undefined) {
        if (pending.raw.length < MAX_CONTINUATION_CHARS) {
          pending.raw += `\n${text}`;
          pending.entry.message += `\n${text.slice(1)}`;
        }
        return;
      }
      flush(batch.records);
      const entry = parsePgStderrLine(text, ctx.timeZone);
      if (typeof entry === 'string') {
        batch.invalid.push({ line: lineNo, reason: describeBadLine(entry, text) });
        return;
      }
      if (timeEnd.unknownZone) unknownZone = true;
      pending = { entry, lineNo, raw: text };
    },
    onEnd(batch) {
      flush(batch.records);
      const notes: string[] = [];
      if (unknownZone) notes.push(`time zone abbreviations not known to Sightline read as ${ctx.timeZone}`);
      if (ctx.hostHint) notes.push(`PostgreSQL log attributed to "${ctx.hostHint}" (from the folder name)`);
      if (notes.length > 0) batch.notes = notes;
    },
  });
}

// --- csvlog -----------------------------------------------------------------------------------

/** Fields of one CSV record (RFC 4180 quoting), or undefined when a quote is left open. */
export function splitCsv(s: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (s.charCodeAt(i) === 34) {
      let v = '';
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q === -1) return undefined;
        v += s.slice(i, q);
        if (s.charCodeAt(q + 1) === 34) {
          v += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(v);
    } else {
      const c = s.indexOf(',', i);
      out.push(s.slice(i, c === -1 ? s.length : c));
      i = c === -1 ? s.length : c;
    }
    if (i >= s.length) return out;
    if (s.charCodeAt(i) !== 44) return undefined;
    i++;
  }
}

const CSV = { time: 0, user: 1, db: 2, pid: 3, from: 4, severity: 11, message: 13, query: 19, app: 22 } as const;

export function parsePgCsvRecord(s: string, zone: string): PgEntry | string {
  const f = splitCsv(s);
  if (f === undefined) return 'a csvlog record with an unbalanced quote';
  if (f.length < 14) return `a csvlog record with ${f.length} fields (at least 14 expected)`;
  const time = f[CSV.time] ?? '';
  const ts = parsePgTime(`${time} `, 0, zone);
  if (Number.isNaN(ts)) return 'a csvlog record without a PostgreSQL timestamp';
  const severity = f[CSV.severity] ?? '';
  if (!SEVERITIES.has(severity)) return `a csvlog record with an unknown severity "${severity.slice(0, 20)}"`;
  const entry: PgEntry = { tsMs: ts, severity, message: f[CSV.message] ?? '' };
  const pid = Number(f[CSV.pid]);
  if (Number.isInteger(pid) && pid >= 0 && pid < 2 ** 31) entry.pid = pid;
  entry.user = known(f[CSV.user]);
  entry.database = known(f[CSV.db]);
  entry.application = known(f[CSV.app]);
  const from = f[CSV.from];
  if (from) setRemote(entry, from);
  const query = f[CSV.query];
  if (query && copyToStatement(entry.message) === undefined && copyToStatement(query) !== undefined) entry.message = `statement: ${query}`;
  return entry;
}

const MAX_CSV_LINES = 1000;

function createPgCsvParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const record = createPgRecorder(ctx);
  let open: { text: string; lineNo: number; lines: number } | undefined;
  const finish = (text: string, lineNo: number, batch: { records: LogRecord[]; invalid: { line?: number; reason: string }[] }) => {
    const entry = parsePgCsvRecord(text, ctx.timeZone);
    if (typeof entry === 'string') batch.invalid.push({ line: lineNo, reason: describeBadLine(entry, text) });
    else batch.records.push(record(entry, lineNo, text));
  };
  const quotesBalanced = (t: string) => {
    let n = 0;
    for (let i = t.indexOf('"'); i !== -1; i = t.indexOf('"', i + 1)) n++;
    return n % 2 === 0;
  };
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      if (open !== undefined) {
        open.text += `\n${text}`;
        open.lines++;
        if (quotesBalanced(open.text)) {
          finish(open.text, open.lineNo, batch);
          open = undefined;
        } else if (open.lines > MAX_CSV_LINES || open.text.length > MAX_CONTINUATION_CHARS) {
          batch.invalid.push({ line: open.lineNo, reason: `a csvlog record whose quoted field runs over ${open.lines} lines; skipped` });
          open = undefined;
        }
        return;
      }
      if (!quotesBalanced(text)) {
        open = { text, lineNo, lines: 1 };
        return;
      }
      finish(text, lineNo, batch);
    },
    onEnd(batch) {
      if (open !== undefined) batch.invalid.push({ line: open.lineNo, reason: 'a csvlog record cut off at the end of the file (unbalanced quote)' });
      open = undefined;
      if (ctx.hostHint) batch.notes = [`PostgreSQL log attributed to "${ctx.hostHint}" (from the folder name)`];
    },
  });
}

// --- jsonlog ----------------------------------------------------------------------------------

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function parsePgJsonLine(text: string, zone: string): PgEntry | string {
  const deep = jsonDepthProblem(text);
  if (deep) return deep;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return 'not a JSON object';
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'not a JSON object';
  const r = o as Record<string, unknown>;
  const time = str(r.timestamp);
  const ts = time === undefined ? Number.NaN : parsePgTime(`${time} `, 0, zone);
  if (Number.isNaN(ts)) return 'a jsonlog object without a PostgreSQL "timestamp"';
  const severity = str(r.error_severity) ?? '';
  if (!SEVERITIES.has(severity)) return 'a jsonlog object without a known "error_severity"';
  const entry: PgEntry = { tsMs: ts, severity, message: str(r.message) ?? '' };
  if (typeof r.pid === 'number' && Number.isInteger(r.pid) && r.pid >= 0 && r.pid < 2 ** 31) entry.pid = r.pid;
  entry.user = known(str(r.user));
  entry.database = known(str(r.dbname));
  entry.application = known(str(r.application_name));
  const host = known(str(r.remote_host));
  if (host !== undefined) {
    entry.remoteHost = host;
    if (typeof r.remote_port === 'number' && Number.isInteger(r.remote_port) && r.remote_port >= 0 && r.remote_port <= 65535) entry.remotePort = r.remote_port;
  }
  const stmt = str(r.statement);
  if (stmt && copyToStatement(entry.message) === undefined && copyToStatement(stmt) !== undefined) entry.message = `statement: ${stmt}`;
  return entry;
}

function createPgJsonParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const record = createPgRecorder(ctx);
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      const entry = parsePgJsonLine(text, ctx.timeZone);
      if (typeof entry === 'string') batch.invalid.push({ line: lineNo, reason: describeBadLine(entry, text) });
      else batch.records.push(record(entry, lineNo, text));
    },
    onEnd(batch) {
      if (ctx.hostHint) batch.notes = [`PostgreSQL log attributed to "${ctx.hostHint}" (from the folder name)`];
    },
  });
}

// --- sniffing ---------------------------------------------------------------------------------

// Above syslog's 0.9: these lines also start with an ISO time, and must never be read as syslog.
const CONFIDENT = 0.95;

function share(head: Buffer, accept: (line: string) => boolean | undefined): number {
  const lines = sampleLines(head);
  let hits = 0;
  let counted = 0;
  for (const line of lines) {
    const ok = accept(line);
    if (ok === undefined) continue;
    counted++;
    if (ok) hits++;
  }
  if (counted === 0) return 0;
  const s = hits / counted;
  return s < 0.5 ? 0 : CONFIDENT * s;
}

export const postgresStderrFormat: LogFormat = {
  id: 'postgresql-log',
  kind: 'logs',
  label: 'PostgreSQL server log (stderr, log_line_prefix "%m [%p] ")',
  // Sniffing wants a zone word it knows: `2026-03-07 14:01:00 web01 app: INFO: x` is syslog.
  sniff: (head) => share(head, (l) => (l.charCodeAt(0) === 9 ? undefined : typeof parsePgStderrLine(l, 'UTC') !== 'string' && !timeEnd.unknownZone)),
  createParser: createPgStderrParser,
};

export const postgresCsvFormat: LogFormat = {
  id: 'postgresql-csvlog',
  kind: 'logs',
  label: 'PostgreSQL csvlog',
  sniff: (head) =>
    share(head, (l) => {
      // A record continued over lines is neither counted for nor against.
      if (splitCsv(l) === undefined) return undefined;
      return typeof parsePgCsvRecord(l, 'UTC') !== 'string';
    }),
  createParser: createPgCsvParser,
};

export const postgresJsonFormat: LogFormat = {
  id: 'postgresql-jsonlog',
  kind: 'logs',
  label: 'PostgreSQL jsonlog (15+)',
  sniff: (head) => share(head, (l) => l.charCodeAt(0) === 123 && l.includes('"error_severity"') && typeof parsePgJsonLine(l, 'UTC') !== 'string'),
  createParser: createPgJsonParser,
};

export const postgresFormats: LogFormat[] = [postgresStderrFormat, postgresCsvFormat, postgresJsonFormat];
