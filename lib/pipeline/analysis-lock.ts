// The lock an analysis holds for its transaction (one analysis per assessment at a time; a
// second waits for it), and how the backends holding or awaiting it are found: deleting the
// assessment cancels their statements (lib/assessments/delete.ts). A two-key advisory lock, the
// first key this lock's own, so that no other advisory lock (rate limits hash text too) is
// taken for it; pg_locks shows the keys as classid and objid (as oid) with objsubid 2.

/** The first key of every analysis lock. */
const ANALYSIS_LOCK_SPACE = 17_041;

/** Takes the analysis lock of the assessment `$1` until the transaction ends. */
export const TAKE_ANALYSIS_LOCK = `SELECT pg_advisory_xact_lock(${ANALYSIS_LOCK_SPACE}, hashtext($1))`;

/** The pids of the backends holding or awaiting the analysis lock of the assessment `$1`. */
export const ANALYSIS_BACKENDS = `SELECT l.pid FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.objsubid = 2
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid = ${ANALYSIS_LOCK_SPACE}::oid
    AND l.objid = (hashtext($1)::bigint & 4294967295)::oid`;
