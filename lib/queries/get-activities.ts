import { getPool } from '../db/client';
import { STAGES, type Stage, stageOrderSql, type Visibility } from '../stages';
import { type ActivityFilter, activityWhere } from './activity-filter';

export interface ActivityRow {
  id: string;
  stage: Stage;
  technique: string;
  host: string | null;
  hostIps: string[];
  peer: string | null;
  start: string;
  end: string;
  network: Visibility;
  logs: Visibility;
  severity: string;
  score: number;
  summary: string;
  networkRecords: number;
  logRecords: number;
  /** One line each: why the network / the logs are marked as they are (empty before correlation wrote them). */
  networkReason?: string;
  logsReason?: string;
}

export interface ActivityPage {
  limit?: number;
  offset?: number;
}

/** Activities in kill-chain order then time; filtered and paged. */
export async function getActivities(assessmentId: string, f: ActivityFilter & ActivityPage = {}): Promise<{ rows: ActivityRow[]; total: number }> {
  const w = activityWhere(f);
  const params: unknown[] = [assessmentId, ...w.params];
  const where = w.sql;
  const total = await getPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM activity WHERE ${where}`, params);
  const { rows } = await getPool().query(
    `SELECT id::text, stage, technique, host_name AS host, coalesce(host_ips, '{}') AS "hostIps", host(peer) AS peer,
            start_ts AS start, end_ts AS "end", network, logs, severity, score, summary,
            network_records AS "networkRecords", log_records AS "logRecords",
            network_reason AS "networkReason", logs_reason AS "logsReason"
     FROM activity WHERE ${where}
     ORDER BY ${stageOrderSql(11)}, start_ts, id
     LIMIT $9 OFFSET $10`,
    [...params, f.limit ?? 100_000, f.offset ?? 0, STAGES],
  );
  return {
    total: total.rows[0]?.n ?? 0,
    rows: rows.map((r) => ({ ...r, start: (r.start as Date).toISOString(), end: (r.end as Date).toISOString() })) as ActivityRow[],
  };
}
