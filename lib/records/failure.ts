// One failure type for every step of the pipeline: what went wrong (a code), where (a file,
// line or byte offset), and whether the user caused it (bad input: the upload fails with the
// reason and is not retried) or not (a crash: the job is retried). The text a user reads is
// made from these in one place, `failureMessage`.

/** Every known way a pipeline step fails, and whether the input (the user) is the cause. */
export const FAILURES = {
  /** The assessment is being deleted: the step stopped and rolled back. */
  cancelled: { userCaused: true },
  /** Strict uploads: one file is in no format Sightline reads. */
  unknown_format: { userCaused: true },
  /** Not one file of the upload is in a format Sightline reads. */
  no_known_format: { userCaused: true },
  /** Strict uploads: a file held no valid record. */
  no_valid_records: { userCaused: true },
  /** The upload holds no file at all (an empty archive, every member refused). */
  no_readable_file: { userCaused: true },
  /** zlib or tar found the archive truncated or corrupt. */
  archive_corrupt: { userCaused: true },
  /** The archive passed a size, ratio or file-count limit (a bomb, or simply too big). */
  archive_limit: { userCaused: true },
  /** A parser's fatal error (IngestError): the file cannot be read past this point. */
  unreadable_file: { userCaused: true },
  /** Analysis: every upload of the assessment failed. */
  no_upload_read: { userCaused: true },
  /** Ingest crashed (a bug, a lost connection, a full disk): retried. */
  ingest_crashed: { userCaused: false },
  /** Analysis crashed: retried. */
  analysis_crashed: { userCaused: false },
} as const satisfies Record<string, { userCaused: boolean }>;

export type FailureCode = keyof typeof FAILURES;

/** Where a failure happened: a file (the upload, or `archive:member`), and a line or byte offset in it. */
export interface FailureLocation {
  path: string;
  line?: number;
  offset?: number;
}

export class PipelineError extends Error {
  readonly userCaused: boolean;

  /** `detail` is the code's own fact (a reason, an underlying message), worded by `failureMessage`. */
  constructor(
    readonly code: FailureCode,
    readonly detail: string,
    readonly location?: FailureLocation,
    options?: { cause?: unknown },
  ) {
    super(failureMessage(code, detail, location), options);
    this.name = 'PipelineError';
    this.userCaused = FAILURES[code].userCaused;
  }
}

/** The text a user reads for a failure (upload and assessment errors in the app, the CLI's errors). */
export function failureMessage(code: FailureCode, detail: string, location?: FailureLocation): string {
  const at = location ? `${location.path}: ` : '';
  switch (code) {
    case 'cancelled':
      return `${at}cancelled`;
    case 'unknown_format':
      return `${at}${detail}`;
    case 'no_known_format':
      return `${at}${detail}: no file in a format Sightline reads`;
    case 'no_valid_records':
      return `${at}no valid records`;
    case 'no_readable_file':
      return `${at}contains no readable file${detail ? ` (${detail})` : ''}`;
    case 'archive_corrupt':
      return `${at}archive is truncated or corrupt near byte ${location?.offset ?? 0} (${detail})`;
    case 'archive_limit':
      // The walker's message already names the archive or member.
      return detail;
    case 'unreadable_file': {
      const where = location?.line !== undefined ? ` (line ${location.line})` : location?.offset !== undefined ? ` (byte ${location.offset})` : '';
      return `${at}${detail}${where}`;
    }
    case 'no_upload_read':
      return 'no upload could be read: see the errors of each file';
    case 'ingest_crashed':
      return `${at}ingest failed (${detail})`;
    case 'analysis_crashed':
      return `analysis failed: ${detail}`;
  }
}
