import { getPool } from '../db/client';

export interface FilterOptionsData {
  hosts: string[];
  techniques: string[];
  dataStart: string | null;
  dataEnd: string | null;
}

export async function getFilterOptions(assessmentId: string): Promise<FilterOptionsData> {
  const { rows } = await getPool().query(
    `SELECT
       coalesce((SELECT array_agg(DISTINCT host_name ORDER BY host_name) FROM activity WHERE assessment_id = $1 AND host_name IS NOT NULL), '{}') AS hosts,
       coalesce((SELECT array_agg(DISTINCT technique ORDER BY technique) FROM activity WHERE assessment_id = $1), '{}') AS techniques,
       (SELECT min(first_ts) FROM source_file WHERE assessment_id = $1) AS s,
       (SELECT max(last_ts) FROM source_file WHERE assessment_id = $1) AS e`,
    [assessmentId],
  );
  const r = rows[0];
  return { hosts: r.hosts, techniques: r.techniques, dataStart: r.s?.toISOString() ?? null, dataEnd: r.e?.toISOString() ?? null };
}
