// A stand-in for the server's job runner in its own process, so a test can SIGKILL it in
// the middle of a job and start another one (lib/pipeline/jobs.ts startWorker unlocks what the
// killed one held). SIGTERM stops it cleanly.
import { closeDb } from '../../lib/db/client';
import { startWorker } from '../../lib/pipeline/jobs';

const runner = await startWorker();
process.stdout.write('worker started\n');
process.on('SIGTERM', () => {
  void runner
    .stop()
    .then(closeDb)
    .finally(() => process.exit(0));
});
await runner.promise;
