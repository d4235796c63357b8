// Host identity from co-occurrence with the flows: what an analyst does by hand. A host's logs
// name remote peers at known times (sshd accepted/failed/disconnected from P port p, auditd
// connect to P:port, a web server's client P); the flows show P talking to some address X at
// the same times. The one address that explains the host's peer events is that host's address.
//
// Rule (IDENTITY_RULE): an observation is one peer connection (P and its port when the line gives
// it, else P at one time). Each observation is matched with the flows of P whose span covers its
// time (± toleranceSeconds; ± portedToleranceSeconds when the line gives P's port, which pins the
// connection against host clock drift) and, when it gives that port, that port on P's side; the other
// end of each such flow is a candidate. An observation is consistent with each of its candidates
// and explained by X alone when X is its only candidate (a port on P's side usually makes it so;
// a port-less line at a time P talks to two hosts is consistent with both and tells them apart
// not at all). The best candidate X becomes the host's address when
//   * at least minObservations observations are explained by X alone,
//   * X is consistent with at least minShare of the matched observations,
//   * the runner-up alone explains at most maxRunnerUpShare of what X alone explains, and
//   * nothing contradicts it: no other host claims X (by any source, or as its own best
//     candidate: two hosts behind one NAT address), and the host has no named address.
// Everything else that was a best candidate is kept as a doubt (host_address_doubt) with its
// reason, for a person to decide in Settings.
//
// Set-based: one statement collects the observations, one matches them against the flows
// through the (assessment_id, src_ip, start_ts) and (assessment_id, dst_ip, start_ts) indexes
// (each probe reads P's flows within the longest flow's duration of the time, not P's whole
// history), one aggregates per host and candidate.
import type pg from 'pg';
import { maxFlowSeconds } from '../records/rollups';

export const IDENTITY_RULE = {
  /** Fewer peer connections explained by the address alone say nothing (three could be chance). */
  minObservations: 5,
  /** The address must be consistent with this share of the host's matched peer connections. */
  minShare: 0.9,
  /** The runner-up may explain alone at most this share of what the best explains alone. */
  maxRunnerUpShare: 0.5,
  /** Log lines carry whole seconds (RFC 3164) and flows cover their connection: a small slack. */
  toleranceSeconds: 2,
  /**
   * With P's port on the line the port pins the connection, so the time may be off by a host
   * clock that drifts from the exporter's (common without NTP): a wide slack.
   */
  portedToleranceSeconds: 120,
} as const;

/** Addresses that never identify a host on the network. */
export const NOT_A_HOST_ADDRESS_SQL = (col: string) =>
  `(${col} <<= '127.0.0.0/8' OR ${col} <<= '169.254.0.0/16' OR ${col} <<= 'fe80::/10' OR ${col} = '0.0.0.0' OR ${col} = '::' OR ${col} = '::1'
    OR ${col} <<= '224.0.0.0/4' OR ${col} = '255.255.255.255' OR ${col} <<= 'ff00::/8')`;

export interface Example {
  file: string;
  line: number;
  text: string;
}

export interface Candidate {
  host: string;
  hostId: string;
  ip: string;
  /** Observations (peer connections) this address is consistent with: a flow of it matches. */
  matched: number;
  /** Observations only this address explains (no flow of another address matches them). */
  unique: number;
  /** Observations of the host that matched any flow. */
  total: number;
  runnerUp: string | null;
  runnerUpUnique: number;
  examples: Example[];
}

export type Decision = { kind: 'map'; basis: string } | { kind: 'doubt'; reason: string };

/** The rule on one host's best candidate; `claimedElsewhere` names the other host that claims the address. */
export function decide(c: Candidate, claimedElsewhere: string | undefined, rule = IDENTITY_RULE): Decision {
  const share = c.total === 0 ? 0 : c.matched / c.total;
  const pct = Math.round(share * 100);
  const plural = (n: number) => `${n} peer connection${n === 1 ? '' : 's'}`;
  if (claimedElsewhere !== undefined) return { kind: 'doubt', reason: `also the address of ${claimedElsewhere} (shared or NAT): not mapped` };
  if (c.unique < rule.minObservations)
    return { kind: 'doubt', reason: `only ${plural(c.unique)} in the logs match flows of this address alone (at least ${rule.minObservations} needed)` };
  if (share < rule.minShare)
    return {
      kind: 'doubt',
      reason: `consistent with ${c.matched} of ${plural(c.total)} that match flows (${pct} %, at least ${rule.minShare * 100} % needed)`,
    };
  if (c.runnerUp !== null && c.runnerUpUnique > c.unique * rule.maxRunnerUpShare)
    return { kind: 'doubt', reason: `ambiguous: ${c.runnerUp} alone explains ${c.runnerUpUnique} of them, this address ${c.unique}` };
  const second = c.runnerUp === null ? 'no other address' : `${c.runnerUp} alone explains ${c.runnerUpUnique}`;
  return {
    kind: 'map',
    basis: `co-occurrence with the flows: ${c.unique} peer connections in the logs match flows of this address alone, ${c.matched} of ${c.total} (${pct} %) are consistent with it; ${second}`,
  };
}

/**
 * Best and runner-up candidates per host that has peer events and no named address (inventory,
 * /etc/hosts, manual). `hostIds` limits the hosts (undefined: all).
 */
export async function findCandidates(client: pg.PoolClient, assessmentId: string, rule = IDENTITY_RULE): Promise<Candidate[]> {
  const a = assessmentId;
  // Nothing to find when every host that sent logs has a named address (an inventory covers
  // them all): the pass over the log events below would only find no observation.
  if (!(await someLogHostWithout(client, a, `ha.source IN ('inventory', 'hosts-file', 'manual')`))) return [];
  const tol = rule.toleranceSeconds;
  const portedTol = rule.portedToleranceSeconds;
  const reach = (await maxFlowSeconds(client, a)) + Math.max(tol, portedTol);
  // Observations: one per peer connection (P, P's port) or, without a port, per (P, time).
  await client.query(
    `CREATE TEMP TABLE id_obs ON COMMIT DROP AS
     SELECT DISTINCT ON (host_name, peer, pport, sport, ts) id, host_name, peer, pport, sport, ts,
            host_name || '|' || host(peer) || '|' || coalesce('p' || pport, 's' || sport || '@' || ts::text, ts::text) AS obs
     FROM (
       SELECT e.id, e.host_name, e.ts,
              CASE WHEN e.kind = 'connect' THEN e.dst_ip ELSE e.src_ip END AS peer,
              CASE WHEN e.kind = 'connect' THEN NULL ELSE e.src_port END AS pport,
              CASE WHEN e.kind = 'connect' THEN e.dst_port END AS sport
       FROM log_event e
       WHERE e.assessment_id = $1 AND e.host_name IS NOT NULL
         AND ((e.kind = 'connect' AND e.dst_ip IS NOT NULL)
           OR (e.src_ip IS NOT NULL AND e.dst_ip IS NULL AND e.kind NOT IN ('bind', 'address_assigned', 'firewall_drop')))
     ) x
     WHERE NOT ${NOT_A_HOST_ADDRESS_SQL('peer')}
       AND NOT EXISTS (SELECT 1 FROM host h JOIN host_address ha ON ha.host_id = h.id
                       WHERE h.assessment_id = $1 AND h.name = x.host_name AND ha.source IN ('inventory', 'hosts-file', 'manual'))
     ORDER BY host_name, peer, pport, sport, ts, id`,
    [a],
  );
  await client.query('ANALYZE id_obs');
  // Matches: each observation with the other end of every flow of its peer at its time.
  await client.query(
    `CREATE TEMP TABLE id_match ON COMMIT DROP AS
     SELECT DISTINCT ON (o.obs, m.other) o.host_name, o.obs, m.other, o.id AS event_id, m.flow_id
     FROM (SELECT *, make_interval(secs => CASE WHEN pport IS NULL THEN $2::float8 ELSE $4::float8 END) AS tol,
                  make_interval(secs => $3::float8 - $4::float8 + CASE WHEN pport IS NULL THEN $2::float8 ELSE $4::float8 END) AS reach FROM id_obs) o
     CROSS JOIN LATERAL (
       SELECT f.dst_ip AS other, f.id AS flow_id FROM flow f
       WHERE f.assessment_id = $1 AND f.src_ip = o.peer
         AND f.start_ts BETWEEN o.ts - o.reach AND o.ts + o.tol AND f.end_ts >= o.ts - o.tol
         AND (o.pport IS NULL OR f.src_port = o.pport) AND (o.sport IS NULL OR f.src_port = o.sport)
       UNION ALL
       SELECT f.src_ip, f.id FROM flow f
       WHERE f.assessment_id = $1 AND f.dst_ip = o.peer
         AND f.start_ts BETWEEN o.ts - o.reach AND o.ts + o.tol AND f.end_ts >= o.ts - o.tol
         AND (o.pport IS NULL OR f.dst_port = o.pport) AND (o.sport IS NULL OR f.dst_port = o.sport)
     ) m
     WHERE m.other <> o.peer AND NOT ${NOT_A_HOST_ADDRESS_SQL('m.other')}
     ORDER BY o.obs, m.other, o.ts, m.flow_id`,
    [a, tol, reach, portedTol],
  );
  const { rows } = await client.query<{
    host: string;
    host_id: string;
    ip: string;
    matched: number;
    unique: number;
    total: number;
    runner_up: string | null;
    runner_up_unique: number | null;
    event_ids: string[];
    flow_ids: string[];
  }>(
    `WITH m AS (
       SELECT id_match.*, count(*) OVER (PARTITION BY obs) AS n_cand FROM id_match
     ), per AS (
       SELECT host_name, other, count(DISTINCT obs)::int AS matched, (count(DISTINCT obs) FILTER (WHERE n_cand = 1))::int AS "unique",
              (array_agg(event_id ORDER BY n_cand, event_id))[1:3] AS event_ids, (array_agg(flow_id ORDER BY n_cand, event_id))[1:3] AS flow_ids
       FROM m GROUP BY host_name, other
     ), tot AS (
       SELECT host_name, count(DISTINCT obs)::int AS total FROM id_match GROUP BY host_name
     ), ranked AS (
       SELECT per.*, row_number() OVER (PARTITION BY host_name ORDER BY "unique" DESC, matched DESC, other) AS rk FROM per
     )
     SELECT b.host_name AS host, h.id AS host_id, host(b.other) AS ip, b.matched, b."unique", t.total,
            host(r.other) AS runner_up, r."unique" AS runner_up_unique,
            b.event_ids::text[] AS event_ids, b.flow_ids::text[] AS flow_ids
     FROM ranked b JOIN tot t USING (host_name)
     JOIN host h ON h.assessment_id = $1 AND h.name = b.host_name
     LEFT JOIN ranked r ON r.host_name = b.host_name AND r.rk = 2
     WHERE b.rk = 1
     ORDER BY b.host_name`,
    [a],
  );
  const out: Candidate[] = [];
  for (const r of rows) {
    out.push({
      host: r.host,
      hostId: r.host_id,
      ip: r.ip,
      matched: r.matched,
      unique: r.unique,
      total: r.total,
      runnerUp: r.runner_up,
      runnerUpUnique: r.runner_up_unique ?? 0,
      examples: await pairExamples(client, a, r.event_ids, r.flow_ids),
    });
  }
  return out;
}

/** Whether some host that sent logs has no address of the kind `addressSql` (SQL over \`ha\`, a host_address row) selects. */
async function someLogHostWithout(client: pg.PoolClient, assessmentId: string, addressSql: string): Promise<boolean> {
  const { rows } = await client.query<{ some: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM host h WHERE h.assessment_id = $1 AND h.has_logs
         AND NOT EXISTS (SELECT 1 FROM host_address ha WHERE ha.host_id = h.id AND ${addressSql})
     ) AS some`,
    [assessmentId],
  );
  return rows[0]?.some ?? false;
}

/** A log line and the flow that matched it, for each example pair. */
async function pairExamples(client: pg.PoolClient, assessmentId: string, eventIds: string[], flowIds: string[]): Promise<Example[]> {
  const { rows } = await client.query<{ file: string; line: number; text: string; ffile: string; fline: number; ftext: string }>(
    `SELECT coalesce(sf.path, '') AS file, e.line_no AS line, left(e.raw, 300) AS text,
            coalesce(ff.path, '') AS ffile, f.record_no AS fline,
            'flow ' || host(f.src_ip) || ':' || f.src_port || ' → ' || host(f.dst_ip) || ':' || f.dst_port
              || ' ' || to_char(f.start_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '–' || to_char(f.end_ts AT TIME ZONE 'UTC', 'HH24:MI:SS"Z"') AS ftext
     FROM unnest($2::bigint[], $3::bigint[]) WITH ORDINALITY AS p(eid, fid, n)
     JOIN log_event e ON e.id = p.eid JOIN flow f ON f.id = p.fid
     LEFT JOIN source_file sf ON sf.id = e.source_file_id LEFT JOIN source_file ff ON ff.id = f.source_file_id
     WHERE e.assessment_id = $1 AND f.assessment_id = $1
     ORDER BY p.n`,
    [assessmentId, eventIds, flowIds],
  );
  return rows.flatMap((r) => [
    { file: r.file, line: r.line, text: r.text },
    { file: r.ffile, line: r.fline, text: r.ftext },
  ]);
}

/** One host's configured upstream peers and the one address in the flows that sends to all of them. */
export interface ConfiguredPeerMatch {
  host: string;
  hostId: string;
  ip: string;
  peers: string[];
  examples: Example[];
}

const IPV4 = '((?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3})';

/**
 * Configured peers: a forwarder names the upstreams it sends to (dnsmasq `using nameserver
 * 198.51.100.53#53`, with or without `for domain …`). The internal address that sends to every
 * one of them on that port in the flows is the host's, when exactly one does (several: a shared
 * upstream tells nothing). For hosts without any address yet.
 */
export async function findConfiguredPeerMatches(client: pg.PoolClient, assessmentId: string): Promise<ConfiguredPeerMatch[]> {
  // For hosts still without any address: none, nothing to read.
  if (!(await someLogHostWithout(client, assessmentId, 'TRUE'))) return [];
  const { rows } = await client.query<{ host: string; host_id: string; ip: string; peers: string[]; event_ids: string[]; flow_ids: string[] }>(
    `WITH cfg AS (
       SELECT e.host_name, m[1]::inet AS peer, m[2]::int AS port, min(e.id) AS event_id
       FROM log_event e CROSS JOIN LATERAL regexp_match(e.raw, 'using nameserver ${IPV4}#([0-9]{1,5})\\M') m
       WHERE e.assessment_id = $1 AND e.program = 'dnsmasq' AND e.host_name IS NOT NULL AND e.raw LIKE '%using nameserver %#%'
         AND m[2]::int BETWEEN 1 AND 65535
         AND NOT EXISTS (SELECT 1 FROM host h JOIN host_address ha ON ha.host_id = h.id WHERE h.assessment_id = $1 AND h.name = e.host_name)
       GROUP BY e.host_name, m[1], m[2]
     ), senders AS (
       SELECT c.host_name, c.peer, f.src_ip, min(f.id) AS flow_id, min(c.event_id) AS event_id
       FROM cfg c JOIN flow f ON f.assessment_id = $1 AND f.dst_ip = c.peer AND f.dst_port = c.port
       WHERE f.src_ip <> c.peer AND NOT ${NOT_A_HOST_ADDRESS_SQL('f.src_ip')}
       GROUP BY c.host_name, c.peer, f.src_ip
     ), n AS (
       SELECT host_name, count(*) AS peers FROM cfg GROUP BY host_name
     ), every AS (
       SELECT s.host_name, s.src_ip, array_agg(host(s.peer) ORDER BY s.peer) AS peers,
              array_agg(s.event_id ORDER BY s.peer) AS event_ids, array_agg(s.flow_id ORDER BY s.peer) AS flow_ids
       FROM senders s JOIN n USING (host_name)
       GROUP BY s.host_name, s.src_ip, n.peers HAVING count(*) = n.peers
     )
     SELECT e.host_name AS host, h.id AS host_id, host(e.src_ip) AS ip, e.peers, e.event_ids::text[] AS event_ids, e.flow_ids::text[] AS flow_ids
     FROM every e JOIN host h ON h.assessment_id = $1 AND h.name = e.host_name
     WHERE (SELECT count(*) FROM every o WHERE o.host_name = e.host_name) = 1
     ORDER BY e.host_name`,
    [assessmentId],
  );
  const out: ConfiguredPeerMatch[] = [];
  for (const r of rows) {
    out.push({
      host: r.host,
      hostId: r.host_id,
      ip: r.ip,
      peers: r.peers,
      examples: await pairExamples(client, assessmentId, r.event_ids.slice(0, 3), r.flow_ids.slice(0, 3)),
    });
  }
  return out;
}
