import { getPool } from '../db/client';

export interface FileResult {
  uploadId: string;
  path: string;
  kind: string;
  format: string | null;
  records: number;
  errors: number;
  notes: string[];
  hostHint: string | null;
}

export interface FileError {
  path: string;
  line: number | null;
  offset: number | null;
  reason: string;
}

export async function getFiles(assessmentId: string): Promise<FileResult[]> {
  const { rows } = await getPool().query(
    `SELECT upload_id AS "uploadId", path, kind, format, records::float8 AS records, error_count AS errors, notes, host_hint AS "hostHint"
     FROM source_file WHERE assessment_id = $1 ORDER BY path`,
    [assessmentId],
  );
  return rows as FileResult[];
}

/** Located problems, oldest first; `limit` caps what is returned (all are counted per file). */
export async function getFileErrors(assessmentId: string, limit = 1000): Promise<{ rows: FileError[]; total: number }> {
  const pool = getPool();
  const total = await pool.query<{ n: number }>(
    `SELECT (coalesce((SELECT sum(error_count) FROM source_file WHERE assessment_id = $1), 0)
           + (SELECT count(*) FROM parse_error pe WHERE pe.assessment_id = $1
              AND NOT EXISTS (SELECT 1 FROM source_file sf WHERE sf.assessment_id = $1 AND sf.path = pe.path)))::int AS n`,
    [assessmentId],
  );
  const { rows } = await pool.query(`SELECT path, line, "offset"::float8 AS "offset", reason FROM parse_error WHERE assessment_id = $1 ORDER BY id LIMIT $2`, [
    assessmentId,
    limit,
  ]);
  return { rows: rows as FileError[], total: total.rows[0]?.n ?? 0 };
}
