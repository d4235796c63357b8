// The `source_file` row of each file an upload holds, and clearing what an earlier ingest of
// the same upload loaded (a retry, or the same upload ingested again, starts clean).
import type pg from 'pg';
import { deleteUploadRollups, flushLogRollups, LogRollup } from '../records/rollups';
import { clearUploadRecords } from './partitions';

type Queryable = Pick<pg.PoolClient, 'query'>;

export type SourceKind = 'logs' | 'flows' | 'inventory';

export interface NewSourceFile {
  id: string;
  path: string;
  kind: SourceKind;
  format: string | null;
  records: number;
  notes: string[];
  skipped?: boolean;
  hostHint?: string;
}

export async function insertSourceFile(client: Queryable, assessmentId: string, uploadId: string, f: NewSourceFile): Promise<void> {
  await client.query(
    'INSERT INTO source_file (id, assessment_id, upload_id, path, kind, format, host_hint, records, skipped, notes) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
    [f.id, assessmentId, uploadId, f.path, f.kind, f.format, f.hostHint ?? null, f.records, f.skipped ?? false, JSON.stringify(f.notes)],
  );
}

/** What a parsed file ended with. */
export interface FinishedFile {
  records: number;
  errors: number;
  notes: string[];
  firstMs: number;
  lastMs: number;
}

const tsOrNull = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** A file's rollup, written with its `source_file` row. */
interface HeldRollup {
  readonly size: number;
  flush(client: Queryable, assessmentId: string, sourceFileId: string): Promise<void>;
}

/**
 * The `source_file` rows (and rollups) of an upload's files, held while the upload's COPY is
 * open (lib/ingest/partitions.ts, RecordLoad) and written together at its next pause: one
 * INSERT for every file finished since, where each file took an INSERT, an UPDATE and its own
 * rollup statement (1 400 statements and 700 rollup inserts for a 700-file bundle). A file still
 * being read at a pause (a huge file's rollup, IDS alerts that need its row) gets its row then,
 * and an UPDATE when it ends.
 */
export class HeldSourceFiles {
  private readonly held = new Map<string, { file: NewSourceFile; rollup?: HeldRollup; inserted: boolean; end?: FinishedFile }>();
  /** Rollup keys of held files that have ended (a file being read counts its own). */
  rollupKeys = 0;

  constructor(
    private readonly assessmentId: string,
    private readonly uploadId: string,
  ) {}

  get size(): number {
    return this.held.size;
  }

  start(file: NewSourceFile, rollup?: HeldRollup): void {
    this.held.set(file.id, { file, rollup, inserted: false });
  }

  finish(id: string, end: FinishedFile): void {
    const h = this.held.get(id);
    if (!h) throw new Error(`source file ${id} was not started`);
    h.end = end;
    this.rollupKeys += h.rollup?.size ?? 0;
  }

  /** Writes every held row and rollup; the connection must be free (no COPY open). */
  async write(client: Queryable): Promise<void> {
    if (this.held.size === 0) return;
    const fresh = [...this.held.values()].filter((h) => !h.inserted);
    if (fresh.length > 0) {
      const rows = fresh.map(({ file: f, end }) => ({
        id: f.id,
        path: f.path,
        kind: f.kind,
        format: f.format,
        host_hint: f.hostHint ?? null,
        records: end?.records ?? f.records,
        error_count: end?.errors ?? 0,
        skipped: f.skipped ?? false,
        notes: end?.notes ?? f.notes,
        first_ts: end ? tsOrNull(end.firstMs) : null,
        last_ts: end ? tsOrNull(end.lastMs) : null,
      }));
      await client.query(
        `INSERT INTO source_file (id, assessment_id, upload_id, path, kind, format, host_hint, records, error_count, skipped, notes, first_ts, last_ts)
         SELECT r.id, $1, $2, r.path, r.kind, r.format, r.host_hint, r.records, r.error_count, r.skipped, r.notes, r.first_ts, r.last_ts
         FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, path text, kind text, format text, host_hint text, records int, error_count int,
           skipped boolean, notes jsonb, first_ts timestamptz, last_ts timestamptz)`,
        [this.assessmentId, this.uploadId, JSON.stringify(rows)],
      );
    }
    const logRollups: Array<{ sourceFileId: string; rollup: LogRollup }> = [];
    for (const h of this.held.values()) {
      if (h.rollup instanceof LogRollup) logRollups.push({ sourceFileId: h.file.id, rollup: h.rollup });
      else if (h.rollup && h.rollup.size > 0) await h.rollup.flush(client, this.assessmentId, h.file.id);
    }
    await flushLogRollups(client, this.assessmentId, logRollups);
    for (const [id, h] of this.held) {
      if (h.end && h.inserted) await finishSourceFile(client, { id, ...h.end });
      h.inserted = true;
      if (h.end) this.held.delete(id);
    }
    this.rollupKeys = 0;
  }
}

/** What a parsed file ended with: its records, problems, notes and time span. */
export async function finishSourceFile(
  client: Queryable,
  f: { id: string; records: number; errors: number; notes: string[]; firstMs: number; lastMs: number },
): Promise<void> {
  await client.query('UPDATE source_file SET records = $2, error_count = $3, notes = $4, first_ts = $5, last_ts = $6 WHERE id = $1', [
    f.id,
    f.records,
    f.errors,
    JSON.stringify(f.notes),
    Number.isFinite(f.firstMs) ? new Date(f.firstMs) : null,
    Number.isFinite(f.lastMs) ? new Date(f.lastMs) : null,
  ]);
}

/** Deletes the records, rollups, files and problems an earlier ingest of the upload loaded. */
export async function clearUpload(client: Queryable, assessmentId: string, uploadId: string): Promise<void> {
  await clearUploadRecords(client, assessmentId, uploadId);
  await deleteUploadRollups(client, assessmentId, uploadId);
  await client.query('DELETE FROM source_file WHERE upload_id = $1', [uploadId]);
  await client.query('DELETE FROM parse_error WHERE upload_id = $1', [uploadId]);
}
