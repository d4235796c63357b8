// The e2e run seeds an account, uploads and demo assessments, and moves share-link expiries:
// it must never do that to a shared database. The web server (playwright.config.ts) inherits
// DATABASE_URL, so the config refuses any database that is not on this machine.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Why `url` is not a database on this machine, or null when it is (loopback host or unix socket). */
export function nonLocalDatabaseReason(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'DATABASE_URL is not a URL';
  }
  // libpq: a `host` query parameter overrides the authority; a path there is a unix socket folder.
  const hosts = parsed.searchParams.get('host') ?? decodeURIComponent(parsed.hostname);
  for (const host of hosts.split(',')) {
    if (host === '' || host.startsWith('/') || LOOPBACK.has(host)) continue;
    return `DATABASE_URL points at ${host}, not at this machine`;
  }
  return null;
}

/** Throws with a clear message when DATABASE_URL names a database that is not local. */
export function assertLocalDatabase(url: string | undefined = process.env.DATABASE_URL): void {
  if (!url) return; // the embedded PostgreSQL in the data folder
  const reason = nonLocalDatabaseReason(url);
  if (reason) {
    throw new Error(
      `Refusing to run the end-to-end tests: ${reason}. They write accounts, assessments and uploads into the database. ` +
        'Unset DATABASE_URL (the embedded PostgreSQL is used) or point it at 127.0.0.1, localhost, ::1 or a unix socket.',
    );
  }
}
