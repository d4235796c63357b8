import { getPool } from '../db/client';
import type { IdentityExample } from './get-hosts';

export interface HostMappingData {
  mappings: { name: string; ip: string; source: string; shared: boolean; confidence: number; basis: string | null; examples: IdentityExample[] }[];
  /** Addresses the flows suggest but that were not mapped (ambiguous, shared, too few matches): a person decides. */
  doubts: { name: string; ip: string; reason: string; examples: IdentityExample[] }[];
  unmappedNames: string[];
  unmappedIps: string[];
}

export async function getHostMappings(assessmentId: string): Promise<HostMappingData> {
  const pool = getPool();
  const [m, d, names, ips] = await Promise.all([
    pool.query(
      `SELECT h.name, host(ha.ip) AS ip, ha.source, ha.is_shared AS shared, ha.confidence, ha.basis, ha.examples
       FROM host_address ha JOIN host h ON h.id = ha.host_id
       WHERE ha.assessment_id = $1 ORDER BY h.name, ha.ip`,
      [assessmentId],
    ),
    pool.query(
      `SELECT h.name, host(d.ip) AS ip, d.reason, d.examples FROM host_address_doubt d JOIN host h ON h.id = d.host_id
       WHERE d.assessment_id = $1 ORDER BY h.name, d.ip`,
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
  return { mappings: m.rows, doubts: d.rows, unmappedNames: names.rows.map((r) => r.name), unmappedIps: ips.rows.map((r) => r.ip) };
}
