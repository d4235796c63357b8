// The `source_file` row of each file an upload holds, and clearing what an earlier ingest of
// the same upload loaded (a retry, or the same upload ingested again, starts clean).
import type pg from 'pg';
import { deleteUploadRollups } from '../records/rollups';
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

export async function setSourceFileErrors(client: Queryable, id: string, errors: number): Promise<void> {
  await client.query('UPDATE source_file SET error_count = $2 WHERE id = $1', [id, errors]);
}

/** Deletes the records, rollups, files and problems an earlier ingest of the upload loaded. */
export async function clearUpload(client: Queryable, assessmentId: string, uploadId: string): Promise<void> {
  await clearUploadRecords(client, assessmentId, uploadId);
  await deleteUploadRollups(client, assessmentId, uploadId);
  await client.query('DELETE FROM source_file WHERE upload_id = $1', [uploadId]);
  await client.query('DELETE FROM parse_error WHERE upload_id = $1', [uploadId]);
}
