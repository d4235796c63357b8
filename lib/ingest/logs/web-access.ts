import type { LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import { jsonDepthProblem } from '../json-depth';
import type { ChunkParser, ParseContext } from '../types';
import { sampleLines } from './sniff-lines';
import { createLineParser } from './split-lines';
import { monthNumber } from './syslog-clock';
import { describeBadLine } from './syslog-parser';

// Web server access logs (docs/ANCHORS.md#web-server-logs): nginx/Apache `common` and `combined`
// (`%h %l %u %t "%r" %>s %b ["%{Referer}i" "%{User-agent}i"]`), with what real configurations put
// before the client (Apache `vhost_combined`'s `%v`, an `X-Forwarded-For` list) or after the user
// agent (nginx `"$http_x_forwarded_for"`), and JSON lines (`log_format … escape=json`). The log names
// no host: records take the bundle folder's. One `http_request` event per line, with
// argv = [method, path, status, bytes, user agent, referrer].

export interface HttpRequest {
  tsMs: number;
  client?: string;
  user?: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  userAgent: string;
  referrer: string;
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

/** `07/Dec/2016:11:05:07 +0100` at `p` → UTC ms, or NaN. */
export function parseClfTime(s: string, p: number): number {
  const d = digits(s, p, 2);
  const mo = monthNumber(s.slice(p + 3, p + 6));
  const y = digits(s, p + 7, 4);
  const h = digits(s, p + 12, 2);
  const mi = digits(s, p + 15, 2);
  const sec = digits(s, p + 18, 2);
  if (d < 1 || d > 31 || mo === 0 || y < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return Number.NaN;
  if (s[p + 2] !== '/' || s[p + 6] !== '/' || s[p + 11] !== ':' || s[p + 14] !== ':' || s[p + 17] !== ':' || s[p + 20] !== ' ') return Number.NaN;
  const sign = s[p + 21] === '+' ? 1 : s[p + 21] === '-' ? -1 : 0;
  const oh = digits(s, p + 22, 2);
  const om = digits(s, p + 24, 2);
  if (sign === 0 || oh < 0 || oh > 14 || om < 0 || om > 59) return Number.NaN;
  return Date.UTC(y, mo - 1, d, h, mi, sec) - sign * (oh * 60 + om) * 60_000;
}

/** Scratch: where the last quoted string ended. */
const quoteEnd = { at: 0 };

/** The quoted string at `p` (`"` … `"`, backslash escapes as nginx and Apache write them), or undefined. */
function quotedAt(s: string, p: number): string | undefined {
  if (s.charCodeAt(p) !== 34) return undefined;
  let out = '';
  let from = p + 1;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      out += s.slice(from, i);
      const n = s[i + 1];
      if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
        out += String.fromCharCode(Number.parseInt(s.slice(i + 2, i + 4), 16));
        i += 3;
      } else if (n !== undefined) {
        out += n;
        i += 1;
      }
      from = i + 1;
    } else if (c === 34) {
      quoteEnd.at = i + 1;
      return out + s.slice(from, i);
    }
  }
  return undefined;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** An IPv4 or IPv6 literal (what can go into an inet column), else undefined. */
export function addressOrUndefined(v: string | undefined): string | undefined {
  if (v === undefined || v.length === 0 || v.length > 45) return undefined;
  if (IPV4.test(v)) return v.split('.').every((o) => Number(o) <= 255) ? v : undefined;
  if (v.includes(':') && /^[0-9a-fA-F:.]+$/.test(v)) return v;
  return undefined;
}

/** `"GET /x HTTP/1.1"` → method and path; `-` and empty requests give empty strings. */
function splitRequest(r: string): { method: string; path: string } {
  const sp = r.indexOf(' ');
  if (sp === -1) return { method: '', path: r === '-' ? '' : r };
  const end = r.lastIndexOf(' ');
  return { method: r.slice(0, sp), path: end > sp ? r.slice(sp + 1, end) : r.slice(sp + 1) };
}

/** One common/combined line, or the reason it is not one. */
export function parseAccessLine(s: string): HttpRequest | string {
  // The time: the first `[` that opens a valid CLF time (what precedes it varies by configuration).
  let b = s.indexOf(' [');
  let ts = Number.NaN;
  while (b !== -1 && b < 600) {
    ts = parseClfTime(s, b + 2);
    if (!Number.isNaN(ts) && s.charCodeAt(b + 28) === 93) break;
    b = s.indexOf(' [', b + 1);
  }
  if (b === -1 || b >= 600 || Number.isNaN(ts)) return 'no access log time ([dd/Mon/yyyy:HH:MM:SS +zzzz]) near the start of the line';
  const before = s.slice(0, b).split(' ');
  if (before.length < 3) return 'fewer than three fields (client, ident, user) before the time';
  const user = before[before.length - 1] ?? '-';
  const client = before[before.length - 3] ?? '';
  let p = b + 29;
  if (s.charCodeAt(p) !== 32) return 'no space after the time';
  p++;
  const request = quotedAt(s, p);
  if (request === undefined) return 'no quoted request after the time';
  p = quoteEnd.at;
  const sp1 = s.indexOf(' ', p + 1);
  const status = digits(s, p + 1, 3);
  if (s.charCodeAt(p) !== 32 || status < 100 || status > 599 || (sp1 !== -1 && sp1 !== p + 4) || (sp1 === -1 && s.length !== p + 4)) {
    return 'no 3-digit status after the request';
  }
  let bytes = 0;
  let userAgent = '';
  let referrer = '';
  if (sp1 !== -1) {
    const sp2 = s.indexOf(' ', sp1 + 1);
    const b0 = s.slice(sp1 + 1, sp2 === -1 ? s.length : sp2);
    if (b0 !== '-') {
      const n = Number(b0);
      if (!Number.isInteger(n) || n < 0) return `size "${b0.slice(0, 20)}" is not a byte count`;
      bytes = n;
    }
    if (sp2 !== -1) {
      const ref = quotedAt(s, sp2 + 1);
      if (ref !== undefined) {
        referrer = ref === '-' ? '' : ref;
        const ua = s.charCodeAt(quoteEnd.at) === 32 ? quotedAt(s, quoteEnd.at + 1) : undefined;
        if (ua !== undefined) userAgent = ua === '-' ? '' : ua;
      }
    }
  }
  const { method, path } = splitRequest(request);
  return { tsMs: ts, client, user: user === '-' ? undefined : user, method, path, status, bytes, userAgent, referrer };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function pick(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = str(o[k]);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

const TIME_KEYS = ['time_iso8601', 'time_local', '@timestamp', 'timestamp', 'time', 'ts'];
const CLIENT_KEYS = ['remote_addr', 'client', 'clientip', 'client_ip', 'remote_ip', 'remoteIP', 'ip'];
const STATUS_KEYS = ['status', 'response', 'response_code', 'status_code'];

/** One JSON access log object, or the reason it is not one. */
export function parseAccessJson(text: string): HttpRequest | string {
  const deep = jsonDepthProblem(text);
  if (deep) return deep;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not a JSON object';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not a JSON object';
  const o = parsed as Record<string, unknown>;
  const time = pick(o, TIME_KEYS);
  let ts = Number.NaN;
  // No real time is longer; a long one is not parsed at all (Date.parse of junk is not linear).
  if (time !== undefined && time.length <= 64) ts = /^\d{2}\/[A-Z][a-z]{2}\//.test(time) ? parseClfTime(`${time} `, 0) : Date.parse(time);
  if (time !== undefined && time.length <= 64 && Number.isNaN(ts) && /^\d+(\.\d+)?$/.test(time)) ts = Math.round(Number(time) * 1000);
  if (Number.isNaN(ts)) return 'no request time (time_iso8601, time_local, @timestamp …)';
  const status = Number(pick(o, STATUS_KEYS));
  if (!Number.isInteger(status) || status < 100 || status > 599) return 'no HTTP status';
  const request = pick(o, ['request']);
  let { method, path } = request === undefined ? { method: '', path: '' } : splitRequest(request);
  method = pick(o, ['request_method', 'method']) ?? method;
  path = pick(o, ['request_uri', 'uri', 'path', 'url']) ?? path;
  if (method === '' && path === '') return 'no request (request, request_method/request_uri)';
  const bytes = Number(pick(o, ['body_bytes_sent', 'bytes_sent', 'bytes', 'size']) ?? 0);
  const user = pick(o, ['remote_user', 'user']);
  return {
    tsMs: ts,
    client: pick(o, CLIENT_KEYS),
    user: user === '-' ? undefined : user,
    method,
    path,
    status,
    bytes: Number.isFinite(bytes) && bytes >= 0 ? Math.floor(bytes) : 0,
    userAgent: pick(o, ['http_user_agent', 'user_agent', 'agent', 'useragent']) ?? '',
    referrer: pick(o, ['http_referer', 'referer', 'referrer']) ?? '',
  };
}

/** Which server wrote the file, from its path (a label only; the format comes from content). */
export function webProgram(path: string): string {
  if (/nginx/i.test(path)) return 'nginx';
  if (/apache|httpd/i.test(path)) return 'apache';
  return 'httpd';
}

export function httpRecord(req: HttpRequest, lineNo: number, raw: string, ctx: ParseContext, program: string): LogRecord {
  const rec: LogRecord = {
    lineNo,
    tsMs: req.tsMs,
    program,
    kind: 'http_request',
    paths: [req.path],
    result: String(req.status),
    argv: [req.method, req.path, String(req.status), String(req.bytes), req.userAgent, req.referrer],
    raw,
  };
  if (ctx.hostHint) {
    rec.hostName = ctx.hostHint;
    rec.hostFrom = 'bundle-folder';
  }
  const ip = addressOrUndefined(req.client);
  if (ip !== undefined) rec.srcIp = ip;
  if (req.user !== undefined) rec.userName = req.user;
  return rec;
}

function createAccessParser(parse: (text: string) => HttpRequest | string) {
  return (ctx: ParseContext): ChunkParser<LogRecord> => {
    const program = webProgram(ctx.path);
    return createLineParser<LogRecord>({
      onLine(text, lineNo, batch) {
        const req = parse(text);
        if (typeof req === 'string') batch.invalid.push({ line: lineNo, reason: describeBadLine(req, text) });
        else batch.records.push(httpRecord(req, lineNo, text, ctx, program));
      },
      onEnd(batch) {
        if (ctx.hostHint) batch.notes = [`web server log attributed to "${ctx.hostHint}" (from the folder name)`];
      },
    });
  };
}

function sniffShare(head: Buffer, ok: (line: string) => boolean): number {
  const lines = sampleLines(head);
  if (lines.length === 0) return 0;
  let hits = 0;
  for (const l of lines) if (ok(l)) hits++;
  const share = hits / lines.length;
  return share < 0.5 ? 0 : 0.9 * share;
}

export const webAccessFormat: LogFormat = {
  id: 'web-access',
  kind: 'logs',
  label: 'Web server access log (nginx/Apache common or combined)',
  sniff: (head) => sniffShare(head, (l) => typeof parseAccessLine(l) !== 'string'),
  createParser: createAccessParser(parseAccessLine),
};

export const webAccessJsonFormat: LogFormat = {
  id: 'web-access-json',
  kind: 'logs',
  label: 'Web server access log as JSON lines (nginx escape=json)',
  sniff: (head) => sniffShare(head, (l) => l.charCodeAt(0) === 123 && typeof parseAccessJson(l) !== 'string' && CLIENT_KEYS.some((k) => l.includes(`"${k}"`))),
  createParser: createAccessParser(parseAccessJson),
};
