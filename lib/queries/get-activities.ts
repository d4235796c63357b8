import { getPool } from '../db/client';
import type { Stage, Visibility } from '../stages';

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
}

export interface ActivityFilter {
  stage?: Stage;
  host?: string;
  limit?: number;
  offset?: number;
}

/** Activities in kill-chain order then time; paged. */
export async function getActivities(assessmentId: string, f: ActivityFilter = {}): Promise<{ rows: ActivityRow[]; total: number }> {
  const params: unknown[] = [assessmentId, f.stage ?? null, f.host ?? null];
  const where = `assessment_id = $1 AND ($2::text IS NULL OR stage = $2) AND ($3::text IS NULL OR host_name = $3)`;
  const total = await getPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM activity WHERE ${where}`, params);
  const { rows } = await getPool().query(
    `SELECT id::text, stage, technique, host_name AS host, coalesce(host_ips, '{}') AS "hostIps", host(peer) AS peer,
            start_ts AS start, end_ts AS "end", network, logs, severity, score, summary,
            network_records AS "networkRecords", log_records AS "logRecords"
     FROM activity WHERE ${where}
     ORDER BY array_position(ARRAY['recon','weaponization','delivery','exploitation','installation','c2','actions'], stage), start_ts, id
     LIMIT $4 OFFSET $5`,
    [...params, f.limit ?? 100_000, f.offset ?? 0],
  );
  return {
    total: total.rows[0]?.n ?? 0,
    rows: rows.map((r) => ({ ...r, start: (r.start as Date).toISOString(), end: (r.end as Date).toISOString() })) as ActivityRow[],
  };
}
