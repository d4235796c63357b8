import { getPool } from '../db/client';

export interface FileResult {
  id: string;
  uploadId: string;
  path: string;
  kind: string;
  format: string | null;
  records: number;
  errors: number;
  /** Not read: no format Sightline reads (a problem when `errors` > 0; an empty or known binary file when 0). */
  skipped: boolean;
  notes: string[];
  hostHint: string | null;
}

/**
 * Problems counted per file and per line, apart: a file that could not be read at all is one
 * problem of that file, however long it is; unreadable lines or records are counted in the files
 * that were read; empty files and known binary files (wtmp, the journal …) are skipped, not problems.
 */
export interface ProblemCounts {
  /** Files in no format Sightline reads. */
  filesNotRead: number;
  /** Archive members refused or unreadable (links, unsafe paths, corrupt members). */
  membersRefused: number;
  /** Unreadable lines or records inside files that were read, and in how many files. */
  lines: number;
  filesWithLineProblems: number;
  /** Empty or known binary files, listed and skipped: not problems. */
  filesSkipped: number;
}

// Archive members refused by the walker are counted in the upload's total but belong to no
// stored file: they are the upload's count less its files' counts.
const PROBLEM_COUNTS_SQL = `SELECT sf.upload_id::text AS "uploadId",
       count(*) FILTER (WHERE sf.skipped AND sf.error_count > 0)::int AS "filesNotRead",
       count(*) FILTER (WHERE sf.skipped AND sf.error_count = 0)::int AS "filesSkipped",
       coalesce(sum(sf.error_count) FILTER (WHERE NOT sf.skipped), 0)::int AS lines,
       count(*) FILTER (WHERE NOT sf.skipped AND sf.error_count > 0)::int AS "filesWithLineProblems",
       greatest(0, max(u.error_count) - coalesce(sum(sf.error_count), 0))::int AS "membersRefused"
     FROM source_file sf JOIN upload u ON u.id = sf.upload_id
     WHERE sf.assessment_id = $1 GROUP BY sf.upload_id`;

/** Problem counts per upload (uploads whose files are stored: after their ingest committed). */
export async function getProblemCountsByUpload(assessmentId: string): Promise<Map<string, ProblemCounts>> {
  const { rows } = await getPool().query(PROBLEM_COUNTS_SQL, [assessmentId]);
  return new Map(rows.map(({ uploadId, ...c }) => [uploadId as string, c as ProblemCounts]));
}

/** Problem counts of a whole assessment. */
export async function getProblemCounts(assessmentId: string): Promise<ProblemCounts> {
  const sum: ProblemCounts = { filesNotRead: 0, membersRefused: 0, lines: 0, filesWithLineProblems: 0, filesSkipped: 0 };
  for (const c of (await getProblemCountsByUpload(assessmentId)).values()) for (const k of Object.keys(sum) as (keyof ProblemCounts)[]) sum[k] += c[k];
  return sum;
}

export interface FileError {
  /** The upload the problem belongs to. */
  uploadId: string | null;
  path: string;
  line: number | null;
  offset: number | null;
  reason: string;
}

export async function getFiles(assessmentId: string): Promise<FileResult[]> {
  const { rows } = await getPool().query(
    `SELECT id::text, upload_id AS "uploadId", path, kind, format, records::float8 AS records, error_count AS errors, skipped, notes, host_hint AS "hostHint"
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
  const { rows } = await pool.query(
    `SELECT upload_id::text AS "uploadId", path, line, "offset"::float8 AS "offset", reason FROM parse_error WHERE assessment_id = $1 ORDER BY id LIMIT $2`,
    [assessmentId, limit],
  );
  return { rows: rows as FileError[], total: total.rows[0]?.n ?? 0 };
}
