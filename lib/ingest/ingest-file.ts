// Ingests one file whose format is known: parse it as a stream, check every record against
// what the columns hold (lib/ingest/storable.ts), COPY it, and roll it up (lib/records/rollups.ts).
// `ingestFlowFile` and `ingestLogFile` share one typed loop and differ only in their table,
// their rollup and (flows) the stitching of one-way records into two-way flows.
import type pg from 'pg';
import type { DnsQueryRecord, FlowRecord, IdsAlertRecord, LogRecord } from '../records/records';
import { FlowRollup, LogRollup, ROLLUP_FLUSH_KEYS } from '../records/rollups';
import { addFlowRow, type CopyWriter, DNS_COLUMNS, dnsRow, FLOW_COLUMNS, LOG_COLUMNS, logRow } from './copy';
import { FlowStitcher } from './flows/stitch';
import type { FlowFormat, FormatModule, LogFormat } from './format';
import { insertIdsAlerts } from './ids-alerts';
import type { RecordLoad, RecordTable } from './partitions';
import type { FileProblems } from './problem-log';
import type { HeldSourceFiles } from './source-files';
import { dnsProblem, flowProblem, logProblem } from './storable';
import type { ParseBatch } from './types';

/** IDS alerts held before they are written between two COPYs (a few MB at most). */
const ALERT_FLUSH = 5000;
/**
 * DNS queries (a parser's `dns` side records) held before they are COPYed: one connection runs one
 * COPY at a time, so the file's own COPY is ended, these go to `dns_query`, and it is started again.
 */
export const DNS_FLUSH_ROWS = 50_000;

/** What one file of an upload gave. */
export interface IngestedFile {
  path: string;
  kind: 'logs' | 'flows' | 'inventory';
  format: string | null;
  records: number;
  errors: number;
  notes: string[];
}

export interface FileIngest {
  client: pg.PoolClient;
  assessmentId: string;
  uploadId: string;
  /** The new `source_file` row's id. */
  fileId: string;
  path: string;
  hostHint?: string;
  mtimeMs?: number;
  stream: AsyncIterable<Buffer>;
  timeZone: string;
  /** This file's problems (from `problems.file(path)`; the upload's ProblemLog writes them at the load's pauses). */
  fileProblems: FileProblems;
  /** Notes known before parsing (content of another kind than the upload field said). */
  notes?: string[];
  /** Called between batches; it throws to stop the ingest (a cancel). */
  checkCancelled?: () => void;
  /** Records written so far grew by `n` (progress). */
  onRecords?: (n: number) => void;
  /** Distinct rollup keys held in memory before they are written (default ROLLUP_FLUSH_KEYS). */
  rollupFlushKeys?: number;
  /** Where the upload's rows go (its assessment's partition, lib/ingest/partitions.ts); its COPY stays open across files. */
  load: RecordLoad;
  /** The upload's `source_file` rows and rollups not yet written (they are written at the load's pauses). */
  held: HeldSourceFiles;
}

/** How one kind of record is checked, staged, written and rolled up. */
interface RecordKind<R> {
  kind: 'flows' | 'logs';
  table: RecordTable;
  columns: readonly string[];
  problem(r: R): string | undefined;
  /** The record's line or record number, to locate a record that cannot be stored. */
  at(r: R): number;
  /** What goes to COPY for a batch of valid records, and what is still held at the end. */
  stage(valid: R[]): R[];
  drain(): R[];
  startMs(r: R): number;
  endMs(r: R): number;
  /** Buffers the record's COPY row; true when the writer's `flush` is due. */
  add(writer: CopyWriter, assessmentId: string, fileId: string, r: R): boolean;
  rollup: FlowRollup | LogRollup;
  addToRollup(r: R): void;
  endNotes(): string[];
}

export function ingestFlowFile(format: FlowFormat, o: FileIngest): Promise<IngestedFile> {
  const stitcher = new FlowStitcher();
  const rollup = new FlowRollup();
  return ingestRecords(format, o, {
    kind: 'flows',
    table: 'flow',
    columns: FLOW_COLUMNS,
    problem: flowProblem,
    at: (f) => f.recordNo,
    stage: (valid) => stitcher.push(valid),
    drain: () => stitcher.end(),
    startMs: (f) => f.startMs,
    endMs: (f) => f.endMs,
    add: addFlowRow,
    rollup,
    addToRollup: (f) => rollup.add(f),
    endNotes: () => (stitcher.stitched > 0 ? [`${stitcher.stitched} pairs of one-way records stitched into two-way flows`] : []),
  });
}

export function ingestLogFile(format: LogFormat, o: FileIngest): Promise<IngestedFile> {
  const rollup = new LogRollup();
  return ingestRecords(format, o, {
    kind: 'logs',
    table: 'log_event',
    columns: LOG_COLUMNS,
    problem: logProblem,
    at: (e) => e.lineNo,
    stage: (valid) => valid,
    drain: () => [],
    startMs: (e) => e.tsMs,
    endMs: (e) => e.tsMs,
    add: (writer, a, id, e) => writer.add(logRow(a, id, e)),
    rollup,
    addToRollup: (e) => rollup.add(e),
    endNotes: () => [],
  });
}

async function ingestRecords<R extends FlowRecord | LogRecord>(format: FormatModule<R>, o: FileIngest, k: RecordKind<R>): Promise<IngestedFile> {
  const { client, assessmentId: a, fileId, fileProblems, load, held } = o;
  const notes = new Set<string>(o.notes);
  // The file's row is written with the next statements (held while the upload's COPY runs on).
  held.start({ id: fileId, path: o.path, kind: k.kind, format: format.id, records: 0, notes: [], hostHint: o.hostHint }, k.rollup);
  const parser = format.createParser({ path: o.path, timeZone: o.timeZone, mtimeMs: o.mtimeMs, hostHint: o.hostHint });
  let written = 0;
  let alerts: IdsAlertRecord[] = [];
  // An IDS alert is a record of its file too (an EVE file of alerts alone is not "nothing
  // ingested"); written at a pause, after the file's row (their key refers to it).
  const flushAlerts = async () => {
    if (alerts.length === 0) return;
    await load.pause();
    written += await insertIdsAlerts(client, a, fileId, alerts);
    alerts = [];
  };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const write = async (records: R[]) => {
    const writer = await load.rows(k.table, k.columns);
    for (const r of records) {
      const s = k.startMs(r);
      const e = k.endMs(r);
      if (s < first) first = s;
      if (e > last) last = e;
      if (k.add(writer, a, fileId, r)) await writer.flush();
      k.addToRollup(r);
    }
    written += records.length;
    o.onRecords?.(records.length);
  };
  // DNS queries: checked as they come, COPYed in runs of DNS_FLUSH_ROWS (each run ends the COPY of the file's own table).
  let dnsHeld: DnsQueryRecord[] = [];
  let dnsWritten = 0;
  const flushDns = async () => {
    if (dnsHeld.length === 0) return;
    const dnsWriter = await load.rows('dns_query', DNS_COLUMNS);
    for (const q of dnsHeld) {
      if (q.tsMs < first) first = q.tsMs;
      if (q.tsMs > last) last = q.tsMs;
      if (dnsWriter.add(dnsRow(a, fileId, q))) await dnsWriter.flush();
    }
    dnsWritten += dnsHeld.length;
    o.onRecords?.(dnsHeld.length);
    dnsHeld = [];
  };
  const takeDns = async (dns: DnsQueryRecord[] | undefined) => {
    for (const q of dns ?? []) {
      const problem = dnsProblem(q);
      if (problem)
        fileProblems.add({ line: q.lineNo > 0 ? q.lineNo : undefined, offset: q.lineNo > 0 ? undefined : 0, reason: `DNS query not stored: ${problem}` });
      else dnsHeld.push(q);
    }
    if (dnsHeld.length >= DNS_FLUSH_ROWS) await flushDns();
  };
  const take = async (batch: ParseBatch<R>) => {
    o.checkCancelled?.();
    for (const n of batch.notes ?? []) notes.add(n);
    for (const issue of batch.invalid) fileProblems.add(issue);
    if (batch.alerts !== undefined) for (const alert of batch.alerts) alerts.push(alert);
    await takeDns(batch.dns);
    const valid: R[] = [];
    for (const r of batch.records) {
      // A record the columns cannot hold would make COPY refuse the whole upload.
      const problem = k.problem(r);
      if (problem) {
        const at = k.at(r);
        const located = Number.isInteger(at) && at > 0;
        fileProblems.add({ line: located ? at : undefined, offset: located ? undefined : 0, reason: `record not stored: ${problem}` });
        continue;
      }
      valid.push(r);
    }
    if (valid.length) await write(k.stage(valid));
    else o.onRecords?.(0);
    // Rollups (this file's and those held from the files before it) are written at a pause when
    // they hold too many distinct keys; IDS alerts likewise when many are held.
    if (held.rollupKeys + k.rollup.size > (o.rollupFlushKeys ?? ROLLUP_FLUSH_KEYS)) await load.pause();
    if (alerts.length >= ALERT_FLUSH) await flushAlerts();
  };
  for await (const chunk of o.stream) await take(parser.push(chunk));
  await take(parser.end());
  await write(k.drain());
  await flushDns();
  for (const n of k.endNotes()) notes.add(n);
  await flushAlerts();
  if (dnsWritten > 0) notes.add(`${dnsWritten} DNS quer${dnsWritten === 1 ? 'y' : 'ies'} stored for the DNS-tunnel detector`);
  written += dnsWritten;
  held.finish(fileId, { records: written, errors: fileProblems.count, notes: [...notes], firstMs: first, lastMs: last });
  return { path: o.path, kind: k.kind, format: format.id, records: written, errors: fileProblems.count, notes: [...notes] };
}
