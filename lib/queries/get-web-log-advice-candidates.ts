import { getPool } from '../db/client';
import { sawSql } from '../visibility-class';

/** Ports web servers answer on (HTTP, HTTPS and the usual application-server ports). */
export const WEB_PORTS = [80, 443, 8000, 8080, 8443];

export interface WebLogAdviceCandidate {
  host: string;
  ports: number[];
  activityIds: string[];
}

/**
 * Per host whose bundle holds no web access log: the activities the network saw and the host's
 * logs did not, where the network's own records of the activity include an HTTP(S) session the
 * peer opened to the host on a web port and the host answered (reply packets). A web server
 * writes one access-log line per request, naming the client: with its access log shipped, the
 * logs would have held the peer's requests.
 */
export async function getWebLogAdviceCandidates(assessmentId: string): Promise<WebLogAdviceCandidate[]> {
  const { rows } = await getPool().query<WebLogAdviceCandidate>(
    `SELECT a.host_name AS host, array_agg(DISTINCT w.port ORDER BY w.port) AS ports, array_agg(DISTINCT a.id::text) AS "activityIds"
     FROM activity a
     CROSS JOIN LATERAL (
       SELECT DISTINCT fl.dst_port AS port FROM activity_evidence e JOIN flow fl ON fl.assessment_id = e.assessment_id AND fl.id = e.record_id
       WHERE e.assessment_id = $1 AND e.activity_id = a.id AND e.source = 'network'
         AND fl.src_ip = a.peer AND host(fl.dst_ip) = ANY(a.host_ips) AND fl.dst_port = ANY($2::int[]) AND coalesce(fl.rev_packets, 0) > 0
     ) w
     WHERE a.assessment_id = $1 AND ${sawSql('a.network')} AND NOT ${sawSql('a.logs')} AND a.host_name IS NOT NULL AND a.peer IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM log_event le WHERE le.assessment_id = $1 AND le.host_name = a.host_name AND le.kind = 'http_request')
     GROUP BY a.host_name ORDER BY count(DISTINCT a.id) DESC, a.host_name`,
    [assessmentId, WEB_PORTS],
  );
  for (const r of rows) r.activityIds.sort((x, y) => Number(x) - Number(y));
  return rows;
}
