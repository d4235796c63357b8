import { getPool } from '../db/client';
import type { Stage } from '../stages';
import { visibilityClassSql } from '../visibility-class';
import { type ActivityFilter, activityWhere } from './activity-filter';

export interface HostStageCell {
  host: string;
  stage: Stage;
  networkOnly: number;
  logsOnly: number;
  both: number;
  /** One source saw it; the other cannot be tied to the host. */
  unknown: number;
}

/** Host × stage counts of activities per visibility class (host-less activities under "(network-wide)"). */
export async function getHostStageMatrix(assessmentId: string, filter: ActivityFilter = {}): Promise<HostStageCell[]> {
  const w = activityWhere(filter);
  const { rows } = await getPool().query(
    `SELECT coalesce(host_name, host_ips[1], '(network-wide)') AS host, stage,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'network-only')::int AS "networkOnly",
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'logs-only')::int AS "logsOnly",
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'both')::int AS both,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'unknown')::int AS unknown
     FROM activity WHERE ${w.sql} GROUP BY 1, 2 ORDER BY 1, 2`,
    [assessmentId, ...w.params],
  );
  return rows as HostStageCell[];
}
