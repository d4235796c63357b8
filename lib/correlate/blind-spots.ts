// Blind spots: where a source could not have seen anything at all. An activity on a host whose
// logs never arrived is `unknown` for the logs (lib/correlate/correlate.ts): a coverage gap,
// not a missed detection; the silent hosts are listed here, the ones that matter first.
// Read from the rollups written at ingest (lib/ingest/rollups.ts), so a re-run after a settings
// or host-mapping change costs thousands of rows, not every record again.

import type pg from 'pg';
import { AUDIT_FORMATS } from '../records/records';
import { FLOW_BUCKET_SECONDS, LOG_BUCKET_SECONDS } from '../records/rollups';
import { silentHostSentence } from '../report/silent-hosts';
import { STAGES, stageOrderSql } from '../stages';

/** Formats that are auditd records: where execve records are expected. */

export interface BlindSpotOptions {
  assessmentId: string;
  internalRanges: string[];
  /** A silence in one host's logs at least this long is a gap. */
  logGapSeconds: number;
  /** A silence in the flow export at least this long is a gap. */
  flowGapSeconds: number;
  /** Most silent internal addresses listed (by activities, then flows). */
  maxHosts?: number;
}

export async function findBlindSpots(client: pg.PoolClient, o: BlindSpotOptions): Promise<number> {
  const a = o.assessmentId;
  if (o.flowGapSeconds < FLOW_BUCKET_SECONDS) throw new RangeError(`flow gaps are found from ${FLOW_BUCKET_SECONDS} s up (asked: ${o.flowGapSeconds} s)`);
  // Hash aggregates over a few hundred thousand rollup rows stay in memory (the default 4 MB
  // spills them to disk); for the rest of this transaction only.
  await client.query(`SELECT set_config('work_mem', '64MB', true)`);
  await client.query('DELETE FROM blind_spot WHERE assessment_id = $1', [a]);
  // Internal addresses that behave as hosts in the flows (they sent traffic or answered it:
  // never an unanswered scan target, never a range's network or broadcast address) and belong
  // to no host that sent logs; ranked by the activities they take part in (as host or peer),
  // then by their flows. The sentence is lib/report/silent-hosts.ts's.
  const silent = await client.query<{ ip: string; name: string | null; s: Date; e: Date; n: string; na: number; fc: boolean }>(
    `WITH x AS (
       SELECT ip, sum(flows) AS n, min(first_ts) AS s, max(last_ts) AS e, sum(sent) AS sent, sum(answered) AS answered
       FROM flow_address_rollup WHERE assessment_id = $1 AND ip <<= ANY($2::cidr[])
       GROUP BY ip
     ), silent AS (
       SELECT DISTINCT ON (x.ip) x.*, h.name
       FROM x
       LEFT JOIN host_address ha ON ha.assessment_id = $1 AND ha.ip = x.ip AND NOT ha.is_shared
       LEFT JOIN host h ON h.id = ha.host_id
       WHERE h.id IS NULL OR NOT h.has_logs
       ORDER BY x.ip, h.name
     ), hostlike AS MATERIALIZED (
       SELECT s.* FROM silent s
       WHERE NOT EXISTS (SELECT 1 FROM unnest($2::cidr[]) r
                         WHERE masklen(r) < 31 AND s.ip <<= r AND (host(s.ip) = host(network(r)) OR host(s.ip) = host(broadcast(r))))
         -- It sent a flow, or answered one (reply packets): the address rollup counts both.
         AND (s.sent > 0 OR s.answered > 0)
     ), first AS (
       -- The first of the chain: the earliest activity on a known host (kill-chain order, then
       -- time); a host-less sweep of many addresses opens no host's chain.
       SELECT id FROM activity WHERE assessment_id = $1 AND (host_name IS NOT NULL OR cardinality(host_ips) > 0)
       ORDER BY ${stageOrderSql(4)}, start_ts, id LIMIT 1
     ), hostless AS (
       -- A host-less activity (a scan of several hosts) involves the addresses of the flows its
       -- detectors named.
       SELECT DISTINCT a.id, x.ip
       FROM activity a JOIN activity_evidence ev ON ev.assessment_id = $1 AND ev.activity_id = a.id AND ev.source = 'network' AND ev.detected
       JOIN flow f ON f.id = ev.record_id CROSS JOIN LATERAL (VALUES (f.src_ip), (f.dst_ip)) AS x(ip)
       WHERE a.assessment_id = $1 AND a.host_name IS NULL AND cardinality(a.host_ips) = 0 AND x.ip IN (SELECT ip FROM hostlike)
     ), direct AS MATERIALIZED (
       SELECT DISTINCT x.ip, a.id
       FROM activity a CROSS JOIN LATERAL (SELECT a.peer UNION ALL SELECT unnest(a.host_ips)::inet) AS x(ip)
       WHERE a.assessment_id = $1 AND x.ip IN (SELECT ip FROM hostlike)
     ), part AS (
       SELECT ip, count(*)::int AS na FROM (SELECT ip, id FROM direct UNION SELECT ip, id FROM hostless) u GROUP BY ip
     )
     SELECT host(hl.ip) AS ip, hl.name, hl.s, hl.e, hl.n::text AS n, coalesce(part.na, 0) AS na,
            EXISTS (SELECT 1 FROM direct JOIN first ON first.id = direct.id WHERE direct.ip = hl.ip) AS fc
     FROM hostlike hl LEFT JOIN part ON part.ip = hl.ip
     ORDER BY coalesce(part.na, 0) DESC, hl.n DESC, hl.ip LIMIT $3`,
    [a, o.internalRanges, o.maxHosts ?? 500, STAGES],
  );
  const hosts = silent.rows.map((r, i) => ({ ...r, flows: Number(r.n), rank: i + 1 }));
  await client.query(
    `INSERT INTO blind_spot (assessment_id, kind, source, host_name, ip, start_ts, end_ts, detail, activities, flows, first_of_chain, rank)
     SELECT $1, 'host_without_logs', 'logs', x.name, x.ip::inet, x.s, x.e, x.detail, x.na, x.n, x.fc, x.rank
     FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::int[], $8::bigint[], $9::bool[], $10::int[])
          AS x(ip, name, s, e, detail, na, n, fc, rank)`,
    [
      a,
      hosts.map((h) => h.ip),
      hosts.map((h) => h.name),
      hosts.map((h) => h.s),
      hosts.map((h) => h.e),
      hosts.map((h) => silentHostSentence({ ip: h.ip, host: h.name, activities: h.na, flows: h.flows, firstOfChain: h.fc })),
      hosts.map((h) => h.na),
      hosts.map((h) => h.n),
      hosts.map((h) => h.fc),
      hosts.map((h) => h.rank),
    ],
  );
  // Hosts that sent logs but that no flow covers (unknown address, or address never seen).
  await client.query(
    `INSERT INTO blind_spot (assessment_id, kind, source, host_name, detail)
     SELECT $1, 'host_without_flows', 'network', h.name,
            CASE WHEN NOT EXISTS (SELECT 1 FROM host_address ha WHERE ha.host_id = h.id)
                 THEN format('%s sent logs but its address is unknown: map it to see its flows', h.name)
                 ELSE format('%s sent logs but no flow involves its addresses', h.name) END
     FROM host h
     WHERE h.assessment_id = $1 AND h.has_logs AND EXISTS (SELECT 1 FROM flow_minute_rollup WHERE assessment_id = $1)
       AND NOT EXISTS (
         SELECT 1 FROM host_address ha JOIN flow_address_rollup r ON r.assessment_id = $1 AND r.ip = ha.ip
         WHERE ha.host_id = h.id
       )`,
    [a],
  );
  // Silences in the flow export as a whole.
  await client.query(
    `INSERT INTO blind_spot (assessment_id, kind, source, start_ts, end_ts, detail)
     SELECT $1, 'flow_gap', 'network', prev, start_ts,
            format('no flows at all for %s', justify_interval(date_trunc('minute', start_ts - prev)))
     FROM (
       SELECT min(first_ts) AS start_ts, max(max(last_ts)) OVER (ORDER BY minute ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
       FROM flow_minute_rollup WHERE assessment_id = $1 GROUP BY minute
     ) g WHERE start_ts - prev >= make_interval(secs => $2)`,
    [a, o.flowGapSeconds],
  );
  // Per host, from one read of the log rollup: silences inside its logs, and auditd present but
  // no execve records (the execve rules are evidently missing, so exec-based detections on that
  // host are "no visibility", not "no activity"). A silence at least as long as the rollup's
  // bucket always spans a bucket boundary, so bucket edges give it exactly; shorter gap
  // settings are answered from the events themselves.
  const fromRollup = o.logGapSeconds >= LOG_BUCKET_SECONDS;
  await client.query(
    `WITH audit_files AS MATERIALIZED (
       SELECT ARRAY(SELECT id FROM source_file WHERE assessment_id = $1 AND format = ANY($4::text[])) AS ids
     ), b AS MATERIALIZED (
       SELECT r.host_name, r.bucket, min(r.first_ts) AS first_ts, max(r.last_ts) AS last_ts,
              sum(r.events) FILTER (WHERE r.source_file_id = ANY(af.ids)) AS audit_events,
              sum(r.execs) FILTER (WHERE r.source_file_id = ANY(af.ids)) AS audit_execs
       FROM log_rollup r CROSS JOIN audit_files af
       WHERE r.assessment_id = $1 GROUP BY r.host_name, r.bucket
     ), gaps AS (
       INSERT INTO blind_spot (assessment_id, kind, source, host_name, start_ts, end_ts, detail)
       SELECT $1, 'log_gap', 'logs', host_name, prev, ts,
              format('no log lines from %s for %s', host_name, justify_interval(date_trunc('minute', ts - prev)))
       FROM (SELECT host_name, first_ts AS ts, lag(last_ts) OVER (PARTITION BY host_name ORDER BY bucket) AS prev FROM b) g
       WHERE $3 AND ts - prev >= make_interval(secs => $2)
     )
     INSERT INTO blind_spot (assessment_id, kind, source, host_name, detail)
     SELECT $1, 'audit_rules_missing', 'logs', host_name,
            format('%s has %s audit events but no execve records: audit rules for execve are evidently missing', host_name, n)
     FROM (SELECT host_name, sum(audit_events) AS n, sum(audit_execs) AS execs FROM b GROUP BY host_name) x
     WHERE n > 0 AND execs = 0`,
    [a, o.logGapSeconds, fromRollup, AUDIT_FORMATS],
  );
  if (!fromRollup) {
    await client.query(
      `INSERT INTO blind_spot (assessment_id, kind, source, host_name, start_ts, end_ts, detail)
       SELECT $1, 'log_gap', 'logs', host_name, prev, ts,
              format('no log lines from %s for %s', host_name, justify_interval(date_trunc('minute', ts - prev)))
       FROM (
         SELECT host_name, ts, lag(ts) OVER (PARTITION BY host_name ORDER BY ts) AS prev
         FROM log_event WHERE assessment_id = $1 AND host_name IS NOT NULL
       ) g WHERE ts - prev >= make_interval(secs => $2)`,
      [a, o.logGapSeconds],
    );
  }
  const n = await client.query('SELECT count(*)::int AS n FROM blind_spot WHERE assessment_id = $1', [a]);
  return n.rows[0].n as number;
}
