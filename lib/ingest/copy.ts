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
const startTime = new IsoTime();
const endTime = new IsoTime();
const iso = (ms: number): string => startTime.format(ms);

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

/** One flow as a COPY text line; its addresses are those `flowProblem` accepted (storable.ts). */
export function flowRow(assessmentId: string, sourceFileId: string, f: FlowRecord): string {
  return `${lead(assessmentId, sourceFileId)}${f.recordNo}\t${startTime.format(f.startMs)}\t${endTime.format(f.endMs)}\t${f.srcIp}\t${f.dstIp}\t${f.srcPort}\t${f.dstPort}\t${f.proto}\t${Math.round(f.packets)}\t${Math.round(f.bytes)}\t${opt(f.revPackets)}\t${opt(f.revBytes)}\t${opt(f.tcpFlags)}\t${opt(f.revTcpFlags)}\t${optInet(f.exporter)}\t${f.sampling ?? 1}\t${opt(f.revRecordNo)}\n`;
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
    if (this.used + maxBytes(row.length) > this.chunk.length) {
      // The chunk is handed to the stream as it is (never written into again), a new one taken.
      if (this.used > 0) this.full.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(FLUSH_BYTES, maxBytes(row.length)));
      this.used = 0;
    }
    this.used += this.chunk.write(row, this.used);
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
