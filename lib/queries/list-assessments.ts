import { getPool } from '../db/client';
import type { AssessmentState } from '../enums';
import { sawSql } from '../visibility-class';

export interface AssessmentListRow {
  id: string;
  name: string;
  status: AssessmentState;
  createdAt: string;
  uploads: number;
  activities: number;
  networkSeen: number;
  logsSeen: number;
}

export async function listAssessments(): Promise<AssessmentListRow[]> {
  const { rows } = await getPool().query(
    `SELECT a.id, a.name, a.status, a.created_at AS "createdAt",
            (SELECT count(*) FROM upload u WHERE u.assessment_id = a.id)::int AS uploads,
            coalesce(x.n, 0)::int AS activities, coalesce(x.net, 0)::int AS "networkSeen", coalesce(x.lg, 0)::int AS "logsSeen"
     FROM assessment a
     LEFT JOIN (
       SELECT assessment_id, count(*) AS n, count(*) FILTER (WHERE ${sawSql('network')}) AS net, count(*) FILTER (WHERE ${sawSql('logs')}) AS lg
       FROM activity GROUP BY assessment_id
     ) x ON x.assessment_id = a.id
     ORDER BY a.created_at DESC LIMIT 200`,
  );
  return rows.map((r) => ({ ...r, createdAt: (r.createdAt as Date).toISOString() })) as AssessmentListRow[];
}
