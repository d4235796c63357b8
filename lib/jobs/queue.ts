// Durable jobs in PostgreSQL (graphile-worker): a job survives a server restart, runs
// once, and is retried a bounded number of times. Ingest jobs run one upload each; when the
// last upload of an assessment settles, an analysis job is queued (deduplicated by key).
import { makeWorkerUtils, quickAddJob, type Runner, run } from 'graphile-worker';
import { databaseUrl, getPool, getPrisma } from '../db/client';
import { runAnalyze, runIngest, uploadsSettled } from '../pipeline';

export async function enqueueIngest(uploadId: string): Promise<void> {
  await quickAddJob({ connectionString: databaseUrl() }, 'ingest_upload', { uploadId }, { maxAttempts: 3, jobKey: `ingest:${uploadId}` });
}

export async function enqueueAnalyze(assessmentId: string): Promise<void> {
  await quickAddJob({ connectionString: databaseUrl() }, 'analyze_assessment', { assessmentId }, { maxAttempts: 3, jobKey: `analyze:${assessmentId}` });
}

/**
 * Starts the worker. Jobs a killed server left locked are unlocked first (single-node
 * deployment: no other worker can be holding them), so they run again at once instead of
 * after graphile-worker's 4-hour lock timeout.
 */
export async function startWorker(): Promise<Runner> {
  const connectionString = databaseUrl();
  const utils = await makeWorkerUtils({ connectionString });
  try {
    await utils.migrate();
    const { rows } = await getPool().query<{ locked_by: string }>('SELECT DISTINCT locked_by FROM graphile_worker.jobs WHERE locked_by IS NOT NULL');
    if (rows.length) await utils.forceUnlockWorkers(rows.map((r) => r.locked_by));
  } finally {
    await utils.release();
  }
  return run({
    connectionString,
    concurrency: 2,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: {
      ingest_upload: async (payload) => {
        const { uploadId } = payload as { uploadId: string };
        const upload = await getPrisma().upload.findUnique({ where: { id: uploadId } });
        if (!upload) return; // deleted meanwhile
        await runIngest(uploadId);
        if (await uploadsSettled(upload.assessmentId)) await enqueueAnalyze(upload.assessmentId);
      },
      analyze_assessment: async (payload) => {
        const { assessmentId } = payload as { assessmentId: string };
        if (!(await getPrisma().assessment.findUnique({ where: { id: assessmentId } }))) return;
        await runAnalyze(assessmentId);
      },
    },
  });
}
