// Pairs quieted as routine (issue 22 §6–7): what network.lateral-movement saw and did not report
// — a backup at its usual hour, logins as a service account — each with its reason in words, so a
// SOC lead can see what was quieted and judge it. Host names come from the analysis' host
// mapping (an address shared by several hosts names none).
import { getPool } from '../db/client';
import { ADMIN_SERVICES } from '../detect/network/lateral-movement';

export interface QuietedPairRow {
  detector: string;
  srcIp: string;
  srcHost: string | null;
  dstIp: string;
  dstHost: string | null;
  port: number;
  service: string;
  sessions: number;
  first: string;
  last: string;
  /** Why it is routine, in words ("logins as backup (uid 998, a system account) in db01's auth.log; …"). */
  reason: string;
}

const NAMES = new Map(ADMIN_SERVICES);

export async function getQuietedPairs(assessmentId: string): Promise<QuietedPairRow[]> {
  const { rows } = await getPool().query(
    `WITH named AS (
       SELECT ha.ip, min(h.name) AS name FROM host_address ha JOIN host h ON h.assessment_id = ha.assessment_id AND h.id = ha.host_id
       WHERE ha.assessment_id = $1 AND NOT ha.is_shared GROUP BY ha.ip HAVING count(DISTINCT h.id) = 1
     )
     SELECT q.detector, host(q.src_ip) AS "srcIp", sn.name AS "srcHost", host(q.dst_ip) AS "dstIp", dn.name AS "dstHost",
            q.dst_port AS port, q.sessions, q.first_ts AS first, q.last_ts AS last, q.reason
     FROM quieted_pair q
     LEFT JOIN named sn ON sn.ip = q.src_ip
     LEFT JOIN named dn ON dn.ip = q.dst_ip
     WHERE q.assessment_id = $1
     ORDER BY q.src_ip, q.dst_ip, q.dst_port, q.detector`,
    [assessmentId],
  );
  return rows.map((r) => ({
    ...r,
    service: NAMES.get(r.port) ?? `port ${r.port}`,
    first: r.first.toISOString(),
    last: r.last.toISOString(),
  })) as QuietedPairRow[];
}

/** "backup01 (10.20.2.5) → db01 (10.20.2.10) SSH:22, 2 sessions" — the pair, without its reason or times. */
export function quietedPairLabel(q: QuietedPairRow): string {
  const end = (host: string | null, ip: string) => (host ? `${host} (${ip})` : ip);
  return `${end(q.srcHost, q.srcIp)} → ${end(q.dstHost, q.dstIp)} ${q.service}:${q.port}, ${q.sessions} session${q.sessions === 1 ? '' : 's'}`;
}
