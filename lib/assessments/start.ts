import { getPrisma } from '../db/client';
import { enqueueAnalyze, enqueueIngest } from '../jobs/queue';

/** Queues ingestion of every queued upload (analysis follows when the last one settles). */
export async function startAssessment(assessmentId: string): Promise<number> {
  const uploads = await getPrisma().upload.findMany({ where: { assessmentId, status: 'queued' } });
  await getPrisma().assessment.update({ where: { id: assessmentId }, data: { status: 'ingesting', stage: 'queued', error: null } });
  for (const u of uploads) await enqueueIngest(u.id);
  if (uploads.length === 0) await enqueueAnalyze(assessmentId);
  return uploads.length;
}
