import { getSettings } from '../assessments/settings';
import { getPool } from '../db/client';
import { sawSql } from '../visibility-class';

/**
 * SQL over flow `f` and activity `a` ($2: the internal ranges): the flow's exporter is on the
 * path between the activity's host and peer (the rule above; shared with the flow-sensor advice).
 */
export const SAMPLED_ON_PATH = `((f.src_ip = a.peer AND host(f.dst_ip) = ANY(a.host_ips)) OR (f.dst_ip = a.peer AND host(f.src_ip) = ANY(a.host_ips))
         OR (NOT a.peer <<= ANY($2::cidr[])
             AND ((host(f.src_ip) = ANY(a.host_ips) AND NOT f.dst_ip <<= ANY($2::cidr[]))
               OR (host(f.dst_ip) = ANY(a.host_ips) AND NOT f.src_ip <<= ANY($2::cidr[])))))`;

export interface UnsampledAdviceCandidate {
  host: string;
  /** The sampled exporter's address (null when the export does not name it) and its 1-in-N. */
  exporter: string | null;
  sampling: number;
  activityIds: string[];
}

/**
 * Per host and sampled exporter: the activities the host's logs saw with a remote peer while
 * the network holds nothing of them in their window, although that exporter (1-in-N packet
 * sampling) sits on the path: it holds records between the host and that same peer at other
 * times, or — for a peer outside the internal ranges — between the host and any outside
 * address (a host reaches the internet by one uplink). Its sampling dropped every packet of
 * these activities; exported unsampled, it would have recorded them. The flow-sensor advice
 * leaves these out: the path has an exporter already.
 */
export async function getUnsampledAdviceCandidates(assessmentId: string): Promise<UnsampledAdviceCandidate[]> {
  const { internalRanges } = await getSettings(assessmentId);
  const { rows } = await getPool().query<UnsampledAdviceCandidate>(
    `SELECT a.host_name AS host, host(s.exporter) AS exporter, s.sampling, array_agg(a.id::text ORDER BY a.start_ts, a.id) AS "activityIds"
     FROM activity a
     CROSS JOIN LATERAL (
       SELECT f.exporter, max(f.sampling) AS sampling FROM flow f
       WHERE f.assessment_id = $1 AND f.sampling > 1
         AND ${SAMPLED_ON_PATH}
       GROUP BY f.exporter ORDER BY max(f.sampling) DESC, f.exporter LIMIT 1
     ) s
     WHERE a.assessment_id = $1 AND ${sawSql('a.logs')} AND NOT ${sawSql('a.network')} AND a.peer IS NOT NULL
       AND a.host_name IS NOT NULL AND cardinality(a.host_ips) > 0
     GROUP BY a.host_name, s.exporter, s.sampling ORDER BY count(*) DESC, a.host_name`,
    [assessmentId, internalRanges],
  );
  return rows;
}
