// CSRF protection by origin checking (OWASP "Verifying Origin With Standard Headers" plus
// Fetch Metadata), not by double-submit tokens: every state-changing request the app makes
// comes from its own pages via fetch/XHR/forms, and browsers always send `Origin` (and, since
// 2023 in all engines, `Sec-Fetch-Site`) on such requests. A request with neither header is
// refused too, so the check never silently passes for an unknown client.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfInput {
  method: string;
  /** The origin this server is reached at, e.g. "http://127.0.0.1:3000". */
  expectedOrigin: string;
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
    return i.origin === i.expectedOrigin ? { ok: true } : { ok: false, reason: `Origin ${i.origin} is not ${i.expectedOrigin}` };
  }
  if (i.secFetchSite) return { ok: true };
  return { ok: false, reason: 'neither Origin nor Sec-Fetch-Site was sent' };
}

/** The origin the client used, from the Host header and the forwarded protocol. */
export function requestOrigin(url: string, headers: Headers): string {
  const u = new URL(url);
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || u.protocol.replace(':', '');
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host') || u.host;
  return `${proto}://${host}`;
}

export function isHttps(url: string, headers: Headers): boolean {
  return requestOrigin(url, headers).startsWith('https://');
}
