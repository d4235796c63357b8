import { getPool } from '../db/client';
import { STAGES, type Stage } from '../stages';
import { visibilityClassSql } from '../visibility-class';
import { type ActivityFilter, activityWhere } from './activity-filter';

export interface StageCoverage {
  stage: Stage;
  networkOnly: number;
  logsOnly: number;
  both: number;
  /** One source saw it and the other cannot be tied to the host: counted apart, never as "only". */
  unknown: number;
  /** Splits: a source "detected" vs only held "evidence". */
  networkOnlyDetected: number;
  logsOnlyDetected: number;
  bothDetected: number;
  total: number;
}

/** Per kill-chain stage, how many activities each source saw (all seven, in order). */
export async function getStageCoverage(assessmentId: string, filter: ActivityFilter = {}): Promise<StageCoverage[]> {
  const w = activityWhere(filter);
  const { rows } = await getPool().query<{ stage: Stage; no: number; lo: number; b: number; u: number; nod: number; lod: number; bd: number; total: number }>(
    `SELECT stage,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'network-only')::int AS no,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'logs-only')::int AS lo,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'both')::int AS b,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'unknown')::int AS u,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'network-only' AND network = 'detected')::int AS nod,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'logs-only' AND logs = 'detected')::int AS lod,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'both' AND network = 'detected' AND logs = 'detected')::int AS bd,
       count(*)::int AS total
     FROM activity WHERE ${w.sql} GROUP BY stage`,
    [assessmentId, ...w.params],
  );
  const by = new Map(rows.map((r) => [r.stage, r]));
  return STAGES.map((stage) => {
    const r = by.get(stage);
    return {
      stage,
      networkOnly: r?.no ?? 0,
      logsOnly: r?.lo ?? 0,
      both: r?.b ?? 0,
      unknown: r?.u ?? 0,
      networkOnlyDetected: r?.nod ?? 0,
      logsOnlyDetected: r?.lod ?? 0,
      bothDetected: r?.bd ?? 0,
      total: r?.total ?? 0,
    };
  });
}
