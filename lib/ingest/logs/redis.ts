import type { LogEventKind, LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import type { ChunkParser, ParseContext } from '../types';
import { localToUtcMs } from '../tz';
import { sampleLines } from './sniff-lines';
import { createLineParser } from './split-lines';
import { createSyslogClock, monthNumber, type SyslogClock } from './syslog-clock';
import { describeBadLine } from './syslog-parser';
import { addressOrUndefined } from './web-access';

// The Redis server log (docs/ANCHORS.md#redis-log; `serverLogRaw` in Redis' server.c):
//   `pid:role dd Mon yyyy HH:MM:SS.mmm <level> message`
// role X sentinel, C child (RDB/AOF writer), S replica, M master; level `.` debug, `-` verbose,
// `*` notice, `#` warning. Local time without zone. An unauthenticated Redis abused to write a file
// (`CONFIG SET dir` + `dbfilename` + `SAVE`) leaves only "DB saved on disk"; a rogue-master attack
// leaves the replication lines and "Module '…' loaded from …". Typed: SAVE/BGSAVE (db_export),
// CONFIG REWRITE (db_config_change), replica and master lines (db_replication, with the peer),
// module loads (db_module_load), accepted clients (db_connection, verbose level).

const ROLES = 'XCSM';
const LEVELS = '.-*#';

export interface RedisLine {
  tsMs: number;
  pid: number;
  role: string;
  level: string;
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

/**
 * One line → its parts, or the reason it is not a Redis log line. Also the older layouts:
 * `pid:role dd Mon HH:MM:SS.mmm` (before 5.0: no year, taken from the file's time like RFC 3164),
 * `[pid] dd Mon HH:MM:SS[.mmm]` (2.x), and `pid:signal-handler (epoch) …`.
 */
export function parseRedisLine(s: string, clock: SyslogClock): RedisLine | string {
  let pid: number;
  let role = '';
  let p: number;
  if (s.charCodeAt(0) === 91) {
    const close = s.indexOf('] ');
    pid = close > 1 && close < 12 ? digits(s, 1, close - 1) : -1;
    if (pid < 0) return 'no "pid:role" at the start of the line';
    p = close + 2;
  } else {
    const colon = s.indexOf(':');
    pid = colon >= 1 && colon <= 10 ? digits(s, 0, colon) : -1;
    if (pid < 0) return 'no "pid:role" at the start of the line';
    if (s.startsWith('signal-handler (', colon + 1)) {
      const close = s.indexOf(') ', colon + 17);
      const epoch = close === -1 ? -1 : digits(s, colon + 17, close - colon - 17);
      if (epoch < 0 || close - colon - 17 > 12) return 'no epoch time after "signal-handler ("';
      return { tsMs: epoch * 1000, pid, role: 'signal-handler', level: '#', message: s.slice(close + 2) };
    }
    role = s[colon + 1] ?? '';
    if (role === '' || !ROLES.includes(role) || s[colon + 2] !== ' ') return 'no "pid:role" at the start of the line';
    p = colon + 3;
  }
  const d = digits(s, p, 2);
  const mo = monthNumber(s.slice(p + 3, p + 6));
  if (d < 1 || d > 31 || mo === 0 || s[p + 2] !== ' ' || s[p + 6] !== ' ') return 'no Redis time (dd Mon [yyyy] HH:MM:SS.mmm) after "pid:role"';
  let q = p + 7;
  let y = -1;
  if (s[q + 4] === ' ') {
    y = digits(s, q, 4);
    if (y < 0) return 'no Redis time (dd Mon [yyyy] HH:MM:SS.mmm) after "pid:role"';
    q += 5;
  }
  const h = digits(s, q, 2);
  const mi = digits(s, q + 3, 2);
  const sec = digits(s, q + 6, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 || s[q + 2] !== ':' || s[q + 5] !== ':') {
    return 'no Redis time (dd Mon [yyyy] HH:MM:SS.mmm) after "pid:role"';
  }
  q += 8;
  let ms = 0;
  if (s[q] === '.') {
    ms = digits(s, q + 1, 3);
    if (ms < 0) return 'no Redis time (dd Mon [yyyy] HH:MM:SS.mmm) after "pid:role"';
    q += 4;
  }
  const level = s[q + 1] ?? '';
  if (s[q] !== ' ' || level === '' || !LEVELS.includes(level) || (s.length > q + 2 && s[q + 2] !== ' ')) return 'no Redis level (. - * #) after the time';
  clock.markZoneless();
  const year = y >= 0 ? y : clock.yearFor(mo);
  return { tsMs: localToUtcMs(year, mo, d, h, mi, sec, ms, clock.zone), pid, role, level, message: s.slice(q + 3) };
}

/** `a.b.c.d:port` (or `[v6]:port`) right after `after` in `m`. */
function endpoint(m: string, after: string): { ip: string; port?: number } | undefined {
  const at = m.indexOf(after);
  if (at === -1) return undefined;
  const from = at + after.length;
  let end = from;
  while (end < m.length && end - from < 60 && m.charCodeAt(end) !== 32 && m.charCodeAt(end) !== 39 && m.charCodeAt(end) !== 41) end++;
  const hp = m.slice(from, end);
  const c = hp.lastIndexOf(':');
  const host = c === -1 ? hp : hp.slice(0, c).replace(/^\[|\]$/g, '');
  const ip = addressOrUndefined(host);
  if (ip === undefined) return undefined;
  const port = c === -1 ? Number.NaN : Number(hp.slice(c + 1));
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? { ip, port } : { ip };
}

export function redisRecord(line: RedisLine, lineNo: number, raw: string, ctx: ParseContext): LogRecord {
  const m = line.message;
  let kind: LogEventKind = 'syslog';
  const rec: LogRecord = { lineNo, tsMs: line.tsMs, program: 'redis', pid: line.pid, kind, raw };
  if (m.startsWith('DB saved on disk') || m.startsWith('Background saving started') || m.startsWith('Saving the final RDB snapshot')) {
    kind = 'db_export';
  } else if (m.startsWith('CONFIG REWRITE') || m.startsWith('Configuration loaded')) {
    kind = 'db_config_change';
  } else if (m.startsWith('Module ') && m.includes(' loaded from ')) {
    kind = 'db_module_load';
    rec.paths = [m.slice(m.indexOf(' loaded from ') + 13).trim()];
  } else if (m.startsWith('Connecting to MASTER ') || m.startsWith('REPLICAOF ') || m.startsWith('SLAVE OF ') || m.includes('MASTER <-> REPLICA sync')) {
    kind = 'db_replication';
    const master = endpoint(m, 'MASTER ') ?? endpoint(m, 'REPLICAOF ') ?? endpoint(m, 'SLAVE OF ');
    if (master) {
      rec.dstIp = master.ip;
      if (master.port !== undefined) rec.dstPort = master.port;
    }
    const by = endpoint(m, ' addr=');
    if (by) {
      rec.srcIp = by.ip;
      if (by.port !== undefined) rec.srcPort = by.port;
    }
  } else if ((m.startsWith('Replica ') || m.startsWith('Slave ')) && m.includes('asks for synchronization')) {
    kind = 'db_replication';
    const r = endpoint(m, m.startsWith('Replica ') ? 'Replica ' : 'Slave ');
    if (r) {
      rec.srcIp = r.ip;
      if (r.port !== undefined) rec.srcPort = r.port;
    }
  } else if (m.startsWith('Accepted ')) {
    kind = 'db_connection';
    const r = endpoint(m, 'Accepted ');
    if (r) {
      rec.srcIp = r.ip;
      if (r.port !== undefined) rec.srcPort = r.port;
    }
  }
  rec.kind = kind;
  if (kind !== 'syslog') rec.argv = [m.length > 300 ? `${m.slice(0, 300)}…` : m];
  rec.result = line.level === '#' ? 'warning' : line.level === '*' ? 'notice' : line.level === '-' ? 'verbose' : 'debug';
  if (ctx.hostHint) {
    rec.hostName = ctx.hostHint;
    rec.hostFrom = 'bundle-folder';
  }
  return rec;
}

function createRedisParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const clock = createSyslogClock(ctx);
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      // The startup banner (ASCII art) has no prefix: lines of spaces and punctuation.
      const line = parseRedisLine(text, clock);
      if (typeof line === 'string') {
        if (!/[0-9A-Za-z]{3}/.test(text) || text.startsWith(' ')) return;
        batch.invalid.push({ line: lineNo, reason: describeBadLine(line, text) });
        return;
      }
      batch.records.push(redisRecord(line, lineNo, text, ctx));
    },
    onEnd(batch) {
      const notes = clock.notes();
      if (ctx.hostHint) notes.push(`Redis log attributed to "${ctx.hostHint}" (from the folder name)`);
      batch.notes = notes;
    },
  });
}

export const redisFormat: LogFormat = {
  id: 'redis-log',
  kind: 'logs',
  label: 'Redis server log',
  sniff: (head) => {
    const clock = createSyslogClock({ path: '', timeZone: 'UTC', mtimeMs: 0 });
    const lines = sampleLines(head);
    let hits = 0;
    let counted = 0;
    for (const l of lines) {
      const ok = typeof parseRedisLine(l, clock) !== 'string';
      // Banner lines (ASCII art) count neither way.
      if (!ok && (l.startsWith(' ') || !/[0-9A-Za-z]{3}/.test(l))) continue;
      counted++;
      if (ok) hits++;
    }
    if (counted === 0) return 0;
    const share = hits / counted;
    return share < 0.5 ? 0 : 0.9 * share;
  },
  createParser: createRedisParser,
};
