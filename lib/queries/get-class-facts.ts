import { getPool } from '../db/client';
import { type ClassFact, factsFromActivities } from '../report/answer';
import type { Stage, Visibility } from '../stages';
import { type ActivityFilter, activityWhere } from './activity-filter';

/**
 * Activities grouped by what the classifier needs (stage, technique, host, each source's
 * visibility, whether the host sent logs / has an address): a few rows however many activities
 * there are. The class itself is decided in TypeScript by `coverageClass`, the one rule.
 */
export async function getClassFacts(assessmentId: string, filter: ActivityFilter = {}): Promise<ClassFact[]> {
  const w = activityWhere(filter);
  const { rows } = await getPool().query<{
    stage: Stage;
    technique: string;
    host: string | null;
    ip: string | null;
    network: Visibility;
    logs: Visibility;
    n: number;
  }>(
    `SELECT a.stage, a.technique, a.host_name AS host, a.host_ips[1] AS ip, a.network, a.logs, count(*)::int AS n
     FROM (SELECT * FROM activity WHERE ${w.sql}) a
     GROUP BY 1, 2, 3, 4, 5, 6`,
    [assessmentId, ...w.params],
  );
  // Expand to one row per group member only logically: factsFromActivities counts, so feed it
  // one representative per group and scale by n.
  return rows.flatMap((r) =>
    factsFromActivities([{ stage: r.stage, technique: r.technique, host: r.host, hostIps: r.ip ? [r.ip] : [], network: r.network, logs: r.logs }]).map((f) => ({
      ...f,
      n: r.n,
    })),
  );
}
