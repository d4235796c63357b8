// Blind spots: where a source could not have seen anything at all. A stage that shows
// "blind" for a host whose logs never arrived is a coverage gap, not a missed detection.
import type pg from 'pg';

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
  await client.query('DELETE FROM blind_spot WHERE assessment_id = $1', [a]);
  // Internal addresses active in flows that belong to no host that sent logs.
  await client.query(
    `INSERT INTO blind_spot (assessment_id, kind, source, host_name, ip, start_ts, end_ts, detail)
     SELECT $1, 'host_without_logs', 'logs', h.name, x.ip, x.s, x.e,
            format('%s flows involve %s, but %s', x.n, host(x.ip),
                   CASE WHEN h.name IS NULL THEN 'no host is mapped to that address' ELSE format('host %s sent no logs', h.name) END)
     FROM (
       SELECT ip, count(*) AS n, min(s) AS s, max(e) AS e FROM (
         SELECT src_ip AS ip, start_ts AS s, end_ts AS e FROM flow WHERE assessment_id = $1 AND src_ip <<= ANY($2::cidr[])
         UNION ALL
         SELECT dst_ip, start_ts, end_ts FROM flow WHERE assessment_id = $1 AND dst_ip <<= ANY($2::cidr[])
       ) u GROUP BY ip
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
     WHERE h.assessment_id = $1 AND h.has_logs AND EXISTS (SELECT 1 FROM flow WHERE assessment_id = $1)
       AND NOT EXISTS (
         SELECT 1 FROM host_address ha JOIN flow f ON f.assessment_id = $1 AND (f.src_ip = ha.ip OR f.dst_ip = ha.ip)
         WHERE ha.host_id = h.id
       )`,
    [a],
  );
  // Silences inside one host's logs.
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
  // Silences in the flow export as a whole.
  await client.query(
    `INSERT INTO blind_spot (assessment_id, kind, source, start_ts, end_ts, detail)
     SELECT $1, 'flow_gap', 'network', prev, start_ts,
            format('no flows at all for %s', justify_interval(date_trunc('minute', start_ts - prev)))
     FROM (
       SELECT start_ts, max(end_ts) OVER (ORDER BY start_ts ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
       FROM flow WHERE assessment_id = $1
     ) g WHERE start_ts - prev >= make_interval(secs => $2)`,
    [a, o.flowGapSeconds],
  );
  // auditd present but no exec records: the execve rules are evidently missing, so exec-based
  // detections on that host are "no visibility", not "no activity".
  await client.query(
    `INSERT INTO blind_spot (assessment_id, kind, source, host_name, detail)
     SELECT $1, 'audit_rules_missing', 'logs', host_name,
            format('%s has %s audit events but no execve records: audit rules for execve are evidently missing', host_name, n)
     FROM (
       SELECT e.host_name, count(*) AS n, count(*) FILTER (WHERE e.kind = 'exec') AS execs
       FROM log_event e JOIN source_file sf ON sf.id = e.source_file_id
       WHERE e.assessment_id = $1 AND sf.format IN ('auditd', 'laurel-json', 'auoms') AND e.host_name IS NOT NULL
       GROUP BY e.host_name
     ) x WHERE execs = 0`,
    [a],
  );
  const n = await client.query('SELECT count(*)::int AS n FROM blind_spot WHERE assessment_id = $1', [a]);
  return n.rows[0].n as number;
}
