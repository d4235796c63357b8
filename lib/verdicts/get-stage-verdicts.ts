import { getCostOfSeeing } from '../queries/get-cost-of-seeing';
import { getStageActivityFacts } from '../queries/get-stage-activity-facts';
import { type StageVerdict, stageVerdicts } from './stage-verdicts';

export async function getStageVerdicts(assessmentId: string): Promise<StageVerdict[]> {
  const [costs, facts] = await Promise.all([getCostOfSeeing(assessmentId), getStageActivityFacts(assessmentId)]);
  return stageVerdicts(costs, facts);
}
