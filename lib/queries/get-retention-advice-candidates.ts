import { getPool } from '../db/client';
import { sawSql } from '../visibility-class';

export interface RetentionAdviceCandidate {
  host: string;
  /** The earliest and latest log record the bundle holds from the host. */
  keptFrom: Date;
  keptTo: Date;
  /** Start of the earliest activity counted. */
  earliest: Date;
  activityIds: string[];
}

/**
 * Per host: the activities the network saw and the host's logs did not, that ended before the
 * earliest log record the bundle holds from that host — its logs had been rotated away (or
 * never kept) for that time, so the logs could not have shown them whatever was configured.
 * Kept that far back, the logs would have held the records of that time.
 */
export async function getRetentionAdviceCandidates(assessmentId: string): Promise<RetentionAdviceCandidate[]> {
  const { rows } = await getPool().query<RetentionAdviceCandidate>(
    `WITH kept AS (
       SELECT host_name, min(first_ts) AS kept_from, max(last_ts) AS kept_to
       FROM log_rollup WHERE assessment_id = $1 GROUP BY host_name
     )
     SELECT a.host_name AS host, k.kept_from AS "keptFrom", k.kept_to AS "keptTo", min(a.start_ts) AS earliest,
            array_agg(a.id::text ORDER BY a.start_ts, a.id) AS "activityIds"
     FROM activity a JOIN kept k ON k.host_name = a.host_name
     WHERE a.assessment_id = $1 AND ${sawSql('a.network')} AND NOT ${sawSql('a.logs')} AND a.end_ts < k.kept_from
     GROUP BY a.host_name, k.kept_from, k.kept_to ORDER BY count(*) DESC, a.host_name`,
    [assessmentId],
  );
  return rows;
}
