import type { LogRecord } from '../../records/records';
import { jsonDepthProblem } from '../json-depth';
import type { ChunkParser, ParseContext } from '../types';
import { type AuditEvent, buildLogRecord } from './auditd-event';
import { ARGV_SEPARATOR, bytesToText } from './auditd-hex';
import { F, type Fields, newFields, scanFields } from './auditd-kv';
import type { AuditRecord } from './auditd-record';
import { decodeSockaddrBytes, normaliseIp, parseInterpretedSockaddr, type SockAddr } from './auditd-sockaddr';
import { isLittleEndianArch } from './auditd-syscalls';
import { createLineParser } from './split-lines';

// laurel (threathunters-io/laurel) JSON lines: one audit event per line, records keyed by type
// (`SYSCALL`, `EXECVE`, `PATH: [...]` …), hex already decoded, argv as arrays. Strings use an
// inner URI encoding for bytes JSON cannot carry (`%`, `+`, control bytes and invalid UTF-8
// become `%xx`, laurel `src/quote.rs`), which is undone here.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PERCENT_ESCAPE = /%([0-9a-fA-F]{2})/g;

/** Bytes of a laurel string: UTF-8 text with `%xx` for single bytes. */
function decodeLaurelBytes(s: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (const m of s.matchAll(PERCENT_ESCAPE)) {
    parts.push(Buffer.from(s.slice(from, m.index), 'utf8'), Buffer.of(Number.parseInt(m[1] as string, 16)));
    from = m.index + 3;
  }
  parts.push(Buffer.from(s.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** Undoes laurel's `%xx` encoding; bytes that are not UTF-8 come out as `\xNN`. */
export function decodeLaurelString(s: string): string {
  return s.indexOf('%') === -1 ? s : bytesToText(decodeLaurelBytes(s));
}

function scalar(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return decodeLaurelString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Scalar fields of one record; a nested user-space `msg` (object or text) wins over outer keys. */
function toFields(obj: JsonObject, out: Fields = newFields()): Fields {
  for (const key in obj) {
    if (!Object.hasOwn(F, key)) continue;
    const v = scalar(obj[key]);
    if (v !== undefined) out[F[key as keyof typeof F]] = v;
  }
  const msg = obj.msg;
  if (isObject(msg)) toFields(msg, out);
  else if (typeof msg === 'string') scanFields(msg, 0, msg.length, out);
  return out;
}

function stringList(v: Json | undefined): string[] | undefined {
  return Array.isArray(v) ? v.map((a) => scalar(a) ?? '') : undefined;
}

function toSockAddr(entry: JsonObject, arch: string | undefined): SockAddr | undefined {
  for (const key of ['SADDR', 'saddr']) {
    const v = entry[key];
    if (isObject(v)) {
      const parsed = parseInterpretedSockaddr(
        `{ ${Object.entries(v)
          .map(([k, x]) => `${k}=${scalar(x) ?? ''}`)
          .join(' ')} }`,
      );
      if (parsed !== undefined) return parsed.ip === undefined ? parsed : { ...parsed, ip: normaliseIp(parsed.ip) };
    } else if (typeof v === 'string' && v.startsWith('{')) {
      const parsed = parseInterpretedSockaddr(v);
      if (parsed !== undefined) return parsed;
    }
  }
  const raw = entry.saddr;
  return typeof raw === 'string' ? decodeSockaddrBytes(decodeLaurelBytes(raw), isLittleEndianArch(arch)) : undefined;
}

/** laurel's own enrichments (process tree, labels, environment) are not audit records. */
const NOT_RECORDS = new Set(['ID', 'NODE', 'PARENT_INFO', 'PPID', 'ENV', 'LABELS', 'CONTAINER_INFO']);

export function laurelToEvent(obj: JsonObject, lineNo: number, raw: string): AuditEvent | string {
  const id = obj.ID;
  if (typeof id !== 'string') return 'laurel line without "ID"';
  const m = /^(\d{1,12})\.(\d{1,3}):(\d+)$/.exec(id);
  if (m === null) return `malformed laurel ID "${id.slice(0, 40)}"`;
  const tsMs = Number(m[1]) * 1000 + Number((m[2] as string).padEnd(3, '0'));
  const records: AuditRecord[] = [];
  const event: AuditEvent = { lineNo, tsMs, raw, records };
  if (typeof obj.NODE === 'string') event.node = obj.NODE;
  const syscall = obj.SYSCALL;
  const arch = isObject(syscall) ? scalar(syscall.arch) : undefined;
  for (const type in obj) {
    if (NOT_RECORDS.has(type)) continue;
    const value = obj[type];
    if (type === 'EXECVE' && isObject(value)) {
      const argv = stringList(value.ARGV);
      if (argv !== undefined) event.argv = argv;
      records.push({ type, fields: newFields(), args: [] });
    } else if (type === 'PROCTITLE' && isObject(value)) {
      const fields = newFields();
      const argv = stringList(value.ARGV);
      if (argv !== undefined) fields[F.proctitle] = argv.join(ARGV_SEPARATOR);
      records.push({ type, fields });
    } else if (type === 'SOCKADDR' && Array.isArray(value)) {
      const first = value.find(isObject);
      const sockaddr = first === undefined ? undefined : toSockAddr(first, arch);
      if (sockaddr !== undefined) event.sockaddr = sockaddr;
    } else if (isObject(value)) {
      records.push({ type, fields: toFields(value) });
    } else if (Array.isArray(value)) {
      for (const item of value) if (isObject(item)) records.push({ type, fields: toFields(item) });
    }
  }
  return event;
}

export function createLaurelParser(ctx: ParseContext): ChunkParser<LogRecord> {
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      let obj: Json;
      const tooDeep = jsonDepthProblem(text);
      if (tooDeep !== undefined) {
        batch.invalid.push({ line: lineNo, reason: tooDeep });
        return;
      }
      try {
        obj = JSON.parse(text) as Json;
      } catch {
        batch.invalid.push({ line: lineNo, reason: 'not valid JSON' });
        return;
      }
      if (!isObject(obj)) {
        batch.invalid.push({ line: lineNo, reason: 'JSON line is not an object' });
        return;
      }
      const event = laurelToEvent(obj, lineNo, text);
      if (typeof event === 'string') batch.invalid.push({ line: lineNo, reason: event });
      else batch.records.push(buildLogRecord(event, ctx.hostHint));
    },
  });
}
