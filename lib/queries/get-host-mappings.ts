import { getPool } from '../db/client';

export interface HostMappingData {
  mappings: { name: string; ip: string; source: string; shared: boolean }[];
  unmappedNames: string[];
  unmappedIps: string[];
}

export async function getHostMappings(assessmentId: string): Promise<HostMappingData> {
  const pool = getPool();
  const [m, names, ips] = await Promise.all([
    pool.query(
      `SELECT h.name, host(ha.ip) AS ip, ha.source, ha.is_shared AS shared FROM host_address ha JOIN host h ON h.id = ha.host_id
       WHERE ha.assessment_id = $1 ORDER BY h.name, ha.ip`,
      [assessmentId],
    ),
    pool.query(
      `SELECT h.name FROM host h WHERE h.assessment_id = $1 AND h.has_logs
       AND NOT EXISTS (SELECT 1 FROM host_address ha WHERE ha.host_id = h.id) ORDER BY h.name`,
      [assessmentId],
    ),
    pool.query(
      `SELECT host(ip) AS ip FROM blind_spot WHERE assessment_id = $1 AND kind = 'host_without_logs' AND host_name IS NULL AND ip IS NOT NULL ORDER BY ip`,
      [assessmentId],
    ),
  ]);
  return { mappings: m.rows, unmappedNames: names.rows.map((r) => r.name), unmappedIps: ips.rows.map((r) => r.ip) };
}
