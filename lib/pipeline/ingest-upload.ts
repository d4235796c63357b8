// Ingests one stored upload: walk it (archive members), and hand each file to the step that
// reads its kind — an inventory or a bundle's /etc/hosts to lib/hosts, flows and logs (sniffed
// from their content) to lib/ingest. Everything an upload loads happens in ONE transaction: a
// crash, a lost connection or a fatal error (truncated archive) leaves nothing half-loaded,
// and a retry starts clean.
import crypto from 'node:crypto';
import { getPool } from '../db/client';
import { identityListing, parseIdentityListing } from '../hosts/bundle-identity';
import { looksLikeEtcHosts } from '../hosts/etc-hosts';
import { ingestHostList } from '../hosts/host-list';
import { clearInventoryAddresses, saveHostFacts } from '../hosts/host-rows';
import { looksLikeInventory } from '../hosts/inventory';
import { type ArchiveLimits, peek, walkInput } from '../ingest/archive';
import { describeIngestCrash, recogniseIngestFailure } from '../ingest/failure';
import { SNIFF_BYTES } from '../ingest/format';
import { type IngestedFile, ingestFlowFile, ingestLogFile } from '../ingest/ingest-file';
import { harmlessUnreadFile } from '../ingest/known-binary';
import { isShellHistoryName, shellHistoryFormat } from '../ingest/logs/shell-history';
import { RecordLoad } from '../ingest/partitions';
import { ProblemLog } from '../ingest/problem-log';
import { allFormats } from '../ingest/registry';
import { sniffFormat } from '../ingest/sniff';
import { clearUpload, HeldSourceFiles, insertSourceFile } from '../ingest/source-files';
import { PipelineError } from '../records/failure';
import { HOLD_ASSESSMENT } from './analysis-lock';
import { readUpload } from './state';

export type { IngestedFile } from '../ingest/ingest-file';
export { MAX_STORED_ISSUES_PER_FILE } from '../ingest/problem-log';

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

export interface IngestResult {
  files: IngestedFile[];
  records: number;
  errors: number;
}

type FieldKind = 'logs' | 'flows' | 'inventory';

/** Files whose rows are held at most before the load pauses to write them. */
const HELD_FILES = 1000;

/** Collectors' hostname / address / socket listings are small; anything bigger is not one. */
const MAX_LISTING_BYTES = 4 * 1024 * 1024;

/** The upload field a file came through (validated when the upload was registered). */
const fieldKind = (kind: string): FieldKind => (kind === 'flows' || kind === 'inventory' ? kind : 'logs');

export async function ingestUpload(opts: IngestOptions): Promise<IngestResult> {
  const upload = await readUpload(opts.uploadId);
  if (!upload) throw new Error(`upload ${opts.uploadId} not found`);
  const a = upload.assessmentId;
  const field = fieldKind(upload.kind);
  const client = await getPool().connect();
  const problems = new ProblemLog(a, upload.id);
  const files: IngestedFile[] = [];
  const firstReason = new Map<string, string>();
  let records = 0;
  let bytesRead = 0;
  let lastReport = 0;
  let current: string | undefined;
  let load: RecordLoad | undefined;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 250) return;
    lastReport = now;
    opts.onProgress?.({ bytesRead, records, errors: problems.total });
  };
  const checkCancelled = () => {
    if (opts.isCancelled?.()) throw new PipelineError('cancelled', '', { path: upload.originalName });
  };
  try {
    await client.query('BEGIN');
    // A delete waits for this transaction to roll back (analysis-lock.ts).
    if ((await client.query(HOLD_ASSESSMENT, [a])).rowCount === 0) throw new PipelineError('cancelled', '', { path: upload.originalName });
    await clearUpload(client, a, upload.id);
    // One COPY runs across the upload's files; every other statement waits for a pause, where
    // the files' rows and problems held meanwhile are written first (lib/ingest/partitions.ts).
    load = new RecordLoad(client, a, upload.id);
    const held = new HeldSourceFiles(a, upload.id);
    load.onPause(async () => {
      await held.write(client);
      await problems.flush(client);
    });
    // An inventory replaces the previous one's addresses, when this upload holds one: a log
    // bundle or a flow export ingested after the inventory must not take its addresses away.
    let inventoryCleared = false;
    const entries = walkInput(upload.storedPath, {
      displayName: upload.originalName,
      limits: opts.limits,
      // Issues raised by the archive walker (refused members, links) belong to the upload.
      onIssue: (path, issue) => problems.walk.add(issue, path),
      onBytes: (n) => {
        bytesRead = n;
        report();
      },
    });
    for await (const entry of entries) {
      current = entry.path;
      const { head, stream } = await peek(entry.stream, SNIFF_BYTES);
      // The file's `source_file` row and its problems.
      const id = crypto.randomUUID();
      const fileProblems = problems.file(entry.path);
      // A plain bash history is any text: only its name says what it is (lib/ingest/logs/shell-history.ts).
      const { format, reason } =
        field !== 'inventory' && isShellHistoryName(entry.memberPath) ? { format: shellHistoryFormat, reason: undefined } : sniffFormat(head, allFormats);
      if (field === 'inventory' || (looksLikeInventory(head) && !format)) {
        await load.pause();
        if (!inventoryCleared) {
          await clearInventoryAddresses(client, a);
          inventoryCleared = true;
        }
        const n = await ingestHostList(client, { assessmentId: a, stream, source: 'inventory', onIssue: (i) => fileProblems.add(i) });
        await problems.flush(client);
        files.push({ path: entry.path, kind: 'inventory', format: 'inventory-csv', records: n, errors: fileProblems.count, notes: [] });
        records += n;
        await insertSourceFile(client, a, upload.id, { id: id, path: entry.path, kind: 'inventory', format: 'inventory-csv', records: n, notes: [] });
        continue;
      }
      if (/(^|\/)etc\/hosts$/.test(entry.memberPath) && looksLikeEtcHosts(head)) {
        await load.pause();
        const n = await ingestHostList(client, { assessmentId: a, stream, source: 'hosts-file', onIssue: (i) => fileProblems.add(i) });
        await problems.flush(client);
        const notes = ['/etc/hosts: names mapped to addresses (confidence 0.7)'];
        files.push({ path: entry.path, kind: 'inventory', format: 'etc-hosts', records: n, errors: fileProblems.count, notes });
        records += n;
        const row = { id, path: entry.path, kind: 'inventory' as const, format: 'etc-hosts', records: n, notes, hostHint: entry.hostHint };
        await insertSourceFile(client, a, upload.id, row);
        continue;
      }
      // A collector's hostname / ip addr / ifconfig / ss output, or /etc/hostname: what the
      // bundle says about its own host (lib/hosts/bundle-identity.ts).
      const listing = field === 'logs' && !format ? identityListing(entry.memberPath) : undefined;
      if (listing) {
        await load.pause();
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of stream) {
          size += c.length;
          if (size <= MAX_LISTING_BYTES) chunks.push(c as Buffer);
        }
        if (size > MAX_LISTING_BYTES) fileProblems.add({ offset: MAX_LISTING_BYTES, reason: `${listing} output larger than 4 MiB: rest ignored` });
        const facts = parseIdentityListing(listing, Buffer.concat(chunks).toString('utf8'));
        const notes = [`${listing} output: ${facts.length} statement${facts.length === 1 ? '' : 's'} about the host's name or addresses`];
        const row = { id, path: entry.path, kind: 'inventory' as const, format: `listing:${listing}`, records: facts.length, notes, hostHint: entry.hostHint };
        await insertSourceFile(client, a, upload.id, row);
        await saveHostFacts(
          client,
          a,
          id,
          entry.hostHint,
          listing === 'hostname' && /(^|\/)etc\/hostname$/.test(entry.memberPath) ? '/etc/hostname' : listing,
          facts,
        );
        await problems.flush(client);
        files.push({ path: entry.path, kind: 'inventory', format: `listing:${listing}`, records: facts.length, errors: fileProblems.count, notes });
        records += facts.length;
        continue;
      }
      if (!format) {
        // Drained and awaited, not just resumed: a bomb or a corrupt gzip must fail the upload
        // with its message, not raise an 'error' nobody listens to (which ends the process).
        for await (const _ of stream) {
          // discarded
        }
        const why = `not a recognised ${field === 'flows' ? 'flow export' : 'log'} format: ${reason}`;
        firstReason.set(entry.path, why);
        const kind: 'flows' | 'logs' = field === 'flows' ? 'flows' : 'logs';
        // An empty file, or the binary records beside Linux logs (wtmp, the journal …): skipped
        // and said so, not a problem of the upload.
        const harmless = harmlessUnreadFile(entry.memberPath, head);
        // Held, like a parsed file's row, until the load pauses.
        const row = { id, path: entry.path, kind, format: null, records: 0, skipped: true, hostHint: entry.hostHint };
        if (harmless) {
          const notes = [harmless];
          held.start({ ...row, notes });
          held.finish(id, { records: 0, errors: 0, notes, firstMs: Number.NaN, lastMs: Number.NaN });
          files.push({ path: entry.path, kind, format: null, records: 0, errors: 0, notes });
          continue;
        }
        if (opts.strict) throw new PipelineError('unknown_format', why, { path: entry.path });
        fileProblems.add({ offset: 0, reason: why });
        held.start({ ...row, notes: [] });
        held.finish(id, { records: 0, errors: fileProblems.count, notes: [], firstMs: Number.NaN, lastMs: Number.NaN });
        files.push({ path: entry.path, kind, format: null, records: 0, errors: fileProblems.count, notes: [] });
        continue;
      }
      const file = {
        client,
        assessmentId: a,
        uploadId: upload.id,
        fileId: id,
        path: entry.path,
        hostHint: entry.hostHint,
        mtimeMs: entry.mtimeMs,
        stream,
        timeZone: opts.timeZone,
        fileProblems,
        notes: format.kind === field ? [] : [`content is ${format.label}: read as ${format.kind === 'flows' ? 'a flow export' : 'logs'}`],
        checkCancelled,
        onRecords: (n: number) => {
          records += n;
          report();
        },
        rollupFlushKeys: opts.rollupFlushKeys,
        load,
        held,
      };
      const result = format.kind === 'flows' ? await ingestFlowFile(format, file) : await ingestLogFile(format, file);
      if (result.records === 0 && result.errors > 0 && opts.strict) throw new PipelineError('no_valid_records', '', { path: entry.path });
      files.push(result);
      // What a file holds until the pause (its row, notes, rollup, problems) is small, but an
      // archive may hold many thousands of files.
      if (held.size >= HELD_FILES) await load.pause();
    }
    current = undefined;
    await load.pause();
    await problems.finish(client);
    await load.finish();
    if (files.length > 0 && files.every((f) => f.format === null)) {
      const first = firstReason.get(files[0]?.path ?? '') ?? 'unknown content';
      const more = files.length > 1 ? ` (and ${files.length - 1} other file${files.length > 2 ? 's' : ''})` : '';
      throw new PipelineError('no_known_format', `${first}${more}`, { path: files[0]?.path ?? upload.originalName });
    }
    if (files.length === 0) {
      const w = problems.walk.first;
      throw new PipelineError('no_readable_file', w ? `${w.path}: ${w.issue.reason}` : '', { path: upload.originalName });
    }
    await client.query('COMMIT');
  } catch (err) {
    await load?.abandon();
    await client.query('ROLLBACK').catch(() => {});
    throw recogniseIngestFailure(err, { upload: upload.originalName, path: current, bytesRead }) ?? describeIngestCrash(err);
  } finally {
    client.release();
  }
  report(true);
  return { files, records, errors: problems.total };
}
