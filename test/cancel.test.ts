// Deleting an assessment while its pipeline runs cancels it: an ingest rolls back, an analysis
// stops between stages or has its running statement cancelled, and the rows, the upload and the
// stored file are gone.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, expect, it, vi } from 'vitest';
import { deleteAssessment } from '../lib/assessments/delete';
import { addStreamedUpload, createAssessment } from '../lib/assessments/service';
import { closeDb, getPool, getPrisma } from '../lib/db/client';
import { externalScan } from '../lib/detect/network/scan-external';
import { analyzeAssessment, runAnalyze, runIngest } from '../lib/pipeline';
import { ANALYSIS_BACKENDS } from '../lib/pipeline/analysis-lock';
import { PipelineError } from '../lib/records/failure';

afterAll(closeDb);

function* bigCsv(rows: number): Generator<string> {
  yield 'firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows\n';
  const base = Date.parse('2026-03-07T10:00:00Z');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const t = new Date(base + i * 10).toISOString().replace('T', ' ').replace('Z', '');
    chunk += `${t},0.100,TCP,10.0.${(i >> 8) & 255}.${i & 255},${1024 + (i % 60000)},192.0.2.1,443,5,900,1\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

it('cancels a running ingest, rolls it back and removes the stored upload', async () => {
  const id = await createAssessment({ name: 'cancel me' });
  const uploadId = await addStreamedUpload({ assessmentId: id, kind: 'flows', name: 'big.csv', body: Readable.from(bigCsv(400_000)) });
  const stored = (await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } })).storedPath;
  expect(fs.existsSync(stored)).toBe(true);
  const ingest = runIngest(uploadId);
  // Wait until the ingest is visibly under way, then delete.
  for (let i = 0; i < 600; i++) {
    const u = await getPrisma().upload.findUnique({ where: { id: uploadId } });
    if (u && u.records > 0n) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await deleteAssessment(id);
  expect(await ingest).toBeUndefined();
  expect(await getPrisma().assessment.findUnique({ where: { id } })).toBeNull();
  const left = await getPool().query('SELECT count(*)::int AS n FROM flow WHERE assessment_id = $1', [id]);
  expect(left.rows[0].n).toBe(0);
  expect(fs.existsSync(path.dirname(stored))).toBe(false);
});

/** An assessment with a few thousand ingested flows, ready to analyse. */
async function ingested(name: string): Promise<string> {
  const id = await createAssessment({ name });
  const uploadId = await addStreamedUpload({ assessmentId: id, kind: 'flows', name: 'flows.csv', body: Readable.from(bigCsv(5_000)) });
  await runIngest(uploadId);
  return id;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function rowsLeft(id: string): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT (SELECT count(*) FROM host WHERE assessment_id = $1)
          + (SELECT count(*) FROM detection WHERE assessment_id = $1)
          + (SELECT count(*) FROM activity_evidence WHERE assessment_id = $1)
          + (SELECT count(*) FROM source_file WHERE assessment_id = $1) AS n`,
    [id],
  );
  return Number(rows[0]?.n);
}

/**
 * An analysis hook that holds the analysis at the start of `stage` (its transaction open) until
 * `resume` is called.
 */
function pauseAt(stage: string) {
  let resume!: () => void;
  const paused = new Promise<void>((r) => {
    resume = r;
  });
  let reached = false;
  const onStage = async (s: string) => {
    if (s !== stage) return;
    reached = true;
    await paused;
  };
  return { onStage, reached: async () => reached, resume };
}

/**
 * Deletes the assessment while its analysis (`analysis`, holding at `pause`) waits in its open
 * transaction, then lets it go: the analysis must stop as cancelled and the delete remove
 * everything. `whileHeld` runs once the delete has marked the assessment, before the release.
 */
async function deleteWhilePaused(id: string, analysis: Promise<unknown>, pause: ReturnType<typeof pauseAt>, whileHeld?: () => Promise<void>) {
  const outcome = analysis.then(
    () => 'finished',
    (err) => err,
  );
  let deleting: Promise<void> | undefined;
  try {
    await until('the analysis to reach its pause', pause.reached);
    deleting = deleteAssessment(id);
    await until('the delete to mark the assessment', async () => (await getPrisma().assessment.findUnique({ where: { id } }))?.status === 'cancelling');
    await whileHeld?.();
  } finally {
    // Never left paused: its open transaction would hold every later test's partitions.
    pause.resume();
  }
  const err = await outcome;
  expect(err).toBeInstanceOf(PipelineError);
  expect((err as PipelineError).code).toBe('cancelled');
  await deleting;
  expect(await getPrisma().assessment.findUnique({ where: { id } })).toBeNull();
  expect(await rowsLeft(id)).toBe(0);
}

it('stops an analysis at its next stage when the assessment is deleted between stages', async () => {
  const id = await ingested('delete between stages');
  // The analysis waits at the start of detection, its transaction open (hosts written).
  const pause = pauseAt('detect');
  await deleteWhilePaused(id, analyzeAssessment(id, pause.onStage), pause);
});

it('a delete waits for an analysis that has written nothing yet, and it stops as cancelled', async () => {
  // Analysed once, so the re-analysis writes nothing before its hosts stage (the address peers
  // are kept): only the hold it takes first (analysis-lock.ts) keeps the delete waiting. Without
  // it the delete went through at once and then waited for the paused transaction's partitions.
  const id = await ingested('delete before anything is written');
  await analyzeAssessment(id);
  const pause = pauseAt('hosts');
  await deleteWhilePaused(id, analyzeAssessment(id, pause.onStage), pause, async () => {
    // Two tries of the delete's one-second wait later the row is still there.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await getPrisma().assessment.findUnique({ where: { id } }))?.status).toBe('cancelling');
  });
});

it('cancels the statement an analysis is running when its assessment is deleted', async () => {
  const id = await ingested('delete mid-statement');
  const blocker = await getPool().connect();
  try {
    // Before the blind-spot stage another session holds blind_spot against writes: the
    // analysis' next statement waits there, as a long statement would run, with every lock it
    // took (the delete's cascade waits for it too, until that session lets go below).
    const analysis = analyzeAssessment(id, async (stage) => {
      if (stage !== 'blind-spots') return;
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE blind_spot IN SHARE MODE');
    });
    const outcome = analysis.then(
      () => 'finished',
      (err) => err,
    );
    await until('the analysis to wait inside a statement', async () => {
      // The backend holding the assessment's analysis lock, waiting for another lock.
      const { rowCount } = await getPool().query(`SELECT 1 FROM pg_stat_activity WHERE pid IN (${ANALYSIS_BACKENDS}) AND wait_event_type = 'Lock'`, [id]);
      return rowCount === 1;
    });
    const deleting = deleteAssessment(id);
    // The delete cancelled the statement rather than waiting for it.
    const err = await outcome;
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).code).toBe('cancelled');
    await blocker.query('ROLLBACK');
    await deleting;
    expect(await getPrisma().assessment.findUnique({ where: { id } })).toBeNull();
    expect(await rowsLeft(id)).toBe(0);
  } finally {
    await blocker.query('ROLLBACK').catch(() => {});
    blocker.release();
  }
});

it('cancels the statement the detectors beside the analysis are running when its assessment is deleted', async () => {
  const id = await ingested('delete while the side runs');
  // A detector on the second connection (lib/pipeline/detect-beside.ts) sits in a long statement;
  // the analysis's own connection finishes its detectors and waits for it.
  const sleeping = vi.spyOn(externalScan, 'run').mockImplementationOnce(async ({ client }) => {
    await client.query('SELECT pg_sleep(600)');
    return 0;
  });
  try {
    const outcome = analyzeAssessment(id).then(
      () => 'finished',
      (err) => err,
    );
    await until('the side to sleep', async () => {
      const { rowCount } = await getPool().query(
        `SELECT 1 FROM pg_stat_activity WHERE pid IN (${ANALYSIS_BACKENDS}) AND state = 'active' AND query LIKE '%pg_sleep%'`,
        [id],
      );
      return rowCount === 1;
    });
    const deleting = deleteAssessment(id);
    const err = await outcome;
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).code).toBe('cancelled');
    await deleting;
    expect(await getPrisma().assessment.findUnique({ where: { id } })).toBeNull();
    expect(await rowsLeft(id)).toBe(0);
  } finally {
    sleeping.mockRestore();
  }
});

it('a job analysing an assessment that is being deleted records nothing and returns', async () => {
  const id = await ingested('analysis after delete began');
  await getPrisma().assessment.update({ where: { id }, data: { status: 'cancelling' } });
  expect(await runAnalyze(id)).toBeNull();
  // Still 'cancelling' for the delete, never 'analyzing' (over it) or 'failed'.
  expect((await getPrisma().assessment.findUniqueOrThrow({ where: { id } })).status).toBe('cancelling');
  expect(
    await getPool()
      .query('SELECT 1 FROM host WHERE assessment_id = $1', [id])
      .then((r) => r.rowCount),
  ).toBe(0);
  await deleteAssessment(id);
});

it('analyses of two assessments run side by side: neither waits for the other to finish', async () => {
  const first = await ingested('analysed first');
  const second = await ingested('analysed meanwhile');
  // The first analysis holds its transaction open at detection until the second has finished
  // (the statistics stage once kept the rollup tables every assessment shares locked to the end).
  const pause = pauseAt('detect');
  const firstDone = analyzeAssessment(first, pause.onStage);
  try {
    await until('the first analysis to reach detection', pause.reached);
    const result = await analyzeAssessment(second);
    expect(result.timings.correlate).toBeGreaterThanOrEqual(0);
    expect((await getPrisma().assessment.findUniqueOrThrow({ where: { id: second } })).analyzedAt).not.toBeNull();
  } finally {
    pause.resume();
  }
  await firstDone;
  await deleteAssessment(first);
  await deleteAssessment(second);
});
