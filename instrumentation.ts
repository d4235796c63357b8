// Runs once when the Next.js server starts: the durable job worker lives in the server
// process (jobs left by a killed server are picked up again here).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.SIGHTLINE_NO_WORKER === '1') return;
  const { startWorker } = await import('./lib/pipeline/jobs');
  await startWorker();
}
