import { getPool } from '../db/client';
import { partitionName, tableExists } from '../ingest/partitions';
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
 *
 * Read host by host first: most such activities are a workstation's own outbound sessions (web
 * C2), and looking through every one of their evidence flows for a session into the host cost the
 * overview page 0.8 s on the 250-host week (1 607 activities, 192 k evidence flows, 2026-12-08).
 * A host that no flow reached on a web port at all cannot have such a session, so its activities
 * are not looked into. That test reads the assessment's own partition of `flow` (no assessment id
 * to check row by row), so it is an index-only probe of the destination-address index, which holds
 * the port. Same 17 candidates; the query 812 → 55 ms, the page's seven advice queries together
 * 985 → 214 ms (median of 3, warm).
 */
export async function getWebLogAdviceCandidates(assessmentId: string): Promise<WebLogAdviceCandidate[]> {
  const pool = getPool();
  const flows = partitionName('flow', assessmentId);
  // An assessment being deleted loses its partitions before its row (lib/assessments/delete.ts).
  if (!(await tableExists(pool, flows))) return [];
  const { rows } = await pool.query<WebLogAdviceCandidate>(
    `WITH cand AS MATERIALIZED (
       SELECT a.id, a.host_name, a.host_ips, a.peer FROM activity a
       WHERE a.assessment_id = $1 AND ${sawSql('a.network')} AND NOT ${sawSql('a.logs')} AND a.host_name IS NOT NULL AND a.peer IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM log_event le WHERE le.assessment_id = $1 AND le.host_name = a.host_name AND le.kind = 'http_request')
     ), served AS MATERIALIZED (
       SELECT h.host_name, h.host_ips FROM (SELECT DISTINCT host_name, host_ips FROM cand) h
       WHERE EXISTS (
         SELECT 1 FROM unnest(h.host_ips) AS ip(t)
         WHERE EXISTS (SELECT 1 FROM ${flows} fl WHERE fl.dst_ip = ip.t::inet AND fl.dst_port = ANY($2::int[]))
       )
     )
     SELECT a.host_name AS host, array_agg(DISTINCT w.port ORDER BY w.port) AS ports, array_agg(DISTINCT a.id::text) AS "activityIds"
     FROM cand a JOIN served s ON s.host_name = a.host_name AND s.host_ips IS NOT DISTINCT FROM a.host_ips
     CROSS JOIN LATERAL (
       SELECT DISTINCT fl.dst_port AS port FROM activity_evidence e JOIN flow fl ON fl.assessment_id = e.assessment_id AND fl.id = e.record_id
       WHERE e.assessment_id = $1 AND e.activity_id = a.id AND e.source = 'network'
         AND fl.src_ip = a.peer AND host(fl.dst_ip) = ANY(a.host_ips) AND fl.dst_port = ANY($2::int[]) AND coalesce(fl.rev_packets, 0) > 0
     ) w
     GROUP BY a.host_name ORDER BY count(DISTINCT a.id) DESC, a.host_name`,
    [assessmentId, WEB_PORTS],
  );
  for (const r of rows) r.activityIds.sort((x, y) => Number(x) - Number(y));
  return rows;
}
