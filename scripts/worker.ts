// The job worker in its own process: ingest and analysis never run inside the Next.js server,
// so a hostile upload that exhausts this process's (capped) heap or CPU takes down neither the
// web UI nor its sign-in page. Started and supervised by scripts/start.ts; DATABASE_URL comes
// from it. SIGTERM/SIGINT stop it cleanly (a running job is released and resumed next start).
import { closeDb } from '../lib/db/client';
import { holdHeapNearLiveSet } from '../lib/pipeline/heap';
import { startWorker } from '../lib/pipeline/jobs';

holdHeapNearLiveSet();
const runner = await startWorker();
console.log('[sightline] worker ready');
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void runner
    .stop()
    .then(closeDb)
    .finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
await runner.promise;
