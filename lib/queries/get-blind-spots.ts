import { getPool } from '../db/client';

export interface BlindSpotRow {
  kind: string;
  source: 'network' | 'logs';
  host: string | null;
  ip: string | null;
  start: string | null;
  end: string | null;
  detail: string;
}

export async function getBlindSpots(assessmentId: string): Promise<BlindSpotRow[]> {
  const { rows } = await getPool().query(
    `SELECT kind, source, host_name AS host, host(ip) AS ip, start_ts AS start, end_ts AS "end", detail
     FROM blind_spot WHERE assessment_id = $1 ORDER BY kind, host_name NULLS LAST, start_ts NULLS FIRST, id`,
    [assessmentId],
  );
  return rows.map((r) => ({ ...r, start: r.start?.toISOString() ?? null, end: r.end?.toISOString() ?? null })) as BlindSpotRow[];
}
