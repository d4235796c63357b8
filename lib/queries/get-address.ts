// One address of an assessment as a place: what the flows say about it, the hosts it is mapped
// to, and (through the activity filter and the blind spots) what happened there.
import net from 'node:net';
import { getPool } from '../db/client';
import { partitionName, tableExists } from '../ingest/partitions';
import { flowTextSql, flowTupleSql, withCommunityId } from './get-activity-evidence';
import type { BlindSpotRow } from './get-blind-spots';

/**
 * An address from a URL segment (already decoded), or null when it is not one: IPv4 or IPv6
 * text, no zone id, no prefix, at most 45 characters. Anything else is a 404 before any query.
 */
export function parseAddress(raw: string): string | null {
  if (raw.length === 0 || raw.length > 45 || raw.includes('%') || raw.includes('/')) return null;
  return net.isIP(raw) === 0 ? null : raw;
}

/** The URL segment of an address page (IPv6 colons encoded). */
export function addressPath(assessmentId: string, ip: string): string {
  return `/assessments/${assessmentId}/addresses/${encodeURIComponent(ip)}`;
}

/** Whether a host label of the heat map or the activity table is an address (an unmapped host). */
export const isAddress = (s: string | null | undefined): s is string => typeof s === 'string' && parseAddress(s) !== null;

export interface AddressSummary {
  /** The address as PostgreSQL writes it (IPv6 in its canonical form). */
  ip: string;
  /** Hosts mapped to this address (several when it is shared, e.g. behind NAT). */
  hosts: { name: string; role: string | null; hasLogs: boolean; shared: boolean }[];
  flows: {
    total: number;
    /** Flows this address started. */
    sent: number;
    /** Flows to this address, and how many of them it answered (reply packets). */
    received: number;
    answered: number;
    bytesOut: number;
    bytesIn: number;
    first: string | null;
    last: string | null;
    peers: number;
  };
}

/**
 * What the assessment knows about `ip`, or null when the address appears nowhere in it (the page is a 404).
 * The flow figures are the address's rollup rows written at ingest (flow_address_rollup: a few
 * per flow file) and its peer count from the analysis (flow_address_peers), whatever the
 * number of flows; before a first analysis the peers are counted over the address's flows.
 * test/dashboard-rollups.test.ts checks them against the same figures counted over the flows.
 */
export async function getAddressSummary(assessmentId: string, ip: string): Promise<AddressSummary | null> {
  const pool = getPool();
  const { rows } = await pool.query(
    `WITH a AS (SELECT $2::inet AS ip),
     r AS (SELECT coalesce(sum(sent), 0)::int AS sent, coalesce(sum(received), 0)::int AS received, coalesce(sum(answered), 0)::int AS answered,
                  coalesce(sum(bytes_out), 0)::float8 AS "bytesOut", coalesce(sum(bytes_in), 0)::float8 AS "bytesIn",
                  min(first_ts) AS first, max(last_ts) AS last
           FROM flow_address_rollup WHERE assessment_id = $1 AND ip = $2::inet)
     SELECT host(a.ip) AS ip, r.*,
       CASE WHEN EXISTS (SELECT 1 FROM flow_address_peers WHERE assessment_id = $1)
            THEN coalesce((SELECT peers FROM flow_address_peers WHERE assessment_id = $1 AND ip = a.ip), 0)
            ELSE (SELECT count(DISTINCT CASE WHEN src_ip = a.ip THEN dst_ip ELSE src_ip END)::int
                  FROM flow WHERE assessment_id = $1 AND (src_ip = a.ip OR dst_ip = a.ip)) END AS peers,
       EXISTS (SELECT 1 FROM activity WHERE assessment_id = $1 AND (peer = a.ip OR host(a.ip) = ANY (host_ips))) AS "inActivities",
       EXISTS (SELECT 1 FROM blind_spot WHERE assessment_id = $1 AND ip = a.ip) AS "inBlindSpots"
     FROM a CROSS JOIN r`,
    [assessmentId, ip],
  );
  const r = rows[0];
  const hosts = await pool.query(
    `SELECT h.name, h.role, h.has_logs AS "hasLogs", ha.is_shared AS shared
     FROM host_address ha JOIN host h ON h.id = ha.host_id
     WHERE h.assessment_id = $1 AND ha.ip = $2::inet ORDER BY h.name`,
    [assessmentId, ip],
  );
  if (!r || (r.sent === 0 && r.received === 0 && !r.inActivities && !r.inBlindSpots && hosts.rows.length === 0)) return null;
  return {
    ip: r.ip,
    hosts: hosts.rows,
    flows: {
      total: r.sent + r.received,
      sent: r.sent,
      received: r.received,
      answered: r.answered,
      bytesOut: r.bytesOut,
      bytesIn: r.bytesIn,
      first: r.first?.toISOString() ?? null,
      last: r.last?.toISOString() ?? null,
      peers: r.peers,
    },
  };
}

export interface AddressPeer {
  ip: string;
  flows: number;
  bytes: number;
  /** Up to five services (protocol/destination port) of their flows: the peer's when this address started them, its own otherwise. */
  ports: string[];
}

/**
 * The addresses `ip` exchanged most flows with, and up to five services of each. Read from the
 * assessment's own partition of `flow` (no assessment_id to filter on), each side from its
 * address index, whose INCLUDE columns hold everything counted here (migration
 * 20261210010000): an index-only scan over the rows frozen at ingest. Through `flow` with
 * `src_ip = x OR dst_ip = x` the busiest address of 10 M flows (51 k flows) read 46 k heap
 * pages, 377 ms; from the index it reads ~450 index pages. Services are rendered for the listed
 * peers only. A flow from the address to itself counts once.
 */
export async function getAddressPeers(assessmentId: string, ip: string, limit = 10): Promise<AddressPeer[]> {
  const pool = getPool();
  const part = partitionName('flow', assessmentId);
  if (!(await tableExists(pool, part))) return [];
  const { rows } = await pool.query(
    `WITH x AS MATERIALIZED (
       SELECT dst_ip AS peer, proto, dst_port, bytes + coalesce(rev_bytes, 0) AS b FROM ${part} WHERE src_ip = $1::inet
       UNION ALL
       SELECT src_ip, proto, dst_port, bytes + coalesce(rev_bytes, 0) FROM ${part} WHERE dst_ip = $1::inet AND src_ip <> $1::inet),
     top AS (SELECT peer, count(*)::int AS flows, sum(b)::float8 AS bytes FROM x GROUP BY peer ORDER BY flows DESC, bytes DESC, peer LIMIT $2),
     ports AS (SELECT DISTINCT x.peer, CASE x.proto WHEN 6 THEN 'tcp/' WHEN 17 THEN 'udp/' WHEN 1 THEN 'icmp/' ELSE x.proto || '/' END || x.dst_port AS port
               FROM x JOIN top USING (peer))
     SELECT host(t.peer) AS ip, t.flows, t.bytes, (array_agg(p.port ORDER BY p.port))[1:5] AS ports
     FROM top t JOIN ports p USING (peer)
     GROUP BY t.peer, t.flows, t.bytes ORDER BY t.flows DESC, t.bytes DESC, t.peer`,
    [ip, limit],
  );
  return rows as AddressPeer[];
}

export interface AddressFlow {
  id: string;
  ts: string;
  path: string;
  line: number;
  text: string;
  /** Its Community ID v1 (get-activity-evidence.ts withCommunityId). */
  communityId: string | null;
}

/** The flows to or from `ip`, oldest first, one page of them. */
export async function getAddressFlows(assessmentId: string, ip: string, page: { limit: number; offset: number }): Promise<AddressFlow[]> {
  const { rows } = await getPool().query(
    // Each side read in time order from its (address, start) index, only as far as the page
    // needs; with an OR the planner fetched every flow of the address and sorted them (342 ms
    // for the busiest address of 10 M flows, bench/README.md). A flow from the address to
    // itself comes from the first side only.
    `SELECT f.id::text, f.start_ts AS ts, coalesce(sf.path, '(file removed)') AS path, f.record_no AS line, ${flowTextSql('f')} AS text, ${flowTupleSql('f')}
     FROM ((SELECT * FROM flow WHERE assessment_id = $1 AND src_ip = $2::inet ORDER BY start_ts, id LIMIT $3::int + $4::int)
           UNION ALL
           (SELECT * FROM flow WHERE assessment_id = $1 AND dst_ip = $2::inet AND src_ip <> $2::inet ORDER BY start_ts, id LIMIT $3::int + $4::int)) f
     LEFT JOIN source_file sf ON sf.id = f.source_file_id
     ORDER BY f.start_ts, f.id LIMIT $3 OFFSET $4`,
    [assessmentId, ip, page.limit, page.offset],
  );
  return rows.map((r) => withCommunityId({ ...r, ts: (r.ts as Date).toISOString() })) as AddressFlow[];
}

/** Blind spots at this address or at a host mapped to it. */
export async function getAddressBlindSpots(assessmentId: string, ip: string, hostNames: string[]): Promise<BlindSpotRow[]> {
  const { rows } = await getPool().query(
    `SELECT kind, source, host_name AS host, host(ip) AS ip, start_ts AS start, end_ts AS "end", detail
     FROM blind_spot WHERE assessment_id = $1 AND (ip = $2::inet OR host_name = ANY ($3::text[]))
     ORDER BY kind, start_ts NULLS FIRST, id`,
    [assessmentId, ip, hostNames],
  );
  return rows.map((r) => ({ ...r, start: r.start?.toISOString() ?? null, end: r.end?.toISOString() ?? null })) as BlindSpotRow[];
}
