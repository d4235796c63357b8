import type { LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import { jsonDepthProblem } from '../json-depth';
import type { ChunkParser, ParseContext } from '../types';
import { notAHostName } from './host-tokens';
import { sampleLines } from './sniff-lines';
import { createLineParser } from './split-lines';
import { newSyslogHeader, parseIsoTime, parseSyslogLine } from './syslog';
import { createSyslogClock, type SyslogClock } from './syslog-clock';
import { extractEvent } from './syslog-events';
import { describeBadLine } from './syslog-parser';

// Syslog shipped as JSON lines (docs/ANCHORS.md#syslog-json), one object per line, whichever
// shipper wrote it: rsyslog JSON templates and `jsonmesg` (`timereported`, `hostname`,
// `programname`/`app-name`, `procid`, `msg`), syslog-ng `format-json` (`ISODATE`, `HOST`, `PROGRAM`,
// `PID`, `MESSAGE`), Fluent Bit's syslog parser (`time`, `host`, `ident`, `pid`, `message`), Vector
// (`timestamp`, `hostname`, `appname`, `procid`, `message`), GELF (`timestamp` epoch, `host`,
// `short_message`, `_program`/`_pid`) and Elastic ECS NDJSON (`@timestamp`, `host.name`,
// `process.name`, `process.pid`, `message`). Times are ISO 8601, BSD `Mmm dd HH:MM:SS`, or epoch
// seconds/ms/µs/ns (told apart by size). Every event goes through the same event extraction as
// a text syslog line, so the detectors see the same records.

const TIME_KEYS = ['@timestamp', 'timestamp', 'timereported', 'timegenerated', 'ISODATE', 'DATE', 'time', 'date', 'ts'];
const HOST_KEYS = ['host.name', 'hostname', 'host', 'HOST', 'syslog_hostname', 'fromhost', 'HOST_FROM', 'source_host'];
const PROGRAM_KEYS = [
  'process.name',
  'programname',
  'program',
  'app-name',
  'appname',
  'app_name',
  'PROGRAM',
  'ident',
  '_program',
  '_app_name',
  '_application_name',
  'syslog_program',
];
const PID_KEYS = ['process.pid', 'pid', 'procid', 'PID', '_pid', 'syslog_pid'];
const MESSAGE_KEYS = ['message', 'msg', 'MESSAGE', 'short_message', 'syslog_message'];
const TAG_KEYS = ['syslogtag', 'tag', 'TAG'];

type Json = Record<string, unknown>;

/** `a.b` as a dotted key or a nested object path (ECS writes either). */
function get(o: Json, key: string): unknown {
  if (Object.hasOwn(o, key)) return o[key];
  const dot = key.indexOf('.');
  if (dot === -1) return undefined;
  const inner = o[key.slice(0, dot)];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? get(inner as Json, key.slice(dot + 1)) : undefined;
}

function pick(o: Json, keys: readonly string[]): { key: string; value: string | number } | undefined {
  for (const key of keys) {
    const v = get(o, key);
    if ((typeof v === 'string' && v !== '' && v !== '-') || (typeof v === 'number' && Number.isFinite(v))) return { key, value: v };
  }
  return undefined;
}

/** Epoch number (s, ms, µs or ns by magnitude) → ms. */
export function epochToMs(n: number): number {
  const a = Math.abs(n);
  if (a < 1e11) return Math.round(n * 1000);
  if (a < 1e14) return Math.round(n);
  if (a < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}

const scratch = newSyslogHeader();

/** Time of a JSON value → UTC ms, or NaN. */
export function jsonTime(v: string | number, clock: SyslogClock): number {
  if (typeof v === 'number') return epochToMs(v);
  if (v.length > 64) return Number.NaN;
  if (/^\d{9,19}(\.\d+)?$/.test(v)) return epochToMs(Number(v));
  const c = v.charCodeAt(0);
  if (c >= 48 && c <= 57) return parseIsoTime(v, 0, clock);
  // BSD `Mmm dd HH:MM:SS` (Fluent Bit's syslog parser keeps the header's own time).
  return parseSyslogLine(`${v} - x: y`, clock, scratch) === null ? scratch.tsMs : Number.NaN;
}

export interface JsonSyslogEvent {
  tsMs: number;
  host?: string;
  program?: string;
  pid?: number;
  message: string;
}

export function parseJsonSyslog(text: string, clock: SyslogClock): JsonSyslogEvent | string {
  const deep = jsonDepthProblem(text);
  if (deep) return deep;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not a JSON object';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not a JSON object';
  const o = parsed as Json;
  const time = pick(o, TIME_KEYS);
  if (time === undefined) return 'no time field (timestamp, @timestamp, timereported, ISODATE, time …)';
  const tsMs = jsonTime(time.value, clock);
  if (Number.isNaN(tsMs)) return `time "${String(time.value).slice(0, 40)}" is not ISO 8601, BSD or epoch`;
  const message = pick(o, MESSAGE_KEYS);
  if (message === undefined) return 'no message field (message, msg, MESSAGE, short_message)';
  const ev: JsonSyslogEvent = { tsMs, message: String(message.value) };
  // rsyslog's %msg% keeps the space after the tag.
  if (message.key === 'msg' && ev.message.charCodeAt(0) === 32) ev.message = ev.message.slice(1);
  const host = pick(o, HOST_KEYS);
  if (host !== undefined && typeof host.value === 'string' && notAHostName(host.value) === undefined) ev.host = host.value;
  const program = pick(o, PROGRAM_KEYS);
  if (program !== undefined) ev.program = String(program.value);
  const pid = pick(o, PID_KEYS);
  if (pid !== undefined) {
    const n = Number(pid.value);
    if (Number.isInteger(n) && n >= 0 && n < 2 ** 31) ev.pid = n;
  }
  if (ev.program === undefined) {
    // A syslog tag `sshd[812]:` as the only name of the program.
    const tag = pick(o, TAG_KEYS);
    if (tag !== undefined && typeof tag.value === 'string') {
      const t = tag.value.endsWith(':') ? tag.value.slice(0, -1) : tag.value;
      const b = t.indexOf('[');
      ev.program = b > 0 ? t.slice(0, b) : t;
      if (ev.pid === undefined && b > 0 && t.endsWith(']')) {
        const n = Number(t.slice(b + 1, -1));
        if (Number.isInteger(n) && n >= 0 && n < 2 ** 31) ev.pid = n;
      }
    }
  }
  return ev;
}

function createJsonSyslogParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const clock = createSyslogClock(ctx);
  let hinted = false;
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      const ev = parseJsonSyslog(text, clock);
      if (typeof ev === 'string') {
        batch.invalid.push({ line: lineNo, reason: describeBadLine(ev, text) });
        return;
      }
      const rec: LogRecord = { lineNo, tsMs: ev.tsMs, program: ev.program, pid: ev.pid, kind: 'syslog', raw: text };
      if (ev.host !== undefined) {
        rec.hostName = ev.host;
        rec.hostFrom = 'record';
      } else if (ctx.hostHint) {
        rec.hostName = ctx.hostHint;
        rec.hostFrom = 'bundle-folder';
        hinted = true;
      }
      extractEvent(rec, ev.program, ev.message);
      batch.records.push(rec);
    },
    onEnd(batch) {
      const notes = clock.notes();
      if (hinted) notes.push(`entries without a host name attributed to "${ctx.hostHint}" (from the folder name)`);
      if (notes.length > 0) batch.notes = notes;
    },
  });
}

const sniffClock = createSyslogClock({ path: '', timeZone: 'UTC', mtimeMs: 0 });

/** Keys that mark other JSON formats Sightline reads (journald, PostgreSQL jsonlog, web access JSON, Zeek, laurel). */
const OTHER_FORMAT_KEYS = ['"__REALTIME_TIMESTAMP"', '"error_severity"', '"remote_addr"', '"id.orig_h"', '"SYSCALL"'];

export const jsonSyslogFormat: LogFormat = {
  id: 'syslog-json',
  kind: 'logs',
  label: 'Syslog as JSON lines (rsyslog, syslog-ng, Fluent Bit, Vector, GELF, Elastic ECS)',
  sniff: (head) => {
    const lines = sampleLines(head);
    if (lines.length === 0) return 0;
    let hits = 0;
    for (const l of lines) {
      if (l.charCodeAt(0) !== 123 || OTHER_FORMAT_KEYS.some((k) => l.includes(k))) continue;
      const ev = parseJsonSyslog(l, sniffClock);
      if (typeof ev !== 'string' && (ev.program !== undefined || ev.host !== undefined)) hits++;
    }
    const share = hits / lines.length;
    return share < 0.5 ? 0 : 0.85 * share;
  },
  createParser: createJsonSyslogParser,
};
