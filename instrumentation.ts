// Runs once when the Next.js server starts: the durable job worker lives in the server
// process (jobs left by a killed server are picked up again here).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Rate limits need the TCP peer address, which Next.js does not hand to route handlers.
  const { installPeerAddressHeader } = await import('./lib/http/peer-address');
  installPeerAddressHeader();
  if (process.env.SIGHTLINE_NO_WORKER === '1') return;
  const { startWorker } = await import('./lib/jobs/queue');
  await startWorker();
}
