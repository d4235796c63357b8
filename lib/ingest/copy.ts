// Bulk loading through COPY … FROM STDIN (text format). Prisma's createMany measured ~40×
// slower at a million rows. Rows are serialised straight to COPY text; writes respect the
// stream's backpressure so memory stays flat however large the input.
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DnsQueryRecord, FlowRecord, LogRecord } from '../records/records';

/**
 * Escapes one value for COPY's text format, with the native string search and replace: a
 * regular expression with a replacer function cost twice as much, and auditd's raw events, whose
 * lines are joined by newlines, all need escaping (92 k of the log-ingest bench's auditd events,
 * without the database, scaled to 1 M: raw text 1.24 → 0.58 s, argv and path arrays 1.21 →
 * 0.65 s; 2026-12-08).
 */
export function copyText(value: string): string {
  let v = value;
  // The backslash first: the escapes added below must not be escaped again.
  if (v.indexOf('\\') !== -1) v = v.replaceAll('\\', '\\\\');
  if (v.indexOf('\n') !== -1) v = v.replaceAll('\n', '\\n');
  if (v.indexOf('\t') !== -1) v = v.replaceAll('\t', '\\t');
  if (v.indexOf('\r') !== -1) v = v.replaceAll('\r', '\\r');
  return v;
}

/** One element of an array literal, quoted: backslash and double quote escaped. */
function arrayElement(value: string): string {
  let v = value;
  if (v.indexOf('\\') !== -1) v = v.replaceAll('\\', '\\\\');
  if (v.indexOf('"') !== -1) v = v.replaceAll('"', '\\"');
  return `"${v}"`;
}

/** A text[] literal (`{"a","b"}`), escaped for COPY. */
export function copyTextArray(values: readonly string[] | undefined): string {
  if (!values || values.length === 0) return '{}';
  let literal = `{${arrayElement(values[0] as string)}`;
  for (let i = 1; i < values.length; i++) literal += `,${arrayElement(values[i] as string)}`;
  return copyText(`${literal}}`);
}

const N = '\\N';
const opt = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? N : String(v));
const optText = (v: string | undefined): string => (v === undefined || v === '' ? N : copyText(v));
/** An address `storable.ts` accepted (digits, dots, colons, hex): nothing to escape. */
const optInet = (v: string | undefined): string => (v === undefined || v === '' ? N : v);

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_MS = 86_400_000;

/**
 * `new Date(ms).toISOString()` without a Date per row: the day's "YYYY-MM-DDT" is kept from
 * the last call (records arrive in time order) and the time of day is computed. Years outside
 * 0–9999 (six-digit years in toISOString) are not stored (storable.ts); they take the slow path.
 */
class IsoTime {
  private day = Number.NaN;
  private prefix = '';
  format(ms: number): string {
    const t = Math.trunc(ms) + 0; // as Date does (+0: no -0)
    const day = Math.floor(t / DAY_MS);
    if (day !== this.day) {
      const full = new Date(day * DAY_MS).toISOString();
      if (full.length !== 24) return new Date(t).toISOString();
      this.day = day;
      this.prefix = full.slice(0, 11);
    }
    let rest = t - day * DAY_MS;
    const milli = rest % 1000;
    rest = (rest - milli) / 1000;
    const second = rest % 60;
    rest = (rest - second) / 60;
    const minute = rest % 60;
    const hour = (rest - minute) / 60;
    return `${this.prefix}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[milli]}Z`;
  }
}
const isoTime = new IsoTime();
const iso = (ms: number): string => isoTime.format(ms);

// Every row of a file starts with the same two ids.
let leadIds = '';
let leadText = '\t\t';
const lead = (assessmentId: string, sourceFileId: string): string => {
  const ids = assessmentId + sourceFileId;
  if (ids !== leadIds) {
    leadIds = ids;
    leadText = `${copyText(assessmentId)}\t${copyText(sourceFileId)}\t`;
  }
  return leadText;
};

export const FLOW_COLUMNS = [
  'assessment_id',
  'source_file_id',
  'record_no',
  'start_ts',
  'end_ts',
  'src_ip',
  'dst_ip',
  'src_port',
  'dst_port',
  'proto',
  'packets',
  'bytes',
  'rev_packets',
  'rev_bytes',
  'tcp_flags',
  'rev_tcp_flags',
  'exporter',
  'sampling',
  'rev_record_no',
] as const;

// A flow row is written byte by byte into the COPY buffer, not built as a string and encoded:
// every field is ASCII (addresses are those `flowProblem` accepted: digits, dots, colons, hex;
// the rest are numbers, times and ids), so no escaping or UTF-8 is involved. Per 1 M nfdump CSV
// rows, without the database: the row text and its encoding 1.08–1.16 s, written as bytes
// 0.51–0.54 s (2026-12-08).
const TAB = 9;
const DIGITS = Buffer.alloc(24);

/** A non-negative integer below 2^53 in decimal (Math.floor(x / 10) is exact there). */
function putUint(buf: Buffer, at: number, n: number): number {
  // Not a count `flowProblem` lets through (never here on ingest's path): as String() writes it,
  // for COPY to refuse, rather than digits of something else (or no end, for Infinity).
  if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER)) return at + buf.write(String(n), at, 'latin1');
  if (n < 10) {
    buf[at] = 48 + n;
    return at + 1;
  }
  let i = DIGITS.length;
  if (n <= 0x7fffffff) {
    for (let x = n | 0; x > 0; ) {
      const q = (x / 10) | 0;
      DIGITS[--i] = 48 + (x - q * 10);
      x = q;
    }
  } else {
    for (let x = n; x > 0; ) {
      const q = Math.floor(x / 10);
      DIGITS[--i] = 48 + (x - q * 10);
      x = q;
    }
  }
  let o = at;
  while (i < DIGITS.length) buf[o++] = DIGITS[i++] as number;
  return o;
}

/** `\N`, or a count rounded as BIGINT stores it (a NaN is no count either). */
function putOptCount(buf: Buffer, at: number, v: number | undefined): number {
  if (v === undefined || Number.isNaN(v)) {
    buf[at] = 92;
    buf[at + 1] = 78;
    return at + 2;
  }
  return putUint(buf, at, Math.round(v));
}

/** Text known to be ASCII (an address `flowProblem` accepted). */
function putAscii(buf: Buffer, at: number, text: string): number {
  let o = at;
  for (let i = 0; i < text.length; i++) buf[o++] = text.charCodeAt(i);
  return o;
}

function putTwo(buf: Buffer, at: number, n: number): void {
  const t = (n / 10) | 0;
  buf[at] = 48 + t;
  buf[at + 1] = 48 + n - t * 10;
}

/** IsoTime as bytes: the day's "YYYY-MM-DDT" kept from the last call, the time of day written. */
class IsoBytes {
  private day = Number.NaN;
  private readonly prefix = Buffer.alloc(11);
  put(buf: Buffer, at: number, ms: number): number {
    const t = Math.trunc(ms) + 0;
    const day = Math.floor(t / DAY_MS);
    if (day !== this.day) {
      const full = new Date(day * DAY_MS).toISOString();
      // Years outside 0–9999 are not stored (storable.ts): toISOString writes six digits for them.
      if (full.length !== 24) return at + buf.write(new Date(t).toISOString(), at, 'latin1');
      this.day = day;
      this.prefix.write(full.slice(0, 11), 0, 'latin1');
    }
    for (let i = 0; i < 11; i++) buf[at + i] = this.prefix[i] as number;
    let rest = t - day * DAY_MS;
    const milli = rest % 1000;
    rest = (rest - milli) / 1000;
    const second = rest % 60;
    rest = (rest - second) / 60;
    const minute = rest % 60;
    putTwo(buf, at + 11, (rest - minute) / 60);
    buf[at + 13] = 58; // :
    putTwo(buf, at + 14, minute);
    buf[at + 16] = 58;
    putTwo(buf, at + 17, second);
    buf[at + 19] = 46; // .
    buf[at + 20] = 48 + ((milli / 100) | 0);
    putTwo(buf, at + 21, milli % 100);
    buf[at + 23] = 90; // Z
    return at + 24;
  }
}
const startBytes = new IsoBytes();
const endBytes = new IsoBytes();

let leadBytesIds = '';
let leadBytes = Buffer.from('\t\t');
const flowLead = (assessmentId: string, sourceFileId: string): Buffer => {
  const ids = assessmentId + sourceFileId;
  if (ids !== leadBytesIds) {
    leadBytesIds = ids;
    leadBytes = Buffer.from(lead(assessmentId, sourceFileId));
  }
  return leadBytes;
};

/** Most bytes `putFlowRow` writes for `f` after `leadLength` (numbers ≤ 16 digits, times 24). */
const flowRowBytes = (leadLength: number, f: FlowRecord) => leadLength + f.srcIp.length + f.dstIp.length + (f.exporter?.length ?? 0) + 16 * 12 + 2 * 24 + 20;

/** Writes one flow as a COPY text line at `at`; returns where it ends. Its addresses are those `flowProblem` accepted. */
function putFlowRow(buf: Buffer, at: number, lead: Buffer, f: FlowRecord): number {
  for (let i = 0; i < lead.length; i++) buf[at + i] = lead[i] as number;
  let o = putUint(buf, at + lead.length, f.recordNo);
  buf[o++] = TAB;
  o = startBytes.put(buf, o, f.startMs);
  buf[o++] = TAB;
  o = endBytes.put(buf, o, f.endMs);
  buf[o++] = TAB;
  o = putAscii(buf, o, f.srcIp);
  buf[o++] = TAB;
  o = putAscii(buf, o, f.dstIp);
  buf[o++] = TAB;
  o = putUint(buf, o, f.srcPort);
  buf[o++] = TAB;
  o = putUint(buf, o, f.dstPort);
  buf[o++] = TAB;
  o = putUint(buf, o, f.proto);
  buf[o++] = TAB;
  o = putUint(buf, o, Math.round(f.packets));
  buf[o++] = TAB;
  o = putUint(buf, o, Math.round(f.bytes));
  buf[o++] = TAB;
  o = putOptCount(buf, o, f.revPackets);
  buf[o++] = TAB;
  o = putOptCount(buf, o, f.revBytes);
  buf[o++] = TAB;
  o = putOptCount(buf, o, f.tcpFlags);
  buf[o++] = TAB;
  o = putOptCount(buf, o, f.revTcpFlags);
  buf[o++] = TAB;
  o = f.exporter === undefined || f.exporter === '' ? putOptCount(buf, o, undefined) : putAscii(buf, o, f.exporter);
  buf[o++] = TAB;
  o = putUint(buf, o, f.sampling ?? 1);
  buf[o++] = TAB;
  o = putOptCount(buf, o, f.revRecordNo);
  buf[o++] = 10;
  return o;
}

/** Buffers one flow in a COPY into `FLOW_COLUMNS`; true when `flush` is due (CopyWriter.add). */
export function addFlowRow(writer: CopyWriter, assessmentId: string, sourceFileId: string, f: FlowRecord): boolean {
  const lead = flowLead(assessmentId, sourceFileId);
  const buf = writer.room(flowRowBytes(lead.length, f));
  return writer.commit(putFlowRow(buf, writer.at, lead, f));
}

let rowScratch = Buffer.alloc(1024);
/** One flow as a COPY text line (the bytes `addFlowRow` buffers). */
export function flowRow(assessmentId: string, sourceFileId: string, f: FlowRecord): string {
  const lead = flowLead(assessmentId, sourceFileId);
  const max = flowRowBytes(lead.length, f);
  if (rowScratch.length < max) rowScratch = Buffer.alloc(max);
  return rowScratch.toString('latin1', 0, putFlowRow(rowScratch, 0, lead, f));
}

export const LOG_COLUMNS = [
  'assessment_id',
  'source_file_id',
  'line_no',
  'ts',
  'host_name',
  'program',
  'pid',
  'ppid',
  'kind',
  'user_name',
  'uid',
  'euid',
  'auid',
  'exe',
  'argv',
  'cwd',
  'paths',
  'src_ip',
  'src_port',
  'dst_ip',
  'dst_port',
  'result',
  'raw',
] as const;

export function logRow(assessmentId: string, sourceFileId: string, e: LogRecord): string {
  return `${lead(assessmentId, sourceFileId)}${e.lineNo}\t${iso(e.tsMs)}\t${optText(e.hostName)}\t${optText(e.program)}\t${opt(e.pid)}\t${opt(e.ppid)}\t${e.kind}\t${optText(e.userName)}\t${opt(e.uid)}\t${opt(e.euid)}\t${opt(e.auid)}\t${optText(e.exe)}\t${copyTextArray(e.argv)}\t${optText(e.cwd)}\t${copyTextArray(e.paths)}\t${optInet(e.srcIp)}\t${opt(e.srcPort)}\t${optInet(e.dstIp)}\t${opt(e.dstPort)}\t${optText(e.result)}\t${copyText(stripNul(e.raw))}\n`;
}

export const DNS_COLUMNS = [
  'assessment_id',
  'source_file_id',
  'line_no',
  'ts',
  'client_ip',
  'client_port',
  'resolver_ip',
  'resolver_port',
  'query',
  'registered_domain',
  'qtype',
  'rcode',
  'answers',
  'answer_ips',
] as const;

export function dnsRow(assessmentId: string, sourceFileId: string, q: DnsQueryRecord): string {
  return `${assessmentId}\t${sourceFileId}\t${q.lineNo}\t${iso(q.tsMs)}\t${q.clientIp}\t${opt(q.clientPort)}\t${q.resolverIp}\t${opt(q.resolverPort)}\t${copyText(q.query)}\t${optText(q.registeredDomain)}\t${optText(q.qtype)}\t${optText(q.rcode)}\t${opt(q.answers)}\t${q.answerIps?.length ? copyTextArray(q.answerIps) : N}\n`;
}

// PostgreSQL text cannot hold NUL; keep a visible marker instead of losing the line.
function stripNul(s: string): string {
  return s.includes('\0') ? s.replaceAll('\0', '\\x00') : s;
}

/** Bytes buffered before they go to the connection in one write. */
const FLUSH_BYTES = 256 * 1024;
/** UTF-8 bytes a string of n UTF-16 units can take at most. */
const maxBytes = (n: number) => n * 3;

/** A COPY in progress on `client`; `write` resolves when the stream can take more. */
export class CopyWriter {
  private readonly stream: Writable;
  private readonly done: Promise<void>;
  // Rows are encoded straight into a buffer as they come (Buffer#write), not kept as strings and
  // joined at each flush: the join copied every row once more and the stream encoded the result
  // again (1 M log rows: 2.0–2.6 s for rows, join and encoding vs 1.5 s written into a buffer,
  // 0.9–1.1 s for the rows alone; measured without the database, bench/README.md).
  private chunk: Buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  private used = 0;
  private full: Buffer[] = [];
  private ending: Promise<void> | undefined;
  rows = 0;

  /**
   * `freeze`: the rows are written frozen and their pages marked all-visible (COPY … FREEZE), for
   * a table created in the same transaction (and subtransaction) only — lib/ingest/partitions.ts.
   */
  constructor(client: pg.PoolClient, table: string, columns: readonly string[], opts: { freeze?: boolean } = {}) {
    this.stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN${opts.freeze ? ' WITH (FREEZE)' : ''}`));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
    // Surface errors only through `done`/`end`.
    this.done.catch(() => {});
  }

  async write(row: string): Promise<void> {
    if (this.add(row)) await this.flush();
  }

  /** Buffers a row without waiting; true when enough is buffered that `flush` is due. */
  add(row: string): boolean {
    const chunk = this.room(maxBytes(row.length));
    return this.commit(this.used + chunk.write(row, this.used));
  }

  /** The buffer to write the next row into, from `at`, with room for `max` bytes (then `commit`). */
  room(max: number): Buffer {
    if (this.used + max > this.chunk.length) {
      // The chunk is handed to the stream as it is (never written into again), a new one taken.
      if (this.used > 0) this.full.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(FLUSH_BYTES, max));
      this.used = 0;
    }
    return this.chunk;
  }

  /** Where the next row starts in `room`'s buffer. */
  get at(): number {
    return this.used;
  }

  /** A row was written into `room`'s buffer up to `end`; true when `flush` is due. */
  commit(end: number): boolean {
    this.used = end;
    this.rows += 1;
    return this.used >= FLUSH_BYTES || this.full.length > 0;
  }

  async flush(): Promise<void> {
    if (this.used === 0 && this.full.length === 0) return;
    let ok = true;
    for (const b of this.full) ok = this.stream.write(b) && ok;
    if (this.used > 0) {
      ok = this.stream.write(this.chunk.subarray(0, this.used)) && ok;
      this.chunk = Buffer.allocUnsafe(FLUSH_BYTES);
      this.used = 0;
    }
    this.full = [];
    if (!ok) {
      await Promise.race([new Promise((resolve) => this.stream.once('drain', resolve)), this.done]);
    }
  }

  /**
   * Abandons the COPY (a CopyFail: PostgreSQL discards it and reports an error, which is not
   * ours to raise) so the connection can roll back; for a load that failed elsewhere.
   */
  async abort(): Promise<void> {
    if (!this.ending) {
      this.ending = this.done.catch(() => {});
      this.stream.destroy(new Error('load abandoned'));
    }
    await this.ending.catch(() => {});
  }

  /** Finishes the COPY; calling it again only waits for the same end. */
  async end(): Promise<number> {
    if (!this.ending) {
      this.ending = (async () => {
        await this.flush();
        this.stream.end();
        await this.done;
      })();
    }
    await this.ending;
    return this.rows;
  }
}
