// The dashboard's figures counted over the records themselves: the queries as they were before
// they read summaries (issue 17). The summaries must give exactly these answers
// (test/dashboard-rollups.test.ts); bench/dashboard-rollups.ts times both side by side.
import { getPool } from '../../lib/db/client';
import { type ActivityFilter, activityWhere } from '../../lib/queries/activity-filter';
import { sawSql } from '../../lib/visibility-class';

/** The cost of seeing per stage over every evidence record (getCostOfSeeing before issue 17). */
export function costOfSeeingReferenceSql(filter: ActivityFilter = {}): { sql: string; params: unknown[] } {
  const w = activityWhere(filter);
  return {
    params: w.params,
    sql: `WITH a AS (SELECT id, stage, network, logs, network_records, log_records FROM activity WHERE ${w.sql}),
     sensors AS (
       SELECT a.stage, count(DISTINCT x.k)::int AS n
       FROM a JOIN (
         SELECT ev.activity_id, coalesce(host(f.exporter), sf.id::text) AS k
         FROM activity_evidence ev JOIN flow f ON f.assessment_id = $1 AND f.id = ev.record_id
           JOIN source_file sf ON sf.assessment_id = $1 AND sf.id = f.source_file_id
         WHERE ev.assessment_id = $1 AND ev.source = 'network'
         GROUP BY 1, 2
       ) x ON x.activity_id = a.id
       GROUP BY a.stage
     ), loghosts AS (
       SELECT a.stage, count(DISTINCT x.k)::int AS n
       FROM a JOIN (
         SELECT ev.activity_id, e.host_name AS k
         FROM activity_evidence ev JOIN log_event e ON e.assessment_id = $1 AND e.id = ev.record_id
         WHERE ev.assessment_id = $1 AND ev.source = 'logs'
         GROUP BY 1, 2
       ) x ON x.activity_id = a.id
       GROUP BY a.stage
     )
     SELECT a.stage,
       count(*) FILTER (WHERE ${sawSql('a.network')})::int AS "networkSaw",
       count(*) FILTER (WHERE ${sawSql('a.logs')})::int AS "logsSaw",
       coalesce(sum(a.network_records), 0)::int AS "networkRecords",
       coalesce(sum(a.log_records), 0)::int AS "logRecords",
       coalesce(max(s.n), 0)::int AS "networkSensors",
       coalesce(max(l.n), 0)::int AS "logHosts"
     FROM a LEFT JOIN sensors s ON s.stage = a.stage LEFT JOIN loghosts l ON l.stage = a.stage
     GROUP BY a.stage ORDER BY a.stage`,
  };
}

/** One address's flow figures over its flows (getAddressSummary's flow part before issue 17); $1 assessment, $2 address. */
export const ADDRESS_FLOWS_REFERENCE_SQL = `WITH a AS (SELECT $2::inet AS ip)
     SELECT
       (SELECT count(*)::int FROM flow WHERE assessment_id = $1 AND src_ip = a.ip) AS sent,
       (SELECT count(*)::int FROM flow WHERE assessment_id = $1 AND dst_ip = a.ip) AS received,
       (SELECT count(*)::int FROM flow WHERE assessment_id = $1 AND dst_ip = a.ip AND coalesce(rev_packets, 0) > 0) AS answered,
       (SELECT coalesce(sum(CASE WHEN src_ip = a.ip THEN bytes ELSE coalesce(rev_bytes, 0) END), 0)::float8
          FROM flow WHERE assessment_id = $1 AND (src_ip = a.ip OR dst_ip = a.ip)) AS "bytesOut",
       (SELECT coalesce(sum(CASE WHEN dst_ip = a.ip THEN bytes ELSE coalesce(rev_bytes, 0) END), 0)::float8
          FROM flow WHERE assessment_id = $1 AND (src_ip = a.ip OR dst_ip = a.ip)) AS "bytesIn",
       (SELECT min(start_ts) FROM flow WHERE assessment_id = $1 AND (src_ip = a.ip OR dst_ip = a.ip)) AS first,
       (SELECT max(end_ts) FROM flow WHERE assessment_id = $1 AND (src_ip = a.ip OR dst_ip = a.ip)) AS last,
       (SELECT count(DISTINCT CASE WHEN src_ip = a.ip THEN dst_ip ELSE src_ip END)::int
          FROM flow WHERE assessment_id = $1 AND (src_ip = a.ip OR dst_ip = a.ip)) AS peers
     FROM a`;

export interface AddressFlowFigures {
  total: number;
  sent: number;
  received: number;
  answered: number;
  bytesOut: number;
  bytesIn: number;
  first: string | null;
  last: string | null;
  peers: number;
}

/** One address's flow figures, shaped like AddressSummary.flows. */
export async function addressFlowsReference(assessmentId: string, ip: string): Promise<AddressFlowFigures> {
  const r = (await getPool().query(ADDRESS_FLOWS_REFERENCE_SQL, [assessmentId, ip])).rows[0];
  return {
    total: r.sent + r.received,
    sent: r.sent,
    received: r.received,
    answered: r.answered,
    bytesOut: r.bytesOut,
    bytesIn: r.bytesIn,
    first: r.first?.toISOString() ?? null,
    last: r.last?.toISOString() ?? null,
    peers: r.peers,
  };
}
