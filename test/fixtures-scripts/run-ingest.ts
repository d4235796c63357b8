// Runs one upload's ingest in its own process (a test kills it or cuts its connection).
// Exit code 0 when the upload was ingested or refused with a reason, 1 on an unexpected error.
import { closeDb } from '../../lib/db/client';
import { runIngest } from '../../lib/pipeline';

const uploadId = process.argv[2];
if (!uploadId) throw new Error('usage: run-ingest.ts UPLOAD_ID');
try {
  await runIngest(uploadId);
  process.exitCode = 0;
} catch (err) {
  process.stderr.write(`ingest failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
