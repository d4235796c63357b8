// The ingest step as a job runs it: the upload's status around `ingestUpload`, live progress,
// cancelling, and every ending recorded — done, or failed with the reason a user reads
// (lib/records/failure.ts). A failure the input caused is final; a crash is thrown again
// so that the job is retried (lib/pipeline/jobs.ts).
import { PipelineError } from '../records/failure';
import { readSettings } from '../settings';
import { type IngestResult, ingestUpload } from './ingest-upload';
import {
  markUploadDone,
  markUploadFailed,
  markUploadIngesting,
  readAssessmentStatus,
  readUploadForIngest,
  recordUploadProgress,
  setAssessmentState,
  uploadStatusesOf,
} from './state';

export async function runIngest(uploadId: string): Promise<IngestResult | undefined> {
  const upload = await readUploadForIngest(uploadId);
  let pending = Promise.resolve();
  // Cancelling = the assessment is being deleted: stop at the next batch and roll back.
  let cancelled = false;
  let poll: NodeJS.Timeout | undefined;
  try {
    const settings = readSettings(upload.settings);
    await markUploadIngesting(uploadId);
    // Never over a delete's 'cancelling': the poll below would then miss it.
    await setAssessmentState(upload.assessmentId, { status: 'ingesting', stage: 'ingest' });
    poll = setInterval(() => {
      readAssessmentStatus(upload.assessmentId).then(
        (status) => {
          if (status === null || status === 'cancelling') cancelled = true;
        },
        () => {},
      );
    }, 1000);
    const result = await ingestUpload({
      uploadId,
      isCancelled: () => cancelled,
      timeZone: upload.timeZone,
      strict: settings.strictUploads,
      onProgress: (p) => {
        // Progress is written outside the ingest transaction, so the page sees it live.
        pending = pending.then(() =>
          recordUploadProgress(uploadId, p).then(
            () => undefined,
            () => undefined,
          ),
        );
      },
    });
    await pending;
    await markUploadDone(uploadId, { records: result.records, errors: result.errors, bytesRead: upload.sizeBytes });
    return result;
  } catch (err) {
    await pending;
    if ((err instanceof PipelineError && err.code === 'cancelled') || cancelled) return undefined; // the assessment is going away
    const failure =
      err instanceof PipelineError ? err : new PipelineError('ingest_crashed', err instanceof Error ? err.message : String(err), { path: upload.originalName });
    await markUploadFailed(uploadId, failure.message);
    if (!failure.userCaused) throw err;
    return undefined;
  } finally {
    clearInterval(poll);
  }
}

/** True when every upload of the assessment has finished (done or failed). */
export async function uploadsSettled(assessmentId: string): Promise<boolean> {
  return (await uploadStatusesOf(assessmentId)).every((s) => s !== 'queued' && s !== 'ingesting');
}
