// The pipeline's steps as the job runner (and the CLI) call them. Each step records its
// state in the database, so the UI can show progress and a restart can resume or report.
import { analyzeAssessment } from './analyze';
import { getPrisma } from './db/client';
import { ArchiveLimitError } from './ingest/archive';
import { type IngestResult, ingestUpload, UploadCancelled, UploadFailed } from './ingest/ingest-upload';
import { readSettings } from './settings';

export async function runIngest(uploadId: string): Promise<IngestResult | undefined> {
  const prisma = getPrisma();
  const upload = await prisma.upload.findUniqueOrThrow({ where: { id: uploadId }, include: { assessment: true } });
  const settings = readSettings(upload.assessment.settings);
  await prisma.upload.update({ where: { id: uploadId }, data: { status: 'ingesting', error: null, bytesRead: 0n, records: 0n, errorCount: 0 } });
  await prisma.assessment.update({ where: { id: upload.assessmentId }, data: { status: 'ingesting', stage: 'ingest' } });
  let pending = Promise.resolve();
  // Cancelling = the assessment is being deleted: stop at the next batch and roll back.
  let cancelled = false;
  const poll = setInterval(() => {
    prisma.assessment.findUnique({ where: { id: upload.assessmentId }, select: { status: true } }).then(
      (a) => {
        if (!a || a.status === 'cancelling') cancelled = true;
      },
      () => {},
    );
  }, 1000);
  try {
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
    if (err instanceof UploadCancelled || cancelled) return undefined; // the assessment is going away
    const known = err instanceof UploadFailed || err instanceof ArchiveLimitError;
    const message = known ? (err as Error).message : `${upload.originalName}: ingest failed (${(err as Error).message})`;
    await prisma.upload.update({ where: { id: uploadId }, data: { status: 'failed', error: message, finishedAt: new Date() } });
    if (!known) throw err;
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

export async function runAnalyze(assessmentId: string): Promise<void> {
  const prisma = getPrisma();
  const uploads = await prisma.upload.findMany({ where: { assessmentId } });
  if (uploads.length > 0 && uploads.every((u) => u.status === 'failed')) {
    await prisma.assessment.update({
      where: { id: assessmentId },
      data: { status: 'failed', stage: null, error: 'no upload could be read: see the errors of each file' },
    });
    return;
  }
  await prisma.assessment.update({ where: { id: assessmentId }, data: { status: 'analyzing', stage: 'hosts', error: null } });
  try {
    await analyzeAssessment(assessmentId, (stage) => {
      void prisma.assessment.update({ where: { id: assessmentId }, data: { stage } }).catch(() => {});
    });
    await prisma.assessment.update({ where: { id: assessmentId }, data: { status: 'ready', stage: null } });
  } catch (err) {
    await prisma.assessment.update({
      where: { id: assessmentId },
      data: { status: 'failed', stage: null, error: `analysis failed: ${(err as Error).message}` },
    });
    throw err;
  }
}
