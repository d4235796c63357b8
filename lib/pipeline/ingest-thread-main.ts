// The body of an ingest thread (lib/pipeline/ingest-thread.ts starts it): its uploads in turn,
// each as `runIngest` runs it, on the thread's own database pool, closed at the end.
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb } from '../db/client';
import { runIngest } from './ingest';
import type { LaneMessage } from './ingest-thread';

const post = (m: LaneMessage) => parentPort?.postMessage(m);
const { uploadIds } = workerData as { uploadIds: string[] };
try {
  for (const uploadId of uploadIds) {
    post({ type: 'start', uploadId });
    post({ type: 'done', uploadId, result: await runIngest(uploadId) });
  }
} catch (err) {
  post({ type: 'crash', message: err instanceof Error ? err.message : String(err) });
} finally {
  await closeDb();
}
