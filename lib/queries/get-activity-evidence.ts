import { getPool } from '../db/client';
import { endpointSql } from '../detect/sql';
import { communityId } from '../ingest/flows/community-id';
import type { ActivityRow } from './get-activities';

export interface EvidenceItem {
  source: 'network' | 'logs';
  recordId: string;
  ts: string;
  detected: boolean;
  /** File the record came from (archive member paths as `archive:member`) and its line / record number. */
  path: string;
  line: number;
  /** Logs: the raw text (rendered as text only). Flows and DNS queries: a one-line description. */
  text: string;
  host: string | null;
  /** Flows: the Community ID v1 (seed 0) to find the same flow in Zeek, Suricata, Arkime or Elastic. */
  communityId?: string | null;
}

/** A flow's five-tuple as columns, over alias `f`, for `withCommunityId`. */
export function flowTupleSql(f: string): string {
  return `host(${f}.src_ip) AS "tSrc", host(${f}.dst_ip) AS "tDst", ${f}.proto AS "tProto", ${f}.src_port AS "tSport", ${f}.dst_port AS "tDport"`;
}
/** The same columns empty, for rows that are not flows (named too: a UNION takes its column names from its first part). */
const NO_TUPLE = 'NULL::text AS "tSrc", NULL::text AS "tDst", NULL::int AS "tProto", NULL::int AS "tSport", NULL::int AS "tDport"';

type TupleColumns = { tSrc: string | null; tDst: string | null; tProto: number | null; tSport: number | null; tDport: number | null };

/**
 * A row with `flowTupleSql`'s columns → the row without them and with the flow's Community ID.
 * It is computed here, for the page's rows only: it is a hash of stored columns, and storing it
 * cost every ingest while no query read it (migration 20261212010000).
 */
export function withCommunityId<R extends TupleColumns>(r: R): Omit<R, keyof TupleColumns> & { communityId: string | null } {
  const { tSrc, tDst, tProto, tSport, tDport, ...rest } = r;
  const id =
    tSrc == null || tDst == null ? undefined : communityId({ srcIp: tSrc, dstIp: tDst, proto: tProto ?? 0, srcPort: tSport ?? 0, dstPort: tDport ?? 0 });
  return { ...rest, communityId: id ?? null };
}

/** SQL for a flow record as one line of text ("TCP a:p → b:q  n pkts m B  (reply …)  d s"), over alias `f`. */
export function flowTextSql(f: string): string {
  // ICMP has no ports: the destination "port" holds type × 256 + code (endpointSql says so in words).
  return `format('%s %s → %s  %s pkts %s B%s%s', CASE ${f}.proto WHEN 6 THEN 'TCP' WHEN 17 THEN 'UDP' WHEN 1 THEN 'ICMP' WHEN 58 THEN 'ICMPv6' ELSE 'proto ' || ${f}.proto END,
                     CASE WHEN ${f}.proto IN (1, 58) THEN host(${f}.src_ip) ELSE host(${f}.src_ip) || ':' || ${f}.src_port END,
                     ${endpointSql(`${f}.dst_ip`, `${f}.dst_port`, `${f}.proto`)}, ${f}.packets, ${f}.bytes,
                     CASE WHEN ${f}.rev_bytes IS NOT NULL THEN format('  (reply %s pkts %s B)', ${f}.rev_packets, ${f}.rev_bytes) ELSE '' END,
                     CASE WHEN ${f}.end_ts > ${f}.start_ts THEN format('  %s s', round(extract(epoch FROM ${f}.end_ts - ${f}.start_ts)::numeric, 1)) ELSE '' END)`;
}

/** SQL for a DNS query as one line of text ("DNS a:p → b:53  TXT name  NOERROR, 1 answer"), over alias `d`. */
export function dnsTextSql(d: string): string {
  return `format('DNS %s → %s  %s %s%s', host(${d}.client_ip) || coalesce(':' || ${d}.client_port, ''), host(${d}.resolver_ip) || coalesce(':' || ${d}.resolver_port, ''),
                 coalesce(${d}.qtype, 'query'), ${d}.query,
                 CASE WHEN ${d}.rcode IS NOT NULL THEN format('  %s%s', ${d}.rcode, CASE WHEN ${d}.answers IS NOT NULL THEN format(', %s answer%s', ${d}.answers, CASE WHEN ${d}.answers = 1 THEN '' ELSE 's' END) ELSE '' END) ELSE '' END)`;
}

export async function getActivity(assessmentId: string, activityId: string): Promise<ActivityRow | null> {
  if (!/^\d{1,18}$/.test(activityId)) return null;
  const { rows } = await getPool().query(
    `SELECT id::text, stage, technique, host_name AS host, coalesce(host_ips, '{}') AS "hostIps", host(peer) AS peer,
            start_ts AS start, end_ts AS "end", network, logs, severity, score, summary,
            network_records AS "networkRecords", log_records AS "logRecords",
            network_reason AS "networkReason", logs_reason AS "logsReason"
     FROM activity WHERE assessment_id = $1 AND id = $2`,
    [assessmentId, activityId],
  );
  const r = rows[0];
  if (!r) return null;
  return { ...r, start: r.start.toISOString(), end: r.end.toISOString() } as ActivityRow;
}

/**
 * Evidence of both sources on one time axis, paged (oldest first); `source` keeps one of
 * them. `counts` are per source whatever the filter, for the page's tabs.
 */
export async function getActivityEvidence(
  assessmentId: string,
  activityId: string,
  page: { limit: number; offset: number; source?: 'network' | 'logs' },
): Promise<{ rows: EvidenceItem[]; total: number; counts: { network: number; logs: number } }> {
  const pool = getPool();
  const bySource = await pool.query<{ source: string; n: number }>(
    'SELECT source, count(*)::int AS n FROM activity_evidence WHERE assessment_id = $1 AND activity_id = $2 GROUP BY source',
    [assessmentId, activityId],
  );
  const counts = { network: 0, logs: 0 };
  for (const r of bySource.rows) if (r.source === 'network' || r.source === 'logs') counts[r.source] = r.n;
  const source = page.source ?? null;
  const { rows } = await pool.query(
    `SELECT * FROM (
       SELECT 'logs' AS source, e.id::text AS "recordId", e.ts, ev.detected, sf.path, e.line_no AS line, e.raw AS text, e.host_name AS host, ${NO_TUPLE}
       FROM activity_evidence ev JOIN log_event e ON e.assessment_id = $1 AND e.id = ev.record_id
         JOIN source_file sf ON sf.assessment_id = $1 AND sf.id = e.source_file_id
       WHERE ev.assessment_id = $1 AND ev.activity_id = $2 AND ev.source = 'logs' AND coalesce($5, 'logs') = 'logs'
       UNION ALL
       SELECT 'network', f.id::text, f.start_ts, ev.detected, sf.path, f.record_no,
              ${flowTextSql('f')},
              NULL, ${flowTupleSql('f')}
       FROM activity_evidence ev JOIN flow f ON f.assessment_id = $1 AND f.id = ev.record_id
         JOIN source_file sf ON sf.assessment_id = $1 AND sf.id = f.source_file_id
       WHERE ev.assessment_id = $1 AND ev.activity_id = $2 AND ev.source = 'network' AND coalesce($5, 'network') = 'network'
       UNION ALL
       -- DNS queries a sensor logged are the network's records too (their ids come from flow's sequence).
       SELECT 'network', d.id::text, d.ts, ev.detected, sf.path, d.line_no,
              ${dnsTextSql('d')},
              NULL, ${NO_TUPLE}
       FROM activity_evidence ev JOIN dns_query d ON d.id = ev.record_id AND d.assessment_id = ev.assessment_id JOIN source_file sf ON sf.id = d.source_file_id
       WHERE ev.assessment_id = $1 AND ev.activity_id = $2 AND ev.source = 'network' AND coalesce($5, 'network') = 'network'
     ) x ORDER BY ts, source, "recordId" LIMIT $3 OFFSET $4`,
    [assessmentId, activityId, page.limit, page.offset, source],
  );
  return {
    total: source ? counts[source] : counts.network + counts.logs,
    counts,
    rows: rows.map((r) => withCommunityId({ ...r, ts: (r.ts as Date).toISOString() })) as EvidenceItem[],
  };
}
