import { getSettings } from '../assessments/settings';
import { getPool } from '../db/client';
import { sawSql } from '../visibility-class';
import { SAMPLED_ON_PATH } from './get-unsampled-advice-candidates';

export interface SensorAdviceCandidate {
  host: string;
  peers: string[];
  activityIds: string[];
}

/**
 * Per host: the activities its logs saw with a remote peer (the network blind to them, or unable
 * to see the host at all: `unknown`) while no flow export holds a single
 * record between the host's addresses and that peer — traffic that crossed a wire no sensor
 * watched. A flow sensor (or exporter) on that path would have recorded it. Where a sampled
 * exporter is on the path already, the unsampled-export advice counts the activity instead.
 */
export async function getSensorAdviceCandidates(assessmentId: string): Promise<SensorAdviceCandidate[]> {
  const { internalRanges } = await getSettings(assessmentId);
  const { rows } = await getPool().query<SensorAdviceCandidate>(
    `SELECT a.host_name AS host, array_agg(DISTINCT host(a.peer)) AS peers, array_agg(a.id::text ORDER BY a.start_ts, a.id) AS "activityIds"
     FROM activity a
     WHERE a.assessment_id = $1 AND ${sawSql('a.logs')} AND NOT ${sawSql('a.network')} AND a.peer IS NOT NULL
       AND a.host_name IS NOT NULL AND cardinality(a.host_ips) > 0
       AND NOT EXISTS (SELECT 1 FROM flow f WHERE f.assessment_id = $1
                         AND ((f.src_ip = a.peer AND host(f.dst_ip) = ANY(a.host_ips)) OR (f.dst_ip = a.peer AND host(f.src_ip) = ANY(a.host_ips))))
       AND NOT EXISTS (SELECT 1 FROM flow f WHERE f.assessment_id = $1 AND f.sampling > 1 AND ${SAMPLED_ON_PATH})
     GROUP BY a.host_name ORDER BY count(*) DESC, a.host_name`,
    [assessmentId, internalRanges],
  );
  return rows;
}
