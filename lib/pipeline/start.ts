// What the app (and the demo) ask of the pipeline: start an assessment's uploads, or re-run
// its analysis on the stored records after a settings or host-mapping change. Both queue
// durable jobs (lib/pipeline/jobs.ts) and return at once; the page follows the status.
import { getPrisma } from '../db/client';
import { enqueueAnalyze, enqueueIngest } from './jobs';

/** Queues ingestion of every queued upload (analysis follows when the last one settles). */
export async function startAssessment(assessmentId: string): Promise<number> {
  const uploads = await getPrisma().upload.findMany({ where: { assessmentId, status: 'queued' } });
  await getPrisma().assessment.update({ where: { id: assessmentId }, data: { status: 'ingesting', stage: 'queued', error: null } });
  for (const u of uploads) await enqueueIngest(u.id);
  if (uploads.length === 0) await enqueueAnalyze(assessmentId);
  return uploads.length;
}

/** Re-runs hosts → detect → correlate → blind spots from stored records (no re-upload). */
export async function rerunAnalysis(assessmentId: string): Promise<void> {
  await getPrisma().assessment.update({ where: { id: assessmentId }, data: { status: 'analyzing', stage: 'queued', error: null } });
  await enqueueAnalyze(assessmentId);
}
