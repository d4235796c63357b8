// The pipeline's own reads and writes of assessment and upload rows (status, stage, progress),
// in SQL on the pg pool rather than through Prisma: the processes that ingest and analyse (the
// CLI, the job worker) then never start Prisma's query compiler, which added 67 MiB to the
// process's RSS at its first query (tsx process: 133 → 200 MiB; bench/README.md), a fifth of
// ingest's peak. The app's pages and routes keep Prisma.
import crypto from 'node:crypto';
import { getPool } from '../db/client';
import type { AssessmentState } from '../enums';

export interface UploadRow {
  id: string;
  assessmentId: string;
  kind: string;
  originalName: string;
  storedPath: string;
  sizeBytes: bigint;
  status: string;
  error: string | null;
}

/** The upload columns as UploadRow names them, of the table aliased `u`. */
const UPLOAD_COLUMNS = `u.id::text, u.assessment_id::text AS "assessmentId", u.kind, u.original_name AS "originalName",
  u.stored_path AS "storedPath", u.size_bytes::text AS "sizeBytes", u.status, u.error`;

const toUpload = (r: Record<string, unknown>): UploadRow => ({ ...(r as unknown as UploadRow), sizeBytes: BigInt(r.sizeBytes as string) });

export async function readUpload(id: string): Promise<UploadRow | null> {
  const { rows } = await getPool().query(`SELECT ${UPLOAD_COLUMNS} FROM upload u WHERE u.id = $1`, [id]);
  return rows[0] ? toUpload(rows[0]) : null;
}

/** The upload and what its ingest needs of its assessment; throws when the upload is gone. */
export async function readUploadForIngest(id: string): Promise<UploadRow & { timeZone: string; settings: unknown }> {
  const { rows } = await getPool().query(
    `SELECT ${UPLOAD_COLUMNS}, a.time_zone AS "timeZone", a.settings
     FROM upload u JOIN assessment a ON a.id = u.assessment_id WHERE u.id = $1`,
    [id],
  );
  if (!rows[0]) throw new Error(`upload ${id} not found`);
  return { ...toUpload(rows[0]), timeZone: rows[0].timeZone, settings: rows[0].settings };
}

export async function uploadStatusesOf(assessmentId: string): Promise<string[]> {
  const { rows } = await getPool().query<{ status: string }>('SELECT status FROM upload WHERE assessment_id = $1', [assessmentId]);
  return rows.map((r) => r.status);
}

/** An upload starts (again) from nothing. */
export async function markUploadIngesting(id: string): Promise<void> {
  await getPool().query(`UPDATE upload SET status = 'ingesting', error = NULL, bytes_read = 0, records = 0, error_count = 0 WHERE id = $1`, [id]);
}

export async function recordUploadProgress(id: string, p: { bytesRead: number; records: number; errors: number }): Promise<void> {
  await getPool().query('UPDATE upload SET bytes_read = $2, records = $3, error_count = $4 WHERE id = $1', [id, p.bytesRead, p.records, p.errors]);
}

export async function markUploadDone(id: string, done: { records: number; errors: number; bytesRead: bigint }): Promise<void> {
  await getPool().query(`UPDATE upload SET status = 'done', records = $2, error_count = $3, bytes_read = $4, finished_at = now() WHERE id = $1`, [
    id,
    done.records,
    done.errors,
    done.bytesRead.toString(),
  ]);
}

export async function markUploadFailed(id: string, error: string): Promise<void> {
  await getPool().query(`UPDATE upload SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [id, error]);
}

export async function readAssessmentStatus(id: string): Promise<AssessmentState | null> {
  const { rows } = await getPool().query<{ status: AssessmentState }>('SELECT status FROM assessment WHERE id = $1', [id]);
  return rows[0]?.status ?? null;
}

/** What the analysis needs of its assessment; throws when it is gone. */
export async function readAssessmentSettings(id: string): Promise<unknown> {
  const { rows } = await getPool().query<{ settings: unknown }>('SELECT settings FROM assessment WHERE id = $1', [id]);
  if (!rows[0]) throw new Error(`assessment ${id} not found`);
  return rows[0].settings;
}

/**
 * The assessment's status and stage (and its error: null unless given). Never over a delete's
 * 'cancelling' unless `overCancelling`: false when the row is gone or being deleted.
 */
export async function setAssessmentState(
  id: string,
  state: { status?: AssessmentState; stage: string | null; error?: string | null },
  opts: { overCancelling?: boolean } = {},
): Promise<boolean> {
  const { rowCount } = await getPool().query(
    `UPDATE assessment SET status = coalesce($2, status), stage = $3, error = CASE WHEN $5 THEN $4 ELSE error END, updated_at = now()
     WHERE id = $1 AND ($6 OR status <> 'cancelling')`,
    [id, state.status ?? null, state.stage, state.error ?? null, state.error !== undefined, opts.overCancelling ?? false],
  );
  return (rowCount ?? 0) > 0;
}

export async function insertAssessment(input: { name: string; timeZone: string; settings: object }): Promise<string> {
  const id = crypto.randomUUID();
  await getPool().query('INSERT INTO assessment (id, name, time_zone, settings) VALUES ($1, $2, $3, $4)', [
    id,
    input.name,
    input.timeZone,
    JSON.stringify(input.settings),
  ]);
  return id;
}

export async function insertUpload(input: {
  id?: string;
  assessmentId: string;
  kind: string;
  originalName: string;
  storedPath: string;
  sizeBytes: number;
  sha256: string;
}): Promise<string> {
  const id = input.id ?? crypto.randomUUID();
  await getPool().query('INSERT INTO upload (id, assessment_id, kind, original_name, stored_path, size_bytes, sha256) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    id,
    input.assessmentId,
    input.kind,
    input.originalName,
    input.storedPath,
    input.sizeBytes,
    input.sha256,
  ]);
  return id;
}
