// Runs once when the Next.js server starts: the durable job worker lives in the server
// process (jobs left by a killed server are picked up again here).
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
  if (process.env.SIGHTLINE_NO_WORKER === '1') return;
  const { startWorker } = await import('./lib/pipeline/jobs');
  await startWorker();
}
