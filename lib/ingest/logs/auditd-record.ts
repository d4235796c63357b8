import { localToUtcMs } from '../tz';
import { type Args, type Fields, newFields, scanFields } from './auditd-kv';

// One audit.log line: `[node=<host> ]type=<TYPE> msg=audit(<epoch.ms>:<serial>): k=v …`
// optionally followed by 0x1D and the ENRICHED translations (`AUID="alice" UID="root"`).

export interface AuditRecord {
  type: string;
  fields: Fields;
  /** EXECVE only: the argument fields, as key/value pairs. */
  args?: Args;
}

export interface AuditLine extends AuditRecord {
  node?: string;
  /** `<time>:<serial>` exactly as written: with the node, the key that groups an event. */
  stamp: string;
  tsMs: number;
  /** The serial as a number, for a quick comparison before the stamp's. */
  serial: number;
}

/** ENRICHED log_format (auditd ≥ 2.6) separates the translated fields with a GS byte. */
const ENRICHED_SEPARATOR = '\u001d';

function isDigits(text: string, from: number, to: number, maxLength: number): boolean {
  if (to <= from || to - from > maxLength) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `1700000000.123` in `text[from, to)` → ms since the epoch, read in place (once per line). */
function parseEpoch(text: string, from: number, to: number): number | undefined {
  let sec = 0;
  let ms = 0;
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57 || i - from >= 12) return undefined;
    sec = sec * 10 + (c - 48);
  }
  if (i === from) return undefined;
  if (i < to) {
    const fracStart = ++i;
    if (i === to) return undefined;
    for (; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57 || i - fracStart >= 9) return undefined;
      // Milliseconds: the first three fractional digits.
      if (i - fracStart < 3) ms += (c - 48) * 10 ** (2 - (i - fracStart));
    }
  }
  return sec * 1000 + ms;
}

/** `ausearch -i` writes local time: `05/30/2018 10:11:12.123`. */
const INTERPRETED_TIME = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?$/;

function parseStampTime(line: string, from: number, to: number, timeZone: string): number | undefined {
  const epoch = parseEpoch(line, from, to);
  if (epoch !== undefined) return epoch;
  const m = INTERPRETED_TIME.exec(line.slice(from, to));
  if (m === null) return undefined;
  const [mo, d, y, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  return localToUtcMs(y, mo, d, h, mi, s, ms, timeZone);
}

export interface AuditHeader {
  node?: string;
  type: string;
  stamp: string;
  tsMs: number;
  serial: number;
  /** Index of the first field. */
  bodyStart: number;
}

/**
 * Reads `[node=…] type=… msg=audit(…):`, or returns why the line is not an audit record.
 * `stampPrefix` is `msg=audit(` for auditd and `audit(` for auoms, which drops `msg=`.
 */
export function parseAuditHeader(line: string, timeZone: string, stampPrefix = 'msg=audit('): AuditHeader | string {
  let i = 0;
  let node: string | undefined;
  if (line.startsWith('node=')) {
    const sp = line.indexOf(' ');
    if (sp === -1) return 'node= prefix without a record';
    node = line.slice(5, sp);
    i = sp + 1;
  }
  if (!line.startsWith('type=', i)) return 'not an audit record (no type=)';
  const typeEnd = line.indexOf(' ', i);
  if (typeEnd === -1) return 'audit record without an audit(…) stamp';
  const type = line.slice(i + 5, typeEnd);
  const open = line.indexOf(stampPrefix, typeEnd);
  // The stamp follows the type (a little slack for odd spacing, not a search of the body).
  if (open === -1 || open > typeEnd + 4) return 'audit record without an audit(…) stamp';
  const stampStart = open + stampPrefix.length;
  const close = line.indexOf(')', stampStart);
  if (close === -1) return 'unterminated msg=audit( stamp';
  const colon = line.lastIndexOf(':', close);
  const tsMs = colon < stampStart ? undefined : parseStampTime(line, stampStart, colon, timeZone);
  if (tsMs === undefined || !isDigits(line, colon + 1, close, 20)) {
    return `malformed audit stamp "${line.slice(stampStart, Math.min(close, stampStart + 60))}"`;
  }
  const stamp = line.slice(stampStart, close);
  const serial = Number(line.slice(colon + 1, close));
  let bodyStart = close + 1;
  // `): ` normally; `ausearch -i` writes `) : `; DAEMON_CONFIG has no colon at all.
  while (bodyStart < line.length && (line.charCodeAt(bodyStart) === 58 || line.charCodeAt(bodyStart) === 32)) bodyStart++;
  return node === undefined ? { type, stamp, tsMs, serial, bodyStart } : { node, type, stamp, tsMs, serial, bodyStart };
}

/** Parses one audit.log line, or returns why it is not an audit record. */
export function parseAuditLine(line: string, timeZone: string): AuditLine | string {
  const header = parseAuditHeader(line, timeZone);
  if (typeof header === 'string') return header;
  const { bodyStart, type } = header;
  const gs = line.indexOf(ENRICHED_SEPARATOR, bodyStart);
  const end = gs === -1 ? line.length : gs;
  const fields = newFields(type);
  const args: Args | undefined = type === 'EXECVE' ? [] : undefined;
  scanFields(line, bodyStart, end, fields, args);
  if (gs !== -1) scanFields(line, gs + 1, line.length, fields);
  const rec: AuditLine = { type, stamp: header.stamp, tsMs: header.tsMs, serial: header.serial, fields };
  if (args !== undefined) rec.args = args;
  if (header.node !== undefined) rec.node = header.node;
  return rec;
}
