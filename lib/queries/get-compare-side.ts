import type { CompareSide } from '../compare/compare-assessments';
import { getPrisma } from '../db/client';
import { AppError } from '../http/errors';
import { getActivities } from './get-activities';
import { getBlindSpots } from './get-blind-spots';

/** One analysed assessment as a side of a comparison; refuses one that is not finished. */
export async function getCompareSide(assessmentId: string): Promise<CompareSide & { id: string; createdAt: string }> {
  const a = await getPrisma().assessment.findUnique({ where: { id: assessmentId } });
  if (!a) throw new AppError('not_found', `assessment ${assessmentId} not found`, 'This assessment does not exist.');
  if (a.status !== 'ready') throw new AppError('conflict', `assessment ${assessmentId} is ${a.status}`, `“${a.name}” has no finished analysis to compare.`);
  const [activities, blindSpots] = await Promise.all([getActivities(assessmentId), getBlindSpots(assessmentId)]);
  return {
    id: a.id,
    name: a.name,
    createdAt: a.createdAt.toISOString(),
    analyzedAt: a.analyzedAt?.toISOString() ?? null,
    activities: activities.rows,
    blindSpots,
  };
}
