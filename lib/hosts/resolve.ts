// Host identity: logs name hosts, flows carry addresses. Derived mappings (from the logs)
// are rebuilt on every run; inventory and manual mappings are kept. An address claimed by
// several hosts (NAT, shared VIP) is flagged, never guessed.
import type pg from 'pg';

export async function resolveHosts(client: pg.PoolClient, assessmentId: string): Promise<void> {
  const a = [assessmentId];
  await client.query(`DELETE FROM host_address WHERE assessment_id = $1 AND source IN ('logs', 'folder')`, a);
  await client.query(
    `DELETE FROM host h WHERE h.assessment_id = $1 AND h.source IN ('logs', 'folder')
       AND NOT EXISTS (SELECT 1 FROM host_address ha WHERE ha.host_id = h.id)`,
    a,
  );
  // Every host name the logs mention is a host.
  await client.query(
    `INSERT INTO host (id, assessment_id, name, source, has_logs)
     SELECT gen_random_uuid(), $1, host_name, 'logs', true
     FROM (SELECT DISTINCT host_name FROM log_event WHERE assessment_id = $1 AND host_name IS NOT NULL) n
     ON CONFLICT (assessment_id, name) DO UPDATE SET has_logs = true`,
    a,
  );
  await client.query(
    `UPDATE host h SET has_logs = EXISTS (SELECT 1 FROM log_event e WHERE e.assessment_id = $1 AND e.host_name = h.name)
     WHERE h.assessment_id = $1`,
    a,
  );
  // Addresses the logs themselves tell: DHCP/NetworkManager assignments (sure), and
  // sockets a host listened on (less sure: wildcard and loopback binds say nothing).
  await client.query(
    `INSERT INTO host_address (assessment_id, host_id, ip, source, confidence)
     SELECT DISTINCT ON (h.id, e.ip) $1::uuid, h.id, e.ip, 'logs', e.conf
     FROM (
       SELECT host_name, src_ip AS ip, 0.9::float8 AS conf FROM log_event
        WHERE assessment_id = $1 AND kind = 'address_assigned' AND src_ip IS NOT NULL
       UNION ALL
       SELECT host_name, src_ip, 0.6 FROM log_event
        WHERE assessment_id = $1 AND kind = 'bind' AND src_ip IS NOT NULL
          AND NOT (src_ip <<= '127.0.0.0/8' OR src_ip = '0.0.0.0' OR src_ip = '::' OR src_ip = '::1')
     ) e JOIN host h ON h.assessment_id = $1 AND h.name = e.host_name
     ORDER BY h.id, e.ip, e.conf DESC
     ON CONFLICT (assessment_id, host_id, ip) DO NOTHING`,
    a,
  );
  await client.query(
    `UPDATE host_address ha SET is_shared = s.shared FROM (
       SELECT ip, count(DISTINCT host_id) > 1 AS shared FROM host_address WHERE assessment_id = $1 GROUP BY ip
     ) s WHERE ha.assessment_id = $1 AND ha.ip = s.ip`,
    a,
  );
}
