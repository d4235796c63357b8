// The ingest step as a job runs it: the upload's status around `ingestUpload`, live progress,
// cancelling, and every ending recorded — done, or failed with the reason a user reads
// (lib/records/failure.ts). A failure the input caused is final; a crash is thrown again
// so that the job is retried (lib/pipeline/jobs.ts).
import { getPrisma } from '../db/client';
import { PipelineError } from '../records/failure';
import { readSettings } from '../settings';
import { type IngestResult, ingestUpload } from './ingest-upload';

export async function runIngest(uploadId: string): Promise<IngestResult | undefined> {
  const prisma = getPrisma();
  const upload = await prisma.upload.findUniqueOrThrow({ where: { id: uploadId }, include: { assessment: true } });
  let pending = Promise.resolve();
  // Cancelling = the assessment is being deleted: stop at the next batch and roll back.
  let cancelled = false;
  let poll: NodeJS.Timeout | undefined;
  try {
    const settings = readSettings(upload.assessment.settings);
    await prisma.upload.update({ where: { id: uploadId }, data: { status: 'ingesting', error: null, bytesRead: 0n, records: 0n, errorCount: 0 } });
    // Never over a delete's 'cancelling': the poll below would then miss it.
    await prisma.assessment.updateMany({ where: { id: upload.assessmentId, status: { not: 'cancelling' } }, data: { status: 'ingesting', stage: 'ingest' } });
    poll = setInterval(() => {
      prisma.assessment.findUnique({ where: { id: upload.assessmentId }, select: { status: true } }).then(
        (a) => {
          if (!a || a.status === 'cancelling') cancelled = true;
        },
        () => {},
      );
    }, 1000);
    const result = await ingestUpload({
      uploadId,
      isCancelled: () => cancelled,
      timeZone: upload.assessment.timeZone,
      strict: settings.strictUploads,
      onProgress: (p) => {
        // Progress is written outside the ingest transaction, so the page sees it live.
        pending = pending.then(() =>
          prisma.upload.update({ where: { id: uploadId }, data: { bytesRead: BigInt(p.bytesRead), records: BigInt(p.records), errorCount: p.errors } }).then(
            () => undefined,
            () => undefined,
          ),
        );
      },
    });
    await pending;
    await prisma.upload.update({
      where: { id: uploadId },
      data: { status: 'done', records: BigInt(result.records), errorCount: result.errors, bytesRead: upload.sizeBytes, finishedAt: new Date() },
    });
    return result;
  } catch (err) {
    await pending;
    if ((err instanceof PipelineError && err.code === 'cancelled') || cancelled) return undefined; // the assessment is going away
    const failure =
      err instanceof PipelineError ? err : new PipelineError('ingest_crashed', err instanceof Error ? err.message : String(err), { path: upload.originalName });
    await prisma.upload.update({ where: { id: uploadId }, data: { status: 'failed', error: failure.message, finishedAt: new Date() } });
    if (!failure.userCaused) throw err;
    return undefined;
  } finally {
    clearInterval(poll);
  }
}

/** True when every upload of the assessment has finished (done or failed). */
export async function uploadsSettled(assessmentId: string): Promise<boolean> {
  const open = await getPrisma().upload.count({ where: { assessmentId, status: { in: ['queued', 'ingesting'] } } });
  return open === 0;
}
