// CSRF protection by origin checking (OWASP "Verifying Origin With Standard Headers" plus
// Fetch Metadata), not by double-submit tokens: every state-changing request the app makes
// comes from its own pages via fetch/XHR/forms, and browsers always send `Origin` (and, since
// 2023 in all engines, `Sec-Fetch-Site`) on such requests. A request with neither header is
// refused too, so the check never silently passes for an unknown client.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfInput {
  method: string;
  /** The origins this server is reached at, e.g. "http://127.0.0.1:3000" (from `expectedOrigins`). */
  expectedOrigins: readonly string[];
  origin: string | null;
  secFetchSite: string | null;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

export function checkCsrf(i: CsrfInput): CsrfVerdict {
  if (SAFE_METHODS.has(i.method.toUpperCase())) return { ok: true };
  if (i.secFetchSite && i.secFetchSite !== 'same-origin' && i.secFetchSite !== 'none') {
    return { ok: false, reason: `Sec-Fetch-Site is ${i.secFetchSite}` };
  }
  if (i.origin) {
    return i.expectedOrigins.includes(i.origin) ? { ok: true } : { ok: false, reason: `Origin ${i.origin} is not ${i.expectedOrigins.join(' or ')}` };
  }
  if (i.secFetchSite) return { ok: true };
  return { ok: false, reason: 'neither Origin nor Sec-Fetch-Site was sent' };
}

/**
 * The origins the server answers at, from configuration, never from the request: a Host or
 * X-Forwarded-Host header is whatever the sender wrote (issue 20, finding 12). SIGHTLINE_ORIGIN
 * (comma-separated, e.g. `https://sightline.example.org`) when Sightline is reached through a
 * proxy or under a name; otherwise the address `npm start` listens on (HOST, default 127.0.0.1,
 * and PORT, default 3000), plus `localhost` for a loopback listener.
 */
export function expectedOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const configured = (env.SIGHTLINE_ORIGIN ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (configured.length > 0) return configured.map((o) => new URL(o).origin);
  const port = env.PORT || '3000';
  const host = env.HOST || '127.0.0.1';
  const origins = new Set<string>();
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '0.0.0.0' || host === '::') {
    origins.add(`http://127.0.0.1:${port}`);
    origins.add(`http://localhost:${port}`);
  } else {
    origins.add(new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}`).origin);
  }
  return [...origins];
}

/** Whether cookies must be Secure: the configured origin is https, or the request came in over TLS. */
export function isHttps(url: string, env: Record<string, string | undefined> = process.env): boolean {
  return expectedOrigins(env)[0]?.startsWith('https://') === true || new URL(url).protocol === 'https:';
}
