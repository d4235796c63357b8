// Blind spots: where a source could not have seen anything at all. A stage that shows
// "blind" for a host whose logs never arrived is a coverage gap, not a missed detection.
// Read from the rollups written at ingest (lib/ingest/rollups.ts), so a re-run after a settings
// or host-mapping change costs thousands of rows, not every record again.

import type pg from 'pg';
import { AUDIT_FORMATS } from '../records/records';
import { FLOW_BUCKET_SECONDS, LOG_BUCKET_SECONDS } from '../records/rollups';

/** Formats that are auditd records: where execve records are expected. */

export interface BlindSpotOptions {
  assessmentId: string;
  internalRanges: string[];
  /** A silence in one host's logs at least this long is a gap. */
  logGapSeconds: number;
  /** A silence in the flow export at least this long is a gap. */
  flowGapSeconds: number;
  /** Most silent internal addresses listed (by flow count). */
  maxHosts?: number;
}

export async function findBlindSpots(client: pg.PoolClient, o: BlindSpotOptions): Promise<number> {
  const a = o.assessmentId;
  if (o.flowGapSeconds < FLOW_BUCKET_SECONDS) throw new RangeError(`flow gaps are found from ${FLOW_BUCKET_SECONDS} s up (asked: ${o.flowGapSeconds} s)`);
  // Hash aggregates over a few hundred thousand rollup rows stay in memory (the default 4 MB
  // spills them to disk); for the rest of this transaction only.
  await client.query(`SELECT set_config('work_mem', '64MB', true)`);
  await client.query('DELETE FROM blind_spot WHERE assessment_id = $1', [a]);
  // Internal addresses active in flows that belong to no host that sent logs.
  await client.query(
    `INSERT INTO blind_spot (assessment_id, kind, source, host_name, ip, start_ts, end_ts, detail)
     SELECT $1, 'host_without_logs', 'logs', h.name, x.ip, x.s, x.e,
            format('%s flows involve %s, but %s', x.n, host(x.ip),
                   CASE WHEN h.name IS NULL THEN 'no host is mapped to that address' ELSE format('host %s sent no logs', h.name) END)
     FROM (
       SELECT ip, sum(flows) AS n, min(first_ts) AS s, max(last_ts) AS e
       FROM flow_address_rollup WHERE assessment_id = $1 AND ip <<= ANY($2::cidr[])
       GROUP BY ip
     ) x
     LEFT JOIN host_address ha ON ha.assessment_id = $1 AND ha.ip = x.ip AND NOT ha.is_shared
     LEFT JOIN host h ON h.id = ha.host_id
     WHERE h.id IS NULL OR NOT h.has_logs
     ORDER BY x.n DESC LIMIT $3`,
    [a, o.internalRanges, o.maxHosts ?? 500],
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
