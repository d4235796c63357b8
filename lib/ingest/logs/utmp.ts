import type { LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import type { ChunkParser, ParseBatch, ParseContext } from '../types';

// Binary login records (docs/ANCHORS.md#login-records): wtmp and btmp hold `struct utmp` records
// (utmp(5); 384 bytes on x86_64 Linux glibc, 32-bit times), lastlog one `struct lastlog` (292
// bytes) per uid. Content decides, not the name: a USER_PROCESS record is a login, a LOGIN_PROCESS
// record with a user name is a failed login (what sshd and login(1) write to btmp), DEAD_PROCESS a
// logout, BOOT_TIME a boot. The files name no host: records take the bundle folder's.

export const UTMP_SIZE = 384;
export const LASTLOG_SIZE = 292;

const UT = { type: 0, pid: 4, line: 8, user: 44, host: 76, sec: 340, usec: 344, addr: 348 } as const;
const UT_LINE = 32;
const UT_USER = 32;
const UT_HOST = 256;

const BOOT_TIME = 2;
const LOGIN_PROCESS = 6;
const USER_PROCESS = 7;
const DEAD_PROCESS = 8;

// Times before 1990 or after 2100 are not a login record's (glibc writes 0 only for EMPTY).
const MIN_SEC = Date.UTC(1990, 0, 1) / 1000;
const MAX_SEC = Date.UTC(2100, 0, 1) / 1000;

/** The NUL-terminated text of a fixed-size field, or undefined when it holds control bytes before the NUL. */
function field(b: Buffer, at: number, size: number): string | undefined {
  let end = at;
  const stop = at + size;
  while (end < stop && b[end] !== 0) {
    const c = b[end] as number;
    if (c < 32 || c === 127) return undefined;
    end++;
  }
  return b.toString('utf8', at, end);
}

/** Why a 384-byte record is not a utmp record, or undefined. */
export function utmpProblem(b: Buffer, at: number): string | undefined {
  const type = b.readInt16LE(at + UT.type);
  if (type < 0 || type > 9) return `ut_type ${type} is not 0–9`;
  if (b.readInt32LE(at + UT.pid) < 0) return 'negative ut_pid';
  if (field(b, at + UT.line, UT_LINE) === undefined || field(b, at + UT.user, UT_USER) === undefined || field(b, at + UT.host, UT_HOST) === undefined) {
    return 'control bytes in ut_line, ut_user or ut_host';
  }
  const sec = b.readInt32LE(at + UT.sec);
  if (type !== 0 && (sec < MIN_SEC || sec > MAX_SEC)) return `ut_tv ${sec} is not a time between 1990 and 2100`;
  const usec = b.readInt32LE(at + UT.usec);
  if (usec < 0 || usec > 999_999) return `ut_tv.tv_usec ${usec} is out of range`;
  return undefined;
}

/** ut_addr_v6 as text: IPv4 when only the first word is set, IPv6 otherwise, undefined when zero. */
function address(b: Buffer, at: number): string | undefined {
  const a = b.subarray(at, at + 16);
  if (a.every((x) => x === 0)) return undefined;
  if (a.subarray(4).every((x) => x === 0)) return `${a[0]}.${a[1]}.${a[2]}.${a[3]}`;
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(a.readUInt16BE(i).toString(16));
  return words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

const IP_CHARS = /^[0-9a-fA-F:.]+$/;
const IPV4_TEXT = /^\d{1,3}(\.\d{1,3}){3}$/;
const isIpText = (h: string) => h.length <= 45 && IP_CHARS.test(h) && (h.includes(':') || IPV4_TEXT.test(h));

export function utmpRecord(b: Buffer, at: number, index: number, ctx: ParseContext): LogRecord | undefined {
  const type = b.readInt16LE(at + UT.type);
  if (type !== USER_PROCESS && type !== LOGIN_PROCESS && type !== DEAD_PROCESS && type !== BOOT_TIME) return undefined;
  const user = field(b, at + UT.user, UT_USER) ?? '';
  if (type === LOGIN_PROCESS && user === '') return undefined; // a getty waiting, not an attempt
  const line = field(b, at + UT.line, UT_LINE) ?? '';
  const host = field(b, at + UT.host, UT_HOST) ?? '';
  const tsMs = b.readInt32LE(at + UT.sec) * 1000 + Math.floor(b.readInt32LE(at + UT.usec) / 1000);
  const kind = type === USER_PROCESS || type === DEAD_PROCESS ? 'login_record' : type === LOGIN_PROCESS ? 'login_failed_record' : 'syslog';
  const result = type === USER_PROCESS ? 'login' : type === DEAD_PROCESS ? 'logout' : type === LOGIN_PROCESS ? 'failed' : 'boot';
  const rec: LogRecord = {
    lineNo: index,
    tsMs,
    program: 'utmp',
    pid: b.readInt32LE(at + UT.pid),
    kind,
    result,
    argv: [line, host],
    raw: `${result} ${user || '-'} ${line || '-'} ${host || '-'} pid=${b.readInt32LE(at + UT.pid)}`,
  };
  if (user !== '' && type !== BOOT_TIME) rec.userName = user;
  const ip = address(b, at + UT.addr) ?? (isIpText(host) ? host : undefined);
  if (ip !== undefined && kind !== 'syslog') rec.srcIp = ip;
  if (ctx.hostHint) {
    rec.hostName = ctx.hostHint;
    rec.hostFrom = 'bundle-folder';
  }
  return rec;
}

/** Why a 292-byte record is not a lastlog record, or undefined. */
export function lastlogProblem(b: Buffer, at: number): string | undefined {
  const sec = b.readInt32LE(at);
  if (sec !== 0 && (sec < MIN_SEC || sec > MAX_SEC)) return `ll_time ${sec} is not a time between 1990 and 2100`;
  if (field(b, at + 4, UT_LINE) === undefined || field(b, at + 36, UT_HOST) === undefined) return 'control bytes in ll_line or ll_host';
  return undefined;
}

function lastlogRecord(b: Buffer, at: number, uid: number, ctx: ParseContext): LogRecord | undefined {
  const sec = b.readInt32LE(at);
  if (sec === 0) return undefined;
  const line = field(b, at + 4, UT_LINE) ?? '';
  const host = field(b, at + 36, UT_HOST) ?? '';
  const rec: LogRecord = {
    lineNo: uid + 1,
    tsMs: sec * 1000,
    program: 'lastlog',
    kind: 'lastlog',
    uid,
    argv: [line, host],
    raw: `last login uid=${uid} ${line || '-'} ${host || '-'}`,
  };
  if (isIpText(host)) rec.srcIp = host;
  if (ctx.hostHint) {
    rec.hostName = ctx.hostHint;
    rec.hostFrom = 'bundle-folder';
  }
  return rec;
}

const MAX_LISTED = 1000;

/** A fixed-size record reader: whole records whatever the chunking, the tail reported at the end. */
function createRecordParser(
  size: number,
  what: string,
  problem: (b: Buffer, at: number) => string | undefined,
  make: (b: Buffer, at: number, index: number) => LogRecord | undefined,
  ctx: ParseContext,
): ChunkParser<LogRecord> {
  let rest: Buffer = Buffer.alloc(0);
  let index = 0;
  let listed = 0;
  let offset = 0;
  const take = (chunk: Buffer, batch: ParseBatch<LogRecord>) => {
    const b = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let at = 0;
    for (; at + size <= b.length; at += size) {
      index++;
      const why = problem(b, at);
      if (why !== undefined) {
        if (listed++ < MAX_LISTED) batch.invalid.push({ offset: offset + at, reason: `${what} ${index} (byte ${offset + at}): ${why}` });
        continue;
      }
      const rec = make(b, at, index);
      if (rec !== undefined) batch.records.push(rec);
    }
    offset += at;
    rest = Buffer.from(b.subarray(at));
  };
  return {
    push(chunk) {
      const batch: ParseBatch<LogRecord> = { records: [], invalid: [] };
      take(chunk, batch);
      return batch;
    },
    end() {
      const batch: ParseBatch<LogRecord> = { records: [], invalid: [] };
      if (rest.length > 0) batch.invalid.push({ offset, reason: `${rest.length} trailing bytes are not a whole ${size}-byte ${what}` });
      rest = Buffer.alloc(0);
      const notes = [`${what}s read as x86_64 Linux records (${size} bytes)`];
      if (ctx.hostHint) notes.push(`login records attributed to "${ctx.hostHint}" (from the folder name)`);
      batch.notes = notes;
      return batch;
    },
  };
}

/** Share-free sniff: every whole record in the head must be valid, and the head must hold at least one. */
function sniffRecords(
  head: Buffer,
  size: number,
  problem: (b: Buffer, at: number) => string | undefined,
  meaningful: (b: Buffer, at: number) => boolean,
): number {
  const n = Math.floor(head.length / size);
  if (n === 0) return 0;
  // A whole small file must be whole records; a 64 KiB head is cut anywhere.
  if (head.length < 65_536 && head.length % size !== 0) return 0;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    if (problem(head, i * size) !== undefined) return 0;
    if (meaningful(head, i * size)) seen++;
  }
  return seen > 0 ? 0.9 : 0;
}

export const utmpFormat: LogFormat = {
  id: 'utmp',
  kind: 'logs',
  label: 'Login records wtmp/btmp (utmp, x86_64 Linux)',
  sniff: (head) => sniffRecords(head, UTMP_SIZE, utmpProblem, (b, at) => b.readInt16LE(at) !== 0),
  createParser: (ctx) => createRecordParser(UTMP_SIZE, 'utmp record', utmpProblem, (b, at, i) => utmpRecord(b, at, i, ctx), ctx),
};

export const lastlogFormat: LogFormat = {
  id: 'lastlog',
  kind: 'logs',
  label: 'lastlog (x86_64 Linux)',
  // A sparse file (one slot per uid) can start with nothing but empty slots; below utmp's score.
  sniff: (head) =>
    head.length >= LASTLOG_SIZE && head.every((x) => x === 0) && (head.length >= 65_536 || head.length % LASTLOG_SIZE === 0)
      ? 0.6
      : 0.85 * Math.min(1, sniffRecords(head, LASTLOG_SIZE, lastlogProblem, (b, at) => b.readInt32LE(at) !== 0) / 0.9),
  createParser: (ctx) => createRecordParser(LASTLOG_SIZE, 'lastlog record', lastlogProblem, (b, at, i) => lastlogRecord(b, at, i - 1, ctx), ctx),
};
