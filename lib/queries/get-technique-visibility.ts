import { getPool } from '../db/client';
import type { Stage } from '../stages';
import { sawSql, visibilityClassSql } from '../visibility-class';
import { type ActivityFilter, activityWhere } from './activity-filter';

export interface TechniqueVisibility {
  technique: string;
  stage: Stage;
  activities: number;
  networkOnly: number;
  logsOnly: number;
  both: number;
  /** One source saw it; the other cannot be tied to the host (absent in rows built before it was counted). */
  unknown?: number;
  /**
   * DeTT&CT-compatible visibility 0–4 from the share of (activity, source) pairs that saw
   * something: 0 → 0, ≤ 49 % → 1, ≤ 74 % → 2, ≤ 99 % → 3, 100 % → 4 (docs/ANCHORS.md#dettect-scoring).
   * Seen by one source every time = 50 % → 2; by both every time = 4.
   */
  visibility: number;
}

export function detectVisibilityScore(share: number): number {
  if (share <= 0) return 0;
  if (share <= 0.49) return 1;
  if (share <= 0.74) return 2;
  if (share < 1) return 3;
  return 4;
}

export async function getTechniqueVisibility(assessmentId: string, filter: ActivityFilter = {}): Promise<TechniqueVisibility[]> {
  const w = activityWhere(filter);
  const { rows } = await getPool().query(
    `SELECT technique, (array_agg(stage))[1] AS stage, count(*)::int AS activities,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'network-only')::int AS "networkOnly",
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'logs-only')::int AS "logsOnly",
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'both')::int AS both,
       count(*) FILTER (WHERE ${visibilityClassSql()} = 'unknown')::int AS unknown,
       (count(*) FILTER (WHERE ${sawSql('network')}) + count(*) FILTER (WHERE ${sawSql('logs')}))::float8 / (2 * count(*)) AS share
     FROM activity WHERE ${w.sql} GROUP BY technique ORDER BY technique`,
    [assessmentId, ...w.params],
  );
  return rows.map(({ share, ...r }) => ({ ...r, visibility: detectVisibilityScore(share as number) })) as TechniqueVisibility[];
}
