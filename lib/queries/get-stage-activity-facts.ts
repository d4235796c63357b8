import { getPool } from '../db/client';
import type { Stage } from '../stages';
import type { StageActivityFacts } from '../verdicts/stage-verdicts';

/** Per stage: the counts a verdict's reason is made of (who missed what, and why it could). */
export async function getStageActivityFacts(assessmentId: string): Promise<Partial<Record<Stage, StageActivityFacts>>> {
  const { rows } = await getPool().query<StageActivityFacts & { stage: Stage }>(
    `SELECT stage, count(*)::int AS total,
       count(*) FILTER (WHERE network = 'blind' AND logs <> 'blind')::int AS "logsOnly",
       count(*) FILTER (WHERE network = 'blind' AND logs <> 'blind' AND peer IS NULL)::int AS "logsOnlyWithoutPeer",
       count(*) FILTER (WHERE network <> 'blind' AND logs = 'blind')::int AS "networkOnly",
       count(DISTINCT host_name) FILTER (WHERE network <> 'blind' AND logs = 'blind')::int AS "networkOnlyHosts",
       count(*) FILTER (WHERE network = 'blind' AND logs = 'blind')::int AS blind
     FROM activity WHERE assessment_id = $1 GROUP BY stage`,
    [assessmentId],
  );
  return Object.fromEntries(rows.map(({ stage, ...f }) => [stage, f]));
}
