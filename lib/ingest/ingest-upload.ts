// Ingests one stored upload: walk (archive members), sniff, parse as a stream, COPY.
// Everything an upload loads happens in ONE transaction: a crash, a lost connection or a
// fatal error (truncated archive) leaves nothing half-loaded, and a retry starts clean.
import crypto from 'node:crypto';
import type pg from 'pg';
import { getPool, getPrisma } from '../db/client';
import { looksLikeEtcHosts, parseEtcHosts } from '../hosts/etc-hosts';
import { looksLikeInventory, parseInventory } from '../hosts/inventory';
import { ArchiveCorruptError, ArchiveLimitError, type ArchiveLimits, peek, walkInput } from './archive';
import { CopyWriter, FLOW_COLUMNS, flowRow, LOG_COLUMNS, logRow } from './copy';
import { communityId } from './flows/community-id';
import { FlowStitcher } from './flows/stitch';
import { SNIFF_BYTES } from './format';
import { allFormats } from './registry';
import { deleteUploadRollups, FlowRollup, LogRollup, ROLLUP_FLUSH_KEYS } from './rollups';
import { sniffFormat } from './sniff';
import { flowProblem, logProblem } from './storable';
import type { FlowRecord, LogRecord, ParseBatch, ParseIssue } from './types';

/** Located problems kept per file (all are counted; the first ones are stored and shown). */
export const MAX_STORED_ISSUES_PER_FILE = 200;

export interface IngestOptions {
  uploadId: string;
  timeZone: string;
  limits?: Partial<ArchiveLimits>;
  /** Fail the whole upload when one file is not in a known format (default: skip that file). */
  strict?: boolean;
  onProgress?: (p: { bytesRead: number; records: number; errors: number }) => void;
  /** Polled between batches; true stops the ingest (rolled back, nothing kept). */
  isCancelled?: () => boolean;
  /** Distinct rollup keys held in memory before they are written (default ROLLUP_FLUSH_KEYS). */
  rollupFlushKeys?: number;
}

export interface IngestedFile {
  path: string;
  kind: 'logs' | 'flows' | 'inventory';
  format: string | null;
  records: number;
  errors: number;
  notes: string[];
}

export interface IngestResult {
  files: IngestedFile[];
  records: number;
  errors: number;
}

export class UploadFailed extends Error {}

/** The user cancelled: the transaction is rolled back like any failure. */
export class UploadCancelled extends UploadFailed {}

/** zlib/tar errors mean the archive is truncated or corrupt (a user problem, not a bug). */
export function isKnownArchiveFailure(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!(e instanceof Error)) return false;
  if (e instanceof ArchiveCorruptError) return true;
  return Boolean(e.code?.startsWith('Z_')) || /unexpected end|truncated|invalid tar|unexpected eof/i.test(e.message);
}

interface FileState {
  id: string;
  path: string;
  stored: number;
  errors: number;
}

export async function ingestUpload(opts: IngestOptions): Promise<IngestResult> {
  const prisma = getPrisma();
  const upload = await prisma.upload.findUniqueOrThrow({ where: { id: opts.uploadId } });
  const a = upload.assessmentId;
  const client = await getPool().connect();
  const files: IngestedFile[] = [];
  let records = 0;
  let errors = 0;
  let bytesRead = 0;
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 250) return;
    lastReport = now;
    opts.onProgress?.({ bytesRead, records, errors });
  };
  // Issues raised by the archive walker (refused members, links) belong to the upload.
  const walkIssues: { path: string; issue: ParseIssue }[] = [];
  const firstReason = new Map<string, string>();
  // Issues are kept in memory (bounded) and written after each file's COPY: the client is
  // busy with COPY meanwhile, and a query on it would wait behind the COPY forever.
  let pendingIssues: { path: string; issue: ParseIssue }[] = [];
  const addIssue = async (file: FileState, issue: ParseIssue) => {
    file.errors += 1;
    errors += 1;
    if (file.stored >= MAX_STORED_ISSUES_PER_FILE) return;
    file.stored += 1;
    pendingIssues.push({ path: file.path, issue });
  };
  const flushIssues = async () => {
    for (const { path, issue } of pendingIssues) {
      await client.query('INSERT INTO parse_error (assessment_id, upload_id, path, line, "offset", reason) VALUES ($1, $2, $3, $4, $5, $6)', [
        a,
        upload.id,
        path,
        issue.line ?? null,
        issue.offset ?? null,
        issue.reason.slice(0, 1000),
      ]);
    }
    pendingIssues = [];
  };
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM flow WHERE assessment_id = $1 AND source_file_id IN (SELECT id FROM source_file WHERE upload_id = $2)', [a, upload.id]);
    await client.query('DELETE FROM log_event WHERE assessment_id = $1 AND source_file_id IN (SELECT id FROM source_file WHERE upload_id = $2)', [
      a,
      upload.id,
    ]);
    await deleteUploadRollups(client, a, upload.id);
    await client.query('DELETE FROM source_file WHERE upload_id = $1', [upload.id]);
    await client.query('DELETE FROM parse_error WHERE upload_id = $1', [upload.id]);
    await client.query("DELETE FROM host_address WHERE assessment_id = $1 AND source = 'inventory'", [a]);

    const entries = walkInput(upload.storedPath, {
      displayName: upload.originalName,
      limits: opts.limits,
      onIssue: (path, issue) => walkIssues.push({ path, issue }),
      onBytes: (n) => {
        bytesRead = n;
        report();
      },
    });
    for await (const entry of entries) {
      const { head, stream } = await peek(entry.stream, SNIFF_BYTES);
      const file: FileState = { id: crypto.randomUUID(), path: entry.path, stored: 0, errors: 0 };
      if (upload.kind === 'inventory' || (looksLikeInventory(head) && !sniffFormat(head, allFormats).format)) {
        const n = await loadInventory(client, a, file, stream, addIssue);
        await flushIssues();
        files.push({ path: entry.path, kind: 'inventory', format: 'inventory-csv', records: n, errors: file.errors, notes: [] });
        records += n;
        await insertSourceFile(client, a, upload.id, file, { kind: 'inventory', format: 'inventory-csv', records: n, notes: [] });
        continue;
      }
      if (/(^|\/)etc\/hosts$/.test(entry.memberPath) && looksLikeEtcHosts(head)) {
        // A bundle's /etc/hosts names addresses: host identity, less sure than an inventory.
        const n = await loadInventory(client, a, file, stream, addIssue, 'hosts-file');
        await flushIssues();
        const notes = ['/etc/hosts: names mapped to addresses (confidence 0.7)'];
        files.push({ path: entry.path, kind: 'inventory', format: 'etc-hosts', records: n, errors: file.errors, notes });
        records += n;
        await insertSourceFile(client, a, upload.id, file, { kind: 'inventory', format: 'etc-hosts', records: n, notes, hostHint: entry.hostHint });
        continue;
      }
      const { format, reason } = sniffFormat(head, allFormats);
      if (!format) {
        // Drained and awaited, not just resumed: a bomb or a corrupt gzip must fail the upload
        // with its message, not raise an 'error' nobody listens to (which ends the process).
        for await (const _ of stream) {
          // discarded
        }
        const why = `not a recognised ${upload.kind === 'flows' ? 'flow export' : 'log'} format: ${reason}`;
        firstReason.set(entry.path, why);
        if (opts.strict) throw new UploadFailed(`${entry.path}: ${why}`);
        await insertSourceFile(client, a, upload.id, file, { kind: upload.kind, format: null, records: 0, notes: [], skipped: true, hostHint: entry.hostHint });
        await addIssue(file, { offset: 0, reason: why });
        await flushIssues();
        await client.query('UPDATE source_file SET error_count = $2 WHERE id = $1', [file.id, file.errors]);
        files.push({ path: entry.path, kind: upload.kind as 'logs' | 'flows', format: null, records: 0, errors: file.errors, notes: [] });
        continue;
      }
      const kind = format.kind as 'logs' | 'flows';
      const notes = new Set<string>();
      if (kind !== upload.kind) notes.add(`content is ${format.label}: read as ${kind === 'flows' ? 'a flow export' : 'logs'}`);
      await insertSourceFile(client, a, upload.id, file, { kind, format: format.id, records: 0, notes: [], hostHint: entry.hostHint });
      const parser = format.createParser({ path: entry.path, timeZone: opts.timeZone, mtimeMs: entry.mtimeMs, hostHint: entry.hostHint });
      const newWriter = () => new CopyWriter(client, kind === 'flows' ? 'flow' : 'log_event', kind === 'flows' ? FLOW_COLUMNS : LOG_COLUMNS);
      let writer = newWriter();
      let written = 0;
      // Rollups of the file's records (lib/ingest/rollups.ts), built as they stream past; written
      // at the end, or between two COPYs when a huge file holds too many distinct keys.
      const flowRollup = new FlowRollup();
      const logRollup = new LogRollup();
      const rollup = kind === 'flows' ? flowRollup : logRollup;
      let first = Number.POSITIVE_INFINITY;
      let last = Number.NEGATIVE_INFINITY;
      const stitcher = new FlowStitcher();
      const writeFlows = async (flows: FlowRecord[]) => {
        for (const f of flows) {
          if (f.startMs < first) first = f.startMs;
          if (f.endMs > last) last = f.endMs;
          await writer.write(flowRow(a, file.id, f, communityId(f)));
          flowRollup.add(f);
        }
        records += flows.length;
      };
      const take = async (batch: ParseBatch<FlowRecord | LogRecord>) => {
        if (opts.isCancelled?.()) throw new UploadCancelled(`${upload.originalName}: cancelled`);
        for (const n of batch.notes ?? []) notes.add(n);
        for (const issue of batch.invalid) await addIssue(file, issue);
        const valid: FlowRecord[] = [];
        for (const r of batch.records) {
          // A record the columns cannot hold would make COPY refuse the whole upload.
          const problem = kind === 'flows' ? flowProblem(r as FlowRecord) : logProblem(r as LogRecord);
          if (problem) {
            const at = kind === 'flows' ? (r as FlowRecord).recordNo : (r as LogRecord).lineNo;
            await addIssue(file, {
              line: Number.isInteger(at) && at > 0 ? at : undefined,
              offset: Number.isInteger(at) && at > 0 ? undefined : 0,
              reason: `record not stored: ${problem}`,
            });
            continue;
          }
          if (kind === 'flows') {
            valid.push(r as FlowRecord);
          } else {
            const e = r as LogRecord;
            if (e.tsMs < first) first = e.tsMs;
            if (e.tsMs > last) last = e.tsMs;
            await writer.write(logRow(a, file.id, e));
            logRollup.add(e);
            records += 1;
          }
        }
        if (valid.length) await writeFlows(stitcher.push(valid));
        if (rollup.size > (opts.rollupFlushKeys ?? ROLLUP_FLUSH_KEYS)) {
          await writer.end();
          written += writer.rows;
          await rollup.flush(client, a, file.id);
          writer = newWriter();
        }
        report();
      };
      try {
        for await (const chunk of stream) await take((parser as { push(c: Buffer): ParseBatch<FlowRecord | LogRecord> }).push(chunk as Buffer));
        await take(parser.end());
        if (kind === 'flows') {
          await writeFlows(stitcher.end());
          if (stitcher.stitched > 0) notes.add(`${stitcher.stitched} pairs of one-way records stitched into two-way flows`);
        }
      } finally {
        await writer.end();
      }
      written += writer.rows;
      await flushIssues();
      await rollup.flush(client, a, file.id);
      await client.query('UPDATE source_file SET records = $2, error_count = $3, notes = $4, first_ts = $5, last_ts = $6 WHERE id = $1', [
        file.id,
        written,
        file.errors,
        JSON.stringify([...notes]),
        Number.isFinite(first) ? new Date(first) : null,
        Number.isFinite(last) ? new Date(last) : null,
      ]);
      if (written === 0 && file.errors > 0 && opts.strict) throw new UploadFailed(`${entry.path}: no valid records`);
      files.push({ path: entry.path, kind, format: format.id, records: written, errors: file.errors, notes: [...notes] });
    }
    for (const w of walkIssues) {
      const file: FileState = { id: '', path: w.path, stored: 0, errors: 0 };
      await addIssue(file, w.issue);
    }
    await flushIssues();
    if (files.length > 0 && files.every((f) => f.format === null)) {
      const first = firstReason.get(files[0]?.path ?? '') ?? 'unknown content';
      const more = files.length > 1 ? ` (and ${files.length - 1} other file${files.length > 2 ? 's' : ''})` : '';
      throw new UploadFailed(`${files[0]?.path}: ${first}${more}: no file in a format Sightline reads`);
    }
    if (files.length === 0) {
      const w = walkIssues[0];
      throw new UploadFailed(`${upload.originalName}: contains no readable file${w ? ` (${w.path}: ${w.issue.reason})` : ''}`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if (err instanceof UploadFailed || err instanceof ArchiveLimitError) throw err;
    if (isKnownArchiveFailure(err)) {
      throw new UploadFailed(`${upload.originalName}: archive is truncated or corrupt near byte ${bytesRead} (${(err as Error).message})`);
    }
    throw err;
  } finally {
    client.release();
  }
  report(true);
  return { files, records, errors };
}

async function insertSourceFile(
  client: pg.PoolClient,
  assessmentId: string,
  uploadId: string,
  file: FileState,
  f: { kind: string; format: string | null; records: number; notes: string[]; skipped?: boolean; hostHint?: string },
): Promise<void> {
  await client.query(
    'INSERT INTO source_file (id, assessment_id, upload_id, path, kind, format, host_hint, records, skipped, notes) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
    [file.id, assessmentId, uploadId, file.path, f.kind, f.format, f.hostHint ?? null, f.records, f.skipped ?? false, JSON.stringify(f.notes)],
  );
}

async function loadInventory(
  client: pg.PoolClient,
  assessmentId: string,
  file: FileState,
  stream: AsyncIterable<unknown>,
  addIssue: (f: FileState, i: ParseIssue) => Promise<void>,
  source: 'inventory' | 'hosts-file' = 'inventory',
): Promise<number> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    size += (c as Buffer).length;
    // An inventory is a few thousand lines; refuse to hold anything absurd in memory.
    if (size > 32 * 1024 * 1024) {
      await addIssue(file, { offset: size, reason: 'inventory larger than 32 MiB: rest ignored' });
      break;
    }
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const { rows, invalid } =
    source === 'inventory'
      ? parseInventory(text)
      : (() => {
          const parsed = parseEtcHosts(text);
          return { rows: parsed.entries.map((e) => ({ line: e.line, hostname: e.name, ip: e.ip, role: undefined })), invalid: parsed.invalid };
        })();
  const confidence = source === 'inventory' ? 1 : 0.7;
  for (const i of invalid) await addIssue(file, i);
  for (const r of rows) {
    const host = await client.query<{ id: string }>(
      `INSERT INTO host (id, assessment_id, name, role, source) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (assessment_id, name) DO UPDATE SET role = COALESCE(EXCLUDED.role, host.role) RETURNING id`,
      [crypto.randomUUID(), assessmentId, r.hostname, r.role ?? null, source],
    );
    await client.query(
      `INSERT INTO host_address (assessment_id, host_id, ip, source, confidence) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (assessment_id, host_id, ip) DO UPDATE SET
         source = CASE WHEN EXCLUDED.confidence >= host_address.confidence THEN EXCLUDED.source ELSE host_address.source END,
         confidence = greatest(host_address.confidence, EXCLUDED.confidence)`,
      [assessmentId, host.rows[0]?.id, r.ip, source, confidence],
    );
  }
  return rows.length;
}
