import { getPool } from '../db/client';

export interface HostRow {
  name: string;
  ips: string[];
  role: string | null;
  source: string;
  hasLogs: boolean;
  sharedIps: string[];
}

export async function getHosts(assessmentId: string): Promise<HostRow[]> {
  const { rows } = await getPool().query(
    `SELECT h.name, h.role, h.source, h.has_logs AS "hasLogs",
            coalesce(array_agg(host(ha.ip) ORDER BY ha.ip) FILTER (WHERE ha.ip IS NOT NULL), '{}') AS ips,
            coalesce(array_agg(host(ha.ip) ORDER BY ha.ip) FILTER (WHERE ha.is_shared), '{}') AS "sharedIps"
     FROM host h LEFT JOIN host_address ha ON ha.host_id = h.id
     WHERE h.assessment_id = $1 GROUP BY h.id ORDER BY h.name`,
    [assessmentId],
  );
  return rows as HostRow[];
}
