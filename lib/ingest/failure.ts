// Ingest's own failures recognised once: a parser's fatal IngestError, the archive walker's
// limits, and zlib/tar finding the archive truncated or corrupt. Each becomes a PipelineError
// (lib/records/failure.ts) caused by the user's input; anything else is not recognised here
// and is a crash of ingest itself.
import { PipelineError } from '../records/failure';
import { ArchiveCorruptError, ArchiveLimitError } from './archive';
import { IngestError } from './types';

/** zlib/tar errors mean the archive is truncated or corrupt (a user problem, not a bug). */
export function isKnownArchiveFailure(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  if (err instanceof ArchiveCorruptError) return true;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  return Boolean(code?.startsWith('Z_')) || /unexpected end|truncated|invalid tar|unexpected eof/i.test(err.message);
}

/**
 * The PipelineError an error thrown while ingesting an upload stands for, or undefined when it
 * is not one of ingest's known failures. `upload` is the upload's name, `path` the file being
 * read when it happened, `bytesRead` how far into the upload (compressed) the walk had come.
 */
export function recogniseIngestFailure(err: unknown, at: { upload: string; path?: string; bytesRead: number }): PipelineError | undefined {
  if (err instanceof PipelineError) return err;
  if (err instanceof ArchiveLimitError) return new PipelineError('archive_limit', err.message, { path: at.upload }, { cause: err });
  if (err instanceof IngestError) {
    const { line, offset } = err.location;
    return new PipelineError('unreadable_file', err.message, { path: at.path ?? at.upload, line, offset }, { cause: err });
  }
  if (isKnownArchiveFailure(err)) return new PipelineError('archive_corrupt', err.message, { path: at.upload, offset: at.bytesRead }, { cause: err });
  return undefined;
}

/** Socket errors that mean the connection to PostgreSQL went away under the ingest. */
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * The error to report for a failure of ingest itself: a socket error (the server restarted, an
 * administrator ended the session) says so rather than "write EPIPE" alone. Which one a lost
 * connection raises first — the server's own "terminating connection …" or the socket's — is a
 * race; both read as a lost connection.
 */
export function describeIngestCrash(err: unknown): unknown {
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  if (typeof code === 'string' && CONNECTION_LOST.has(code)) return new Error(`connection to the database lost (${(err as Error).message})`, { cause: err });
  return err;
}
