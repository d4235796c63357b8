// Durable jobs in PostgreSQL (graphile-worker): a job survives a server restart, runs
// once, and is retried a bounded number of times. Ingest jobs run one upload each; when the
// last upload of an assessment settles, an analysis job is queued (deduplicated by key).
import { type JobHelpers, makeWorkerUtils, quickAddJob, type Runner, run } from 'graphile-worker';
import { databaseUrl, getPool, getPrisma } from '../db/client';
import { runAnalyze } from './analyze';
import { runIngest, uploadsSettled } from './ingest';

const MAX_ATTEMPTS = 3;

export async function enqueueIngest(uploadId: string): Promise<void> {
  await quickAddJob({ connectionString: databaseUrl() }, 'ingest_upload', { uploadId }, { maxAttempts: MAX_ATTEMPTS, jobKey: `ingest:${uploadId}` });
}

export async function enqueueAnalyze(assessmentId: string): Promise<void> {
  await quickAddJob(
    { connectionString: databaseUrl() },
    'analyze_assessment',
    { assessmentId },
    { maxAttempts: MAX_ATTEMPTS, jobKey: `analyze:${assessmentId}` },
  );
}

/** True on the job's last attempt: graphile-worker counts the running attempt in `attempts`. */
const isLastAttempt = (helpers: JobHelpers) => helpers.job.attempts >= helpers.job.max_attempts;

/** One upload: ingest it; when it was the assessment's last open upload, queue the analysis. */
async function ingestJob(uploadId: string, helpers: JobHelpers): Promise<void> {
  const upload = await getPrisma().upload.findUnique({ where: { id: uploadId } });
  if (!upload) return; // deleted meanwhile
  try {
    await runIngest(uploadId);
  } catch (err) {
    // A crash on the last attempt is the upload's end too (runIngest has marked it failed with
    // its reason): the assessment goes on to the analysis of what the other uploads gave.
    if (isLastAttempt(helpers) && (await uploadsSettled(upload.assessmentId))) await enqueueAnalyze(upload.assessmentId);
    throw err;
  }
  if (await uploadsSettled(upload.assessmentId)) await enqueueAnalyze(upload.assessmentId);
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
      ingest_upload: async (payload, helpers) => {
        const { uploadId } = payload as { uploadId: string };
        await ingestJob(uploadId, helpers);
      },
      analyze_assessment: async (payload) => {
        const { assessmentId } = payload as { assessmentId: string };
        if (!(await getPrisma().assessment.findUnique({ where: { id: assessmentId } }))) return;
        await runAnalyze(assessmentId);
      },
    },
  });
}
