// The lock an analysis holds for its transaction (one analysis per assessment at a time; a
// second waits for it), and how the backends holding or awaiting it are found: deleting the
// assessment cancels their statements (lib/assessments/delete.ts). A two-key advisory lock, the
// first key this lock's own, so that no other advisory lock (rate limits hash text too) is
// taken for it; pg_locks shows the keys as classid and objid (as oid) with objsubid 2. The
// connection an analysis runs its log detectors on (log-detection.ts) holds a second lock of
// the same assessment, under a key of its own, so that a delete finds its backend too.

/**
 * Holds the assessment row `$1` against a delete until the transaction ends: the lock a foreign
 * key's check takes (FOR KEY SHARE: the delete's status update still goes through, its DELETE
 * waits). Taken first by every ingest and analysis transaction, so that a delete always waits
 * for them to roll back (lib/assessments/delete.ts) and never drops the partitions they hold or
 * leaves rows of theirs in the tables without a foreign key. No row: the assessment is gone.
 */
export const HOLD_ASSESSMENT = 'SELECT status FROM assessment WHERE id = $1 FOR KEY SHARE';

/** The first key of every analysis lock. */
const ANALYSIS_LOCK_SPACE = 17_041;

/** The first key of the lock of an analysis's second connection. */
const SIDE_LOCK_SPACE = 17_042;

/** Takes the analysis lock of the assessment `$1` until the transaction ends. */
export const TAKE_ANALYSIS_LOCK = `SELECT pg_advisory_xact_lock(${ANALYSIS_LOCK_SPACE}, hashtext($1))`;

/** Takes the lock of the analysis's second connection (assessment `$1`) until its transaction ends. */
export const TAKE_SIDE_LOCK = `SELECT pg_advisory_xact_lock(${SIDE_LOCK_SPACE}, hashtext($1))`;

/** The pids of the backends holding or awaiting either analysis lock of the assessment `$1`. */
export const ANALYSIS_BACKENDS = `SELECT l.pid FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.objsubid = 2
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid IN (${ANALYSIS_LOCK_SPACE}::oid, ${SIDE_LOCK_SPACE}::oid)
    AND l.objid = (hashtext($1)::bigint & 4294967295)::oid`;
