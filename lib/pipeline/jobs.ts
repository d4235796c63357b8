// Durable jobs in PostgreSQL (graphile-worker): a job survives a server restart, runs
// once, and is retried a bounded number of times. Ingest jobs run one upload each; when the
// last upload of an assessment settles, an analysis job is queued (deduplicated by key).
import { type JobHelpers, makeWorkerUtils, quickAddJob, type Runner, run } from 'graphile-worker';
import { databaseUrl, getPool } from '../db/client';
import { runAnalyze } from './analyze';
import { runIngest, uploadsSettled } from './ingest';
import { markUploadFailed, readAssessmentStatus, readUpload, setAssessmentState } from './state';

/**
 * A job that fails on its input fails once (runIngest records the reason and does not throw);
 * only a crash is thrown, and a crash is retried once: the same input crashing twice (out of
 * memory, say) is the input's fault, not bad luck (issue 20).
 */
const MAX_ATTEMPTS = 2;

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
  const upload = await readUpload(uploadId);
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
 * A job still locked by a dead worker on its last attempt took its worker down every time (a
 * SIGKILL or an out-of-memory end leaves no chance to record anything): it is failed for good
 * here, its upload marked failed with the reason, and the assessment goes on to the analysis
 * of what the other uploads gave — never left `ingesting` (issue 20).
 */
interface KillerJob {
  id: string;
  task: string;
  payload: { uploadId?: string; assessmentId?: string };
}

/** Read before the dead workers' locks are released (graphile-worker fails only unlocked jobs). */
async function jobsThatKilledTheirWorker(): Promise<KillerJob[]> {
  const { rows } = await getPool().query<KillerJob>(
    `SELECT j.id::text, t.identifier AS task, j.payload FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE j.locked_by IS NOT NULL AND j.attempts >= j.max_attempts`,
  );
  return rows;
}

async function finishJobsThatKilledTheirWorker(utils: Awaited<ReturnType<typeof makeWorkerUtils>>, rows: KillerJob[]): Promise<void> {
  if (rows.length === 0) return;
  const reason = 'the worker stopped (crashed or ran out of memory) on every attempt at this job';
  await utils.permanentlyFailJobs(
    rows.map((r) => r.id),
    reason,
  );
  for (const r of rows) {
    if (r.task === 'ingest_upload' && r.payload.uploadId) {
      const upload = await readUpload(r.payload.uploadId);
      if (!upload) continue;
      await markUploadFailed(upload.id, `${upload.originalName}: ingest stopped: ${reason}`);
      if (await uploadsSettled(upload.assessmentId)) await enqueueAnalyze(upload.assessmentId);
    } else if (r.task === 'analyze_assessment' && r.payload.assessmentId) {
      await setAssessmentState(r.payload.assessmentId, { status: 'failed', stage: null, error: `analysis stopped: ${reason}` }, { overCancelling: true });
    }
  }
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
    const killers = await jobsThatKilledTheirWorker();
    const { rows } = await getPool().query<{ locked_by: string }>('SELECT DISTINCT locked_by FROM graphile_worker.jobs WHERE locked_by IS NOT NULL');
    if (rows.length) await utils.forceUnlockWorkers(rows.map((r) => r.locked_by));
    await finishJobsThatKilledTheirWorker(utils, killers);
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
        if ((await readAssessmentStatus(assessmentId)) === null) return;
        await runAnalyze(assessmentId);
      },
    },
  });
}
