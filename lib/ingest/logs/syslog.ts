import { localToUtcMs } from '../tz';
import { isTimeZoneToken, notAHostName } from './host-tokens';
import { monthNumber, type SyslogClock } from './syslog-clock';

// Line-level syslog parsing: the header (time, host, tag) of the three layouts found in files:
//   RFC 3164  `Mar  7 14:02:11 web01 sshd[812]: msg`          (BSD; no year, no zone)
//   ISO 8601  `2019-06-14T10:40:20.912134+01:30 web01 sudo: msg` (rsyslog high precision)
//   RFC 5424  `<34>1 2003-10-11T22:14:15.003Z web01 app 812 ID47 [sd] msg`
// Each may start with a `<PRI>` (raw network captures). Hand-written scanning instead of one
// big regex: this runs once per line and is most of the ingest time (target ≥ 1M lines/s).

export type SyslogLayout = 'rfc3164' | 'iso' | 'rfc5424';

/** Header fields of one line; reused between lines to avoid an allocation per line. */
export interface SyslogHeader {
  layout: SyslogLayout;
  tsMs: number;
  hostName: string | undefined;
  program: string | undefined;
  pid: number | undefined;
  message: string;
  /** A zone word followed the timestamp (`… 14:01:00.123 UTC [4242] LOG:`): not a syslog writer's layout. */
  zoneWord: boolean;
}

export function newSyslogHeader(): SyslogHeader {
  return { layout: 'rfc3164', tsMs: 0, hostName: undefined, program: undefined, pid: undefined, message: '', zoneWord: false };
}

/** Non-negative integer of `n` digits at `i`, or -1. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

// A pid past int4 is not a pid (Linux caps pid_max at 2^22) and the column could not hold it.
const MAX_PID = 2 ** 31 - 1;

const isDigit = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** Offset of the text after a leading `<PRI>`, or 0. */
export function skipPri(line: string): number {
  if (line.charCodeAt(0) !== 60) return 0;
  const gt = line.indexOf('>');
  if (gt < 2 || gt > 4) return 0;
  return digits(line, 1, gt - 1) >= 0 ? gt + 1 : 0;
}

/** Scratch for parseIsoTime: where the timestamp ended. */
const isoEnd = { at: 0 };

/**
 * `YYYY-MM-DD(T| )HH:MM:SS[.frac][Z|±HH:MM|±HHMM|±HH]` at `p` → UTC ms (NaN if malformed);
 * sets isoEnd.at. No offset → the clock's zone (rsyslog writes that when the template has no %z).
 */
export function parseIsoTime(s: string, p: number, clock: SyslogClock): number {
  const y = digits(s, p, 4);
  const mo = digits(s, p + 5, 2);
  const d = digits(s, p + 8, 2);
  const sep = s.charCodeAt(p + 10);
  const h = digits(s, p + 11, 2);
  const mi = digits(s, p + 14, 2);
  const sec = digits(s, p + 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return Number.NaN;
  if (s[p + 4] !== '-' || s[p + 7] !== '-' || (sep !== 84 && sep !== 32) || s[p + 13] !== ':' || s[p + 16] !== ':') return Number.NaN;
  let q = p + 19;
  let ms = 0;
  if (s[q] === '.' || s[q] === ',') {
    q++;
    let scale = 100;
    while (isDigit(s, q)) {
      ms += (s.charCodeAt(q) - 48) * scale;
      scale /= 10;
      q++;
    }
    ms = Math.floor(ms);
  }
  const z = s[q];
  if (z === 'Z' || z === 'z') {
    isoEnd.at = q + 1;
    return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  }
  if (z === '+' || z === '-') {
    const oh = digits(s, q + 1, 2);
    let om = 0;
    let end = q + 3;
    if (s[q + 3] === ':' && digits(s, q + 4, 2) >= 0) {
      om = digits(s, q + 4, 2);
      end = q + 6;
    } else if (digits(s, q + 3, 2) >= 0) {
      om = digits(s, q + 3, 2);
      end = q + 5;
    }
    if (oh < 0 || oh > 14 || om > 59) return Number.NaN;
    isoEnd.at = end;
    const sign = z === '+' ? 1 : -1;
    return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - sign * (oh * 60 + om) * 60_000;
  }
  isoEnd.at = q;
  clock.markZoneless();
  return localToUtcMs(y, mo, d, h, mi, sec, ms, clock.zone);
}

/** `Mmm dd HH:MM:SS[.frac]` at `p` (day space-padded or not) → UTC ms or NaN; sets isoEnd.at. */
function parseBsdTime(s: string, p: number, clock: SyslogClock): number {
  const month = monthNumber(s.slice(p, p + 3));
  if (month === 0 || s.charCodeAt(p + 3) !== 32) return Number.NaN;
  let q = p + 4;
  if (s.charCodeAt(q) === 32) q++;
  let day = digits(s, q, 2);
  if (day >= 0 && s.charCodeAt(q + 2) === 32) q += 3;
  else {
    day = digits(s, q, 1);
    if (day < 0 || s.charCodeAt(q + 1) !== 32) return Number.NaN;
    q += 2;
  }
  const h = digits(s, q, 2);
  const mi = digits(s, q + 3, 2);
  const sec = digits(s, q + 6, 2);
  if (day < 1 || day > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 || s[q + 2] !== ':' || s[q + 5] !== ':') {
    return Number.NaN;
  }
  q += 8;
  let ms = 0;
  if (s[q] === '.') {
    q++;
    let scale = 100;
    while (isDigit(s, q)) {
      ms += (s.charCodeAt(q) - 48) * scale;
      scale /= 10;
      q++;
    }
    ms = Math.floor(ms);
  }
  isoEnd.at = q;
  clock.markZoneless();
  return localToUtcMs(clock.yearFor(month), month, day, h, mi, sec, ms, clock.zone);
}

/**
 * Host, then tag. A first word that is not a host name (host-tokens.ts: a tag like `sshd[1]:`,
 * a level, a month, an address with a port) means the writer left the host out; a time zone
 * word belongs to the timestamp and is skipped. Tags can hold spaces (`syslogd 1.4.1:`,
 * `-- root[2421]:` in loghub Linux), so the tag is everything up to the first `: ` within a
 * short distance.
 */
function parseHostAndTag(s: string, p: number, out: SyslogHeader): void {
  let sp = s.indexOf(' ', p);
  let first = sp === -1 ? s.slice(p) : s.slice(p, sp);
  out.zoneWord = false;
  if (isTimeZoneToken(first)) {
    out.zoneWord = true;
    p = sp === -1 ? s.length : sp + 1;
    sp = s.indexOf(' ', p);
    first = sp === -1 ? s.slice(p) : s.slice(p, sp);
  }
  if (notAHostName(first) !== undefined) {
    out.hostName = undefined;
  } else {
    out.hostName = first;
    p = sp === -1 ? s.length : sp + 1;
    while (s.charCodeAt(p) === 32) p++;
  }
  parseTag(s, p, out);
}

const MAX_TAG = 96;

function parseTag(s: string, p: number, out: SyslogHeader): void {
  out.program = undefined;
  out.pid = undefined;
  const limit = Math.min(s.length, p + MAX_TAG);
  let i = s.indexOf(':', p);
  while (i !== -1 && i < limit && i + 1 < s.length && s.charCodeAt(i + 1) !== 32) i = s.indexOf(':', i + 1);
  if (i === -1 || i >= limit || i === p) {
    out.message = s.slice(p);
    return;
  }
  let tag = s.slice(p, i);
  // More than two spaces means ordinary text with a colon, not a tag.
  let spaces = 0;
  for (let k = tag.indexOf(' '); k !== -1; k = tag.indexOf(' ', k + 1)) spaces++;
  if (spaces > 2) {
    out.message = s.slice(p);
    return;
  }
  if (tag.endsWith(']')) {
    const b = tag.lastIndexOf('[');
    if (b > 0) {
      const pid = digits(tag, b + 1, tag.length - b - 2);
      if (pid >= 0 && pid <= MAX_PID && tag.length - b > 2) out.pid = pid;
      tag = tag.slice(0, b);
    }
  }
  out.program = tag.trim() || undefined;
  out.message = i + 1 < s.length ? s.slice(i + 2) : '';
}

/** `[id k="v"]…` or `-`: returns the offset after the structured data, or -1. */
function skipStructuredData(s: string, p: number): number {
  if (s[p] === '-') return p + 1;
  while (s[p] === '[') {
    let inQuote = false;
    p++;
    for (; p < s.length; p++) {
      const c = s[p];
      if (c === '\\') p++;
      else if (c === '"') inQuote = !inQuote;
      else if (c === ']' && !inQuote) break;
    }
    if (p >= s.length) return -1;
    p++;
  }
  return p;
}

function nextField(s: string, p: number): string | undefined {
  const sp = s.indexOf(' ', p);
  const v = sp === -1 ? s.slice(p) : s.slice(p, sp);
  isoEnd.at = sp === -1 ? s.length : sp + 1;
  return v === '-' ? undefined : v;
}

function parse5424(s: string, p: number, clock: SyslogClock, out: SyslogHeader): string | null {
  out.zoneWord = false;
  if (s[p] === '-') return 'RFC 5424 line without a timestamp';
  const ts = parseIsoTime(s, p, clock);
  if (Number.isNaN(ts) || s.charCodeAt(isoEnd.at) !== 32) return 'RFC 5424 line with a malformed timestamp';
  out.tsMs = ts;
  out.hostName = nextField(s, isoEnd.at + 1);
  out.program = nextField(s, isoEnd.at);
  const procId = nextField(s, isoEnd.at);
  const pid = procId === undefined ? -1 : digits(procId, 0, procId.length);
  out.pid = pid >= 0 && pid <= MAX_PID && procId !== '' ? pid : undefined;
  nextField(s, isoEnd.at); // MSGID: kept in raw only
  const after = skipStructuredData(s, isoEnd.at);
  if (after === -1) return 'RFC 5424 line with unterminated structured data';
  let msg = s.slice(s.charCodeAt(after) === 32 ? after + 1 : after);
  if (msg.charCodeAt(0) === 0xfeff) msg = msg.slice(1);
  out.message = msg;
  return null;
}

/** Parses one line into `out`. Returns null on success, else the reason it is not syslog. */
export function parseSyslogLine(s: string, clock: SyslogClock, out: SyslogHeader): string | null {
  const p = skipPri(s);
  // Version `1`; without a PRI only when a date follows, since `1 ` could start any text.
  if (s.charCodeAt(p) === 49 && s.charCodeAt(p + 1) === 32 && (p > 0 || isDigit(s, p + 2))) {
    out.layout = 'rfc5424';
    return parse5424(s, p + 2, clock, out);
  }
  let ts: number;
  if (isDigit(s, p)) {
    out.layout = 'iso';
    ts = parseIsoTime(s, p, clock);
  } else {
    out.layout = 'rfc3164';
    ts = parseBsdTime(s, p, clock);
  }
  if (Number.isNaN(ts)) return 'no syslog timestamp at the start of the line';
  const q = isoEnd.at;
  if (q < s.length && s.charCodeAt(q) !== 32) return 'no space after the syslog timestamp';
  out.tsMs = ts;
  parseHostAndTag(s, q + 1, out);
  return null;
}
