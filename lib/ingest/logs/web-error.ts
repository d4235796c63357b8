import type { LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import type { ChunkParser, ParseContext } from '../types';
import { localToUtcMs } from '../tz';
import { sampleLines } from './sniff-lines';
import { createLineParser } from './split-lines';
import { monthNumber } from './syslog-clock';
import { describeBadLine } from './syslog-parser';
import { addressOrUndefined, webProgram } from './web-access';

// Web server error logs (docs/ANCHORS.md#web-server-logs), zone-less local times:
//   nginx   `2016/10/25 14:49:34 [error] 54053#0: *1 open() "…" failed (2: …), client: 127.0.0.1,
//           server: localhost, request: "GET /favicon.ico HTTP/1.1", host: "localhost:8080"`
//           (a FastCGI message may continue over lines that do not start with a date)
//   Apache  `[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416]
//           [client 72.15.99.187:5555] AH00128: File does not exist: …` (2.4) and
//           `[Mon Dec 26 16:22:08 2016] [error] [client 192.168.33.1] …` (2.2).
// One `http_error` event per entry: level in `result`, client in `srcIp`, request path in `paths`.

export interface WebError {
  tsMs: number;
  level: string;
  client?: string;
  pid?: number;
  method?: string;
  path?: string;
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

function clockOk(y: number, mo: number, d: number, h: number, mi: number, sec: number): boolean {
  return y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 60;
}

/** `, key: value` inside an nginx error message (quoted or up to the next comma). */
function nginxField(m: string, key: string): string | undefined {
  const at = m.indexOf(`, ${key}: `);
  if (at === -1) return undefined;
  const from = at + key.length + 4;
  if (m.charCodeAt(from) === 34) {
    const end = m.indexOf('"', from + 1);
    return end === -1 ? undefined : m.slice(from + 1, end);
  }
  const end = m.indexOf(',', from);
  return m.slice(from, end === -1 ? m.length : end);
}

function setRequest(out: WebError, request: string | undefined): void {
  if (request === undefined) return;
  const sp = request.indexOf(' ');
  if (sp === -1) return;
  const end = request.lastIndexOf(' ');
  out.method = request.slice(0, sp);
  out.path = end > sp ? request.slice(sp + 1, end) : request.slice(sp + 1);
}

export function parseNginxError(s: string, zone: string): WebError | string {
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (!clockOk(y, mo, d, h, mi, sec) || s[4] !== '/' || s[7] !== '/' || s[10] !== ' ' || s[13] !== ':' || s[16] !== ':' || s[19] !== ' ') {
    return 'no nginx error log time (YYYY/MM/DD HH:MM:SS) at the start of the line';
  }
  if (s[20] !== '[') return 'no [level] after the time';
  const close = s.indexOf('] ', 21);
  if (close === -1 || close > 32) return 'no [level] after the time';
  const level = s.slice(21, close);
  let p = close + 2;
  const hash = s.indexOf('#', p);
  const colon = s.indexOf(': ', p);
  const out: WebError = { tsMs: localToUtcMs(y, mo, d, h, mi, sec, 0, zone), level, message: '' };
  if (hash !== -1 && colon !== -1 && hash < colon && colon - p < 24) {
    const pid = digits(s, p, hash - p);
    if (pid >= 0 && hash > p) out.pid = pid;
    p = colon + 2;
  }
  const message = s.slice(p);
  out.message = message;
  out.client = nginxField(message, 'client');
  setRequest(out, nginxField(message, 'request'));
  return out;
}

export function parseApacheError(s: string, zone: string): WebError | string {
  // `[Www Mmm dd HH:MM:SS[.uuuuuu] yyyy]`
  if (s[0] !== '[' || s[4] !== ' ' || s[8] !== ' ' || s[11] !== ' ') return 'no Apache error log time ([Www Mmm dd HH:MM:SS yyyy]) at the start of the line';
  const mo = monthNumber(s.slice(5, 8));
  const d = digits(s, 9, 2) >= 0 ? digits(s, 9, 2) : s[9] === ' ' ? digits(s, 10, 1) : -1;
  const h = digits(s, 12, 2);
  const mi = digits(s, 15, 2);
  const sec = digits(s, 18, 2);
  let q = 20;
  if (s[q] === '.') {
    q++;
    while (digits(s, q, 1) >= 0) q++;
  }
  const y = s[q] === ' ' ? digits(s, q + 1, 4) : -1;
  if (!clockOk(y, mo, d, h, mi, sec) || s[14] !== ':' || s[17] !== ':' || s[q + 5] !== ']') {
    return 'no Apache error log time ([Www Mmm dd HH:MM:SS yyyy]) at the start of the line';
  }
  const out: WebError = { tsMs: localToUtcMs(y, mo, d, h, mi, sec, 0, zone), level: '', message: '' };
  let p = q + 6;
  // Bracketed fields: [module:level] or [level], [pid N(:tid M)], [client A(:port)], [remote …].
  for (let k = 0; k < 6 && s[p] === ' ' && s[p + 1] === '['; k++) {
    const end = s.indexOf(']', p + 2);
    if (end === -1) break;
    const field = s.slice(p + 2, end);
    if (field.startsWith('pid ')) {
      const n = Number.parseInt(field.slice(4), 10);
      if (Number.isInteger(n) && n >= 0) out.pid = n;
    } else if (field.startsWith('client ') || field.startsWith('remote ')) {
      let a = field.slice(field.indexOf(' ') + 1);
      const colon = a.lastIndexOf(':');
      if (colon > 0 && a.indexOf('.') !== -1 && a.indexOf(':') === colon) a = a.slice(0, colon);
      out.client = a;
    } else if (out.level === '') {
      const colon = field.lastIndexOf(':');
      out.level = colon === -1 ? field : field.slice(colon + 1);
    }
    p = end + 1;
  }
  if (out.level === '') return 'no [level] after the time';
  out.message = s.slice(s[p] === ' ' ? p + 1 : p);
  return out;
}

export function parseWebErrorLine(s: string, zone: string): WebError | string {
  return s.charCodeAt(0) === 91 ? parseApacheError(s, zone) : parseNginxError(s, zone);
}

function createWebErrorParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const program = webProgram(ctx.path);
  let pending: LogRecord | undefined;
  const flush = (records: LogRecord[]) => {
    if (pending !== undefined) records.push(pending);
    pending = undefined;
  };
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      const e = parseWebErrorLine(text, ctx.timeZone);
      if (typeof e === 'string') {
        // A message over several lines (PHP-FPM through FastCGI): the lines that follow an entry.
        const c = text.charCodeAt(0);
        if (pending !== undefined && c !== 91 && !(c >= 48 && c <= 57) && pending.raw.length < 64 * 1024) {
          pending.raw += `\n${text}`;
          return;
        }
        batch.invalid.push({ line: lineNo, reason: describeBadLine(e, text) });
        return;
      }
      flush(batch.records);
      const rec: LogRecord = { lineNo, tsMs: e.tsMs, program, pid: e.pid, kind: 'http_error', result: e.level, raw: text };
      if (ctx.hostHint) {
        rec.hostName = ctx.hostHint;
        rec.hostFrom = 'bundle-folder';
      }
      const ip = addressOrUndefined(e.client);
      if (ip !== undefined) rec.srcIp = ip;
      if (e.path !== undefined) {
        rec.paths = [e.path];
        rec.argv = [e.method ?? '', e.path];
      }
      pending = rec;
    },
    onEnd(batch) {
      flush(batch.records);
      const notes = [`web server error log times read in ${ctx.timeZone} (the log names no zone)`];
      if (ctx.hostHint) notes.push(`web server log attributed to "${ctx.hostHint}" (from the folder name)`);
      batch.notes = notes;
    },
  });
}

export const webErrorFormat: LogFormat = {
  id: 'web-error',
  kind: 'logs',
  label: 'Web server error log (nginx, Apache 2.2/2.4)',
  sniff: (head) => {
    const lines = sampleLines(head);
    let hits = 0;
    let counted = 0;
    for (const l of lines) {
      const ok = typeof parseWebErrorLine(l, 'UTC') !== 'string';
      // Continuation lines of a multi-line message count neither way once an entry was seen.
      if (!ok && hits > 0 && !/^(\[|\d{4}\/)/.test(l)) continue;
      counted++;
      if (ok) hits++;
    }
    if (counted === 0) return 0;
    const share = hits / counted;
    return share < 0.5 ? 0 : 0.9 * share;
  },
  createParser: createWebErrorParser,
};
