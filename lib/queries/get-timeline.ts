import { getPool } from '../db/client';
import type { Stage } from '../stages';
import { type VisibilityClass, visibilityClassSql } from '../visibility-class';
import { type ActivityFilter, activityWhere } from './activity-filter';

export interface TimelineRow {
  id: string;
  stage: Stage;
  startMs: number;
  cls: VisibilityClass;
  label: string;
}

/** Points for the activity timeline (capped: a scatter of more points says nothing more). */
export async function getTimeline(assessmentId: string, filter: ActivityFilter = {}, max = 2000): Promise<TimelineRow[]> {
  const w = activityWhere(filter);
  const { rows } = await getPool().query(
    `SELECT id::text, stage, (extract(epoch FROM start_ts) * 1000)::float8 AS "startMs",
            ${visibilityClassSql()} AS cls,
            left(summary, 160) AS label
     FROM activity WHERE ${w.sql} ORDER BY score DESC, start_ts LIMIT $9`,
    [assessmentId, ...w.params, max],
  );
  return rows as TimelineRow[];
}
