// Runs once when the Next.js server starts: the peer-address stamp and the orphaned-upload
// sweep (the job worker has a process of its own: scripts/worker.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Rate limits need the TCP peer address, which Next.js does not hand to route handlers.
  const { installPeerAddressHeader } = await import('./lib/http/peer-address');
  installPeerAddressHeader();
  // Upload files whose rows are gone (a crash between the two) are removed once per start.
  const { removeOrphanedUploads } = await import('./lib/assessments/orphan-uploads');
  removeOrphanedUploads().then(
    (removed) => removed.length > 0 && console.log(`[sightline] removed ${removed.length} orphaned upload file(s)`),
    (err: unknown) => console.error('[sightline] orphaned upload sweep failed', err),
  );
  // The job worker runs in its own process (scripts/worker.ts, started by scripts/start.ts):
  // ingest of a hostile upload must not take the web server down with it. A server started by
  // hand without that supervisor can still run one in-process with SIGHTLINE_INPROCESS_WORKER=1.
  if (process.env.SIGHTLINE_INPROCESS_WORKER !== '1' || process.env.SIGHTLINE_NO_WORKER === '1') return;
  const { startWorker } = await import('./lib/pipeline/jobs');
  await startWorker();
}
