// Exposures (issue 22 §4): each internal host and port that the internet held a session with on
// a cleartext or admin service, from the exposed-service detector's detections — the port is
// read from their evidence flows, the service name from the detector's own table.
import { getPool } from '../db/client';
import { EXPOSED_SERVICES } from '../detect/network/exposed-service';

export interface ExposureRow {
  host: string | null;
  ip: string;
  port: number;
  service: string;
  /** Outside addresses that held a session with it. */
  peers: string[];
  sessions: number;
  first: string;
  /** One of those addresses scanned within the hour before (the detection's higher score). */
  afterScan: boolean;
}

const NAMES = new Map(EXPOSED_SERVICES);

export async function getExposures(assessmentId: string): Promise<ExposureRow[]> {
  const { rows } = await getPool().query(
    `SELECT max(d.host_name) AS host, host(d.host_ip) AS ip, f.dst_port AS port,
            array_agg(DISTINCT host(d.peer) ORDER BY host(d.peer)) AS peers, count(DISTINCT f.id)::int AS sessions,
            min(d.start_ts) AS first, bool_or(d.score >= 0.9) AS "afterScan"
     FROM detection d
     JOIN flow f ON f.assessment_id = d.assessment_id AND f.id = ANY(d.evidence_ids) AND f.dst_ip = d.host_ip
     WHERE d.assessment_id = $1 AND d.detector = 'network.exposed-service' AND d.host_ip IS NOT NULL
     GROUP BY d.host_ip, f.dst_port
     ORDER BY bool_or(d.score >= 0.9) DESC, min(d.start_ts), d.host_ip, f.dst_port`,
    [assessmentId],
  );
  return rows.map((r) => ({ ...r, service: NAMES.get(r.port) ?? `port ${r.port}`, first: r.first.toISOString() })) as ExposureRow[];
}

/** "10.20.1.250:23 (telnet) — reached from 192.0.2.66, after a scan" */
export function exposureSentence(e: ExposureRow): string {
  const who = e.peers.length === 1 ? e.peers[0] : `${e.peers.length} outside addresses`;
  return `${e.host ?? e.ip}:${e.port} (${e.service}) answers the internet: ${e.sessions} session${e.sessions === 1 ? '' : 's'} from ${who}${e.afterScan ? ', right after a scan' : ''}`;
}
