// Every write of `host` and `host_address` rows. Named mappings come from an inventory, a
// bundle's /etc/hosts or the SOC lead (Settings) and are kept across re-runs; derived ones
// (from the logs) are rebuilt by every analysis (resolveHosts). Each mapping keeps its source
// and confidence. An address claimed by several hosts (NAT, shared VIP) is flagged, never guessed.
import type pg from 'pg';
import { getPool } from '../db/client';
import { hostFromCollectorFolder } from './bundle-identity';
import { decide, findCandidates, findConfiguredPeerMatches, NOT_A_HOST_ADDRESS_SQL } from './co-occurrence';

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

/** Log kinds whose address is the host's own, with how sure each is and how it is described. */
const STATEMENTS_SQL = `
  SELECT id, host_name, src_ip AS ip, 0.9::float8 AS conf, 'address assigned (DHCP / NetworkManager / networkd / kernel)' AS basis
  FROM log_event WHERE assessment_id = $1 AND kind = 'address_assigned' AND src_ip IS NOT NULL
  UNION ALL
  -- sshd "Connection from A port p on B port q": B is the address the client reached.
  SELECT id, host_name, dst_ip, 0.9, 'sshd: Connection from … on this address'
  FROM log_event WHERE assessment_id = $1 AND kind = 'accept' AND dst_ip IS NOT NULL
  UNION ALL
  -- A socket bound to a specific address (auditd bind SOCKADDR, sshd "Server listening on B").
  SELECT id, host_name, src_ip, 0.6, 'listens on this address (bind / Server listening on)'
  FROM log_event WHERE assessment_id = $1 AND kind = 'bind' AND src_ip IS NOT NULL`;

/** The analysis step: derived mappings rebuilt from the stored log events and flows. */
export async function resolveHosts(client: pg.PoolClient, assessmentId: string): Promise<void> {
  const a = [assessmentId];
  await client.query('DELETE FROM host_address_doubt WHERE assessment_id = $1', a);
  await client.query(`DELETE FROM host_address WHERE assessment_id = $1 AND source IN ('logs', 'folder', 'flows')`, a);
  await client.query(
    `DELETE FROM host h WHERE h.assessment_id = $1 AND h.source IN ('logs', 'folder')
       AND NOT EXISTS (SELECT 1 FROM host_address ha WHERE ha.host_id = h.id)`,
    a,
  );
  await client.query(`UPDATE host SET name_basis = NULL, name_examples = '[]' WHERE assessment_id = $1 AND source IN ('logs', 'folder')`, a);
  // Every host name the logs mention is a host. The log rollup (one row per host, hour and
  // file, written at ingest) holds every host name of the log events: read it, not the events.
  await client.query(
    `INSERT INTO host (id, assessment_id, name, source, has_logs)
     SELECT gen_random_uuid(), $1, host_name, 'logs', true
     FROM (SELECT DISTINCT host_name FROM log_rollup WHERE assessment_id = $1 AND host_name IS NOT NULL) n
     ON CONFLICT (assessment_id, name) DO UPDATE SET has_logs = true`,
    a,
  );
  await client.query(
    `UPDATE host h SET has_logs = EXISTS (SELECT 1 FROM log_rollup r WHERE r.assessment_id = $1 AND r.host_name = h.name)
     WHERE h.assessment_id = $1`,
    a,
  );
  await nameBases(client, assessmentId);
  await applyBundleFacts(client, assessmentId);
  // Addresses the logs themselves state (wildcard, loopback and link-local say nothing).
  await client.query(
    `INSERT INTO host_address (assessment_id, host_id, ip, source, confidence, basis, examples)
     SELECT $1::uuid, h.id, s.ip, 'logs', max(s.conf), (array_agg(s.basis ORDER BY s.conf DESC, s.id))[1],
            (SELECT coalesce(jsonb_agg(jsonb_build_object('file', coalesce(sf.path, ''), 'line', e.line_no, 'text', left(e.raw, 300)) ORDER BY e.id), '[]')
             FROM log_event e LEFT JOIN source_file sf ON sf.id = e.source_file_id
             WHERE e.assessment_id = $1 AND e.id = ANY ((array_agg(s.id ORDER BY s.conf DESC, s.id))[1:3]))
     FROM (${STATEMENTS_SQL}) s JOIN host h ON h.assessment_id = $1 AND h.name = s.host_name
     WHERE NOT ${NOT_A_HOST_ADDRESS_SQL('s.ip')}
     GROUP BY h.id, s.ip
     ON CONFLICT (assessment_id, host_id, ip) DO NOTHING`,
    a,
  );
  await markShared(client, assessmentId);
  await mapByCoOccurrence(client, assessmentId);
  await mapByConfiguredPeers(client, assessmentId);
  await markShared(client, assessmentId);
}

/** A forwarder's configured upstreams (lib/hosts/co-occurrence.ts findConfiguredPeerMatches), for hosts still without an address. */
async function mapByConfiguredPeers(client: pg.PoolClient, assessmentId: string): Promise<void> {
  for (const m of await findConfiguredPeerMatches(client, assessmentId)) {
    const taken = await client.query<{ name: string }>(
      `SELECT h.name FROM host_address ha JOIN host h ON h.id = ha.host_id WHERE ha.assessment_id = $1 AND ha.ip = $2 AND h.name <> $3
       UNION SELECT h.name FROM host_address_doubt d JOIN host h ON h.id = d.host_id WHERE d.assessment_id = $1 AND d.ip = $2 AND h.name <> $3`,
      [assessmentId, m.ip, m.host],
    );
    if (taken.rowCount) {
      const reason = `forwards to ${m.peers.join(', ')} like this address, which is also suggested for ${taken.rows.map((r) => r.name).join(', ')}: not mapped`;
      await client.query(`INSERT INTO host_address_doubt (assessment_id, host_id, ip, reason, matched, total, examples) VALUES ($1, $2, $3, $4, 0, 0, $5)`, [
        assessmentId,
        m.hostId,
        m.ip,
        reason,
        JSON.stringify(m.examples),
      ]);
      continue;
    }
    const basis = `configured upstream: forwards to ${m.peers.join(', ')}, and this is the only address the flows show sending to ${m.peers.length === 1 ? 'it' : 'all of them'}`;
    await client.query(
      `INSERT INTO host_address (assessment_id, host_id, ip, source, confidence, basis, examples) VALUES ($1, $2, $3, 'flows', $4, $5, $6)
       ON CONFLICT (assessment_id, host_id, ip) DO NOTHING`,
      [assessmentId, m.hostId, m.ip, CONFIGURED_PEER_CONFIDENCE, basis, JSON.stringify(m.examples)],
    );
  }
}

async function markShared(client: Queryable, assessmentId: string): Promise<void> {
  await client.query(
    `UPDATE host_address ha SET is_shared = s.shared FROM (
       SELECT ip, count(DISTINCT host_id) > 1 AS shared FROM host_address WHERE assessment_id = $1 GROUP BY ip
     ) s WHERE ha.assessment_id = $1 AND ha.ip = s.ip`,
    [assessmentId],
  );
}

/**
 * A bundle's own statements (host_fact): each folder's host is named by its /etc/hostname or a
 * collector's hostname output, else by the collector's folder name, else by the folder; its
 * address facts are that host's addresses.
 */
async function applyBundleFacts(client: Queryable, assessmentId: string): Promise<void> {
  const { rows } = await client.query<{
    folder: string | null;
    name: string | null;
    basis: string | null;
    examples: { file: string; line: number; text: string }[] | null;
  }>(
    `SELECT f.folder, (array_agg(f.value ORDER BY f.basis = '/etc/hostname' DESC, f.id))[1] AS name,
            (array_agg(f.basis ORDER BY f.basis = '/etc/hostname' DESC, f.id))[1] AS basis,
            jsonb_agg(jsonb_build_object('file', sf.path, 'line', f.line_no, 'text', f.raw) ORDER BY f.id) AS examples
     FROM host_fact f JOIN source_file sf ON sf.id = f.source_file_id
     WHERE f.assessment_id = $1 AND f.kind = 'name' GROUP BY f.folder
     UNION ALL
     SELECT DISTINCT f.folder, NULL, NULL, NULL::jsonb FROM host_fact f
     WHERE f.assessment_id = $1 AND f.kind = 'address'
       AND NOT EXISTS (SELECT 1 FROM host_fact n WHERE n.assessment_id = $1 AND n.kind = 'name' AND n.folder IS NOT DISTINCT FROM f.folder)`,
    [assessmentId],
  );
  for (const r of rows) {
    const collector = r.folder === null ? undefined : hostFromCollectorFolder(r.folder);
    const name = r.name ?? collector ?? r.folder;
    if (!name) continue;
    const basis = r.name ? `${r.basis} in the bundle` : collector ? "the collector's folder name" : 'bundle folder';
    const examples = r.examples ?? [];
    await client.query(
      `INSERT INTO host (id, assessment_id, name, source, name_basis, name_examples) VALUES (gen_random_uuid(), $1, $2, 'folder', $3, $4)
       ON CONFLICT (assessment_id, name) DO UPDATE SET
         name_basis = CASE WHEN host.source IN ('logs', 'folder') THEN concat_ws(', ', host.name_basis, EXCLUDED.name_basis) ELSE host.name_basis END,
         name_examples = CASE WHEN host.source IN ('logs', 'folder') THEN host.name_examples || EXCLUDED.name_examples ELSE host.name_examples END`,
      [assessmentId, name, basis, JSON.stringify(examples.slice(0, 3))],
    );
    await client.query(
      `INSERT INTO host_address (assessment_id, host_id, ip, source, confidence, basis, examples)
       SELECT $1::uuid, h.id, f.value::inet, 'logs', max(CASE WHEN f.basis IN ('ss', 'netstat') THEN 0.8 ELSE 0.95 END),
              'the bundle lists it: ' || string_agg(DISTINCT f.basis, ', '),
              jsonb_agg(jsonb_build_object('file', sf.path, 'line', f.line_no, 'text', f.raw) ORDER BY f.id)
       FROM host_fact f JOIN source_file sf ON sf.id = f.source_file_id JOIN host h ON h.assessment_id = $1 AND h.name = $2
       WHERE f.assessment_id = $1 AND f.kind = 'address' AND f.folder IS NOT DISTINCT FROM $3
       GROUP BY h.id, f.value
       ON CONFLICT (assessment_id, host_id, ip) DO NOTHING`,
      [assessmentId, name, r.folder],
    );
  }
}

/**
 * Where each host's name was read, with an example line per source file: an auditd `node=`,
 * the log line's own header (syslog and other formats), or the bundle folder the file was in.
 */
async function nameBases(client: Queryable, assessmentId: string): Promise<void> {
  await client.query(
    `WITH firsts AS (
       SELECT r.host_name, r.source_file_id, min(r.first_ts) AS ts
       FROM log_rollup r WHERE r.assessment_id = $1 GROUP BY r.host_name, r.source_file_id
     ), ex AS (
       SELECT f.host_name, sf.path, e.line_no, left(e.raw, 300) AS raw,
              CASE WHEN e.raw LIKE '%node=' || f.host_name || ' %' THEN 'auditd node='
                   WHEN sf.host_hint = f.host_name AND strpos(e.raw, f.host_name) = 0 THEN 'bundle folder'
                   ELSE 'log header' || coalesce(' (' || sf.format || ')', '') END AS basis
       FROM firsts f JOIN source_file sf ON sf.id = f.source_file_id
       CROSS JOIN LATERAL (
         SELECT line_no, raw FROM log_event e
         WHERE e.assessment_id = $1 AND e.host_name = f.host_name AND e.ts = f.ts AND e.source_file_id = f.source_file_id
         ORDER BY e.id LIMIT 1
       ) e
     ), agg AS (
       SELECT host_name, string_agg(DISTINCT basis, ', ') AS basis,
              jsonb_agg(jsonb_build_object('file', path, 'line', line_no, 'text', raw) ORDER BY path) AS examples
       FROM ex GROUP BY host_name
     )
     UPDATE host h SET name_basis = agg.basis, name_examples = (SELECT coalesce(jsonb_agg(x), '[]') FROM jsonb_array_elements(agg.examples) WITH ORDINALITY AS j(x, n) WHERE n <= 5)
     FROM agg WHERE h.assessment_id = $1 AND h.name = agg.host_name AND h.source IN ('logs', 'folder')`,
    [assessmentId],
  );
}

// Inference, not a statement: below the logs' own address lines (0.9), above /etc/hosts' guess
// of which name the logs use (0.7) it is not, so it never takes a named address over.
const CO_OCCURRENCE_CONFIDENCE = 0.65;
// A forwarder's upstreams seen only from one address: plausible, weaker than timed matches.
const CONFIGURED_PEER_CONFIDENCE = 0.55;

/** Co-occurrence with the flows (lib/hosts/co-occurrence.ts): mapped, or listed as a doubt. */
async function mapByCoOccurrence(client: pg.PoolClient, assessmentId: string): Promise<void> {
  const candidates = await findCandidates(client, assessmentId);
  if (candidates.length === 0) return;
  const claims = await client.query<{ ip: string; name: string }>(
    `SELECT host(ha.ip) AS ip, h.name FROM host_address ha JOIN host h ON h.id = ha.host_id WHERE ha.assessment_id = $1`,
    [assessmentId],
  );
  const claimedBy = new Map<string, Set<string>>();
  const claim = (ip: string, name: string) => claimedBy.set(ip, (claimedBy.get(ip) ?? new Set()).add(name));
  for (const r of claims.rows) claim(r.ip, r.name);
  // Two hosts whose best candidate is one address (behind one NAT): neither is mapped.
  for (const c of candidates) claim(c.ip, c.host);
  for (const c of candidates) {
    const others = [...(claimedBy.get(c.ip) ?? [])].filter((n) => n !== c.host).sort();
    const d = decide(c, others.length > 0 ? others.join(', ') : undefined);
    if (d.kind === 'map') {
      await client.query(
        `INSERT INTO host_address (assessment_id, host_id, ip, source, confidence, basis, examples) VALUES ($1, $2, $3, 'flows', $4, $5, $6)
         ON CONFLICT (assessment_id, host_id, ip) DO NOTHING`,
        [assessmentId, c.hostId, c.ip, CO_OCCURRENCE_CONFIDENCE, d.basis, JSON.stringify(c.examples)],
      );
    } else {
      await client.query(`INSERT INTO host_address_doubt (assessment_id, host_id, ip, reason, matched, total, examples) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        assessmentId,
        c.hostId,
        c.ip,
        d.reason,
        c.matched,
        c.total,
        JSON.stringify(c.examples),
      ]);
    }
  }
}

/** What a bundle file states about its host (lib/hosts/bundle-identity.ts), kept until the analysis names the folder's host. */
export async function saveHostFacts(
  db: Queryable,
  assessmentId: string,
  sourceFileId: string,
  folder: string | undefined,
  basis: string,
  facts: { line: number; kind: 'name' | 'address'; value: string; raw: string }[],
): Promise<void> {
  if (facts.length === 0) return;
  await db.query(
    `INSERT INTO host_fact (assessment_id, source_file_id, line_no, folder, kind, value, basis, raw)
     SELECT $1, $2, x.line, $3, x.kind, x.value, $4, x.raw
     FROM jsonb_to_recordset($5::jsonb) AS x(line int, kind text, value text, raw text)`,
    [assessmentId, sourceFileId, folder ?? null, basis, JSON.stringify(facts)],
  );
}
