import { getPool } from '../db/client';

export interface BlindSpotRow {
  kind: string;
  source: 'network' | 'logs';
  host: string | null;
  ip: string | null;
  start: string | null;
  end: string | null;
  detail: string;
  /** Added (host_without_logs): activities the address takes part in, its flows, whether one of them opens the chain, its rank (1 first). */
  activities?: number;
  flows?: number;
  firstOfChain?: boolean;
  rank?: number | null;
}

export async function getBlindSpots(assessmentId: string): Promise<BlindSpotRow[]> {
  const { rows } = await getPool().query(
    `SELECT kind, source, host_name AS host, host(ip) AS ip, start_ts AS start, end_ts AS "end", detail,
            activities, flows::float8 AS flows, first_of_chain AS "firstOfChain", rank
     FROM blind_spot WHERE assessment_id = $1 ORDER BY kind, rank NULLS LAST, host_name NULLS LAST, start_ts NULLS FIRST, id`,
    [assessmentId],
  );
  return rows.map((r) => ({ ...r, start: r.start?.toISOString() ?? null, end: r.end?.toISOString() ?? null })) as BlindSpotRow[];
}
