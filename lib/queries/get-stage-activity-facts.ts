import { getPool } from '../db/client';
import type { Stage } from '../stages';
import type { StageActivityFacts } from '../verdicts/stage-verdicts';
import { visibilityClassSql } from '../visibility-class';

const CLASS = visibilityClassSql();

/** Per stage: the counts a verdict's reason is made of (who missed what, and why it could). */
export async function getStageActivityFacts(assessmentId: string): Promise<Partial<Record<Stage, StageActivityFacts>>> {
  const { rows } = await getPool().query<StageActivityFacts & { stage: Stage }>(
    `SELECT stage, count(*)::int AS total,
       count(*) FILTER (WHERE ${CLASS} = 'logs-only')::int AS "logsOnly",
       count(*) FILTER (WHERE ${CLASS} = 'logs-only' AND peer IS NULL)::int AS "logsOnlyWithoutPeer",
       count(*) FILTER (WHERE ${CLASS} = 'network-only')::int AS "networkOnly",
       count(DISTINCT host_name) FILTER (WHERE ${CLASS} = 'network-only')::int AS "networkOnlyHosts",
       count(*) FILTER (WHERE ${CLASS} = 'none')::int AS blind
     FROM activity WHERE assessment_id = $1 GROUP BY stage`,
    [assessmentId],
  );
  return Object.fromEntries(rows.map(({ stage, ...f }) => [stage, f]));
}
