// Every write of `host` and `host_address` rows. Named mappings come from an inventory, a
// bundle's /etc/hosts or the SOC lead (Settings) and are kept across re-runs; derived ones
// (from the logs) are rebuilt by every analysis (resolveHosts). Each mapping keeps its source
// and confidence. An address claimed by several hosts (NAT, shared VIP) is flagged, never guessed.
import type pg from 'pg';
import { getPool } from '../db/client';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Where a named mapping comes from, and how sure it is. */
export const NAMED_SOURCES = {
  inventory: 1,
  // A bundle's /etc/hosts names addresses: host identity, less sure than an inventory.
  'hosts-file': 0.7,
  manual: 1,
} as const;

export type NamedSource = keyof typeof NAMED_SOURCES;

/**
 * Records that `name` has address `ip` (and `role`, when given). A surer source takes the
 * address over; a less sure one never lowers its confidence.
 */
export async function saveHostAddress(db: Queryable, assessmentId: string, m: { name: string; ip: string; role?: string; source: NamedSource }): Promise<void> {
  const host = await db.query<{ id: string }>(
    `INSERT INTO host (id, assessment_id, name, role, source) VALUES (gen_random_uuid(), $1, $2, $3, $4)
     ON CONFLICT (assessment_id, name) DO UPDATE SET role = COALESCE(EXCLUDED.role, host.role) RETURNING id`,
    [assessmentId, m.name, m.role ?? null, m.source],
  );
  await db.query(
    `INSERT INTO host_address (assessment_id, host_id, ip, source, confidence) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (assessment_id, host_id, ip) DO UPDATE SET
       source = CASE WHEN EXCLUDED.confidence >= host_address.confidence THEN EXCLUDED.source ELSE host_address.source END,
       confidence = greatest(host_address.confidence, EXCLUDED.confidence)`,
    [assessmentId, host.rows[0]?.id, m.ip, m.source, NAMED_SOURCES[m.source]],
  );
}

/** An inventory replaces the previous one's addresses (an upload ingested again starts clean). */
export async function clearInventoryAddresses(db: Queryable, assessmentId: string): Promise<void> {
  await db.query("DELETE FROM host_address WHERE assessment_id = $1 AND source = 'inventory'", [assessmentId]);
}

/** A manual mapping (Settings): name ↔ address, highest confidence; kept across re-runs. */
export async function mapHostManually(assessmentId: string, name: string, ip: string): Promise<void> {
  await saveHostAddress(getPool(), assessmentId, { name, ip, source: 'manual' });
}

/** Removes a mapping; returns how many addresses went. */
export async function unmapHost(assessmentId: string, name: string, ip: string): Promise<number> {
  const r = await getPool().query(`DELETE FROM host_address ha USING host h WHERE ha.host_id = h.id AND h.assessment_id = $1 AND h.name = $2 AND ha.ip = $3`, [
    assessmentId,
    name,
    ip,
  ]);
  return r.rowCount ?? 0;
}

/** The analysis step: derived mappings rebuilt from the stored log events. */
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
