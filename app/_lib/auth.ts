// The session check as Next.js sees it: pages redirect to /login, route handlers answer
// 401 JSON. proxy.ts only checks that a session cookie is present; this is the real check
// (database lookup), called by every page and handler that is not public.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { checkCsrf, expectedOrigins } from '@/lib/auth/csrf';
import { getSession, SESSION_COOKIE, type SessionUser } from '@/lib/auth/sessions';
import { AppError } from '@/lib/http/errors';

export async function currentSession(): Promise<SessionUser | null> {
  return getSession((await cookies()).get(SESSION_COOKIE)?.value);
}

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireSession(): Promise<SessionUser> {
  const s = await currentSession();
  if (!s) redirect('/login');
  return s;
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Refuses cross-site state-changing requests (see lib/auth/csrf.ts for why by origin). */
export function assertSameOrigin(req: Request): void {
  const verdict = checkCsrf({
    method: req.method,
    expectedOrigins: expectedOrigins(),
    origin: req.headers.get('origin'),
    secFetchSite: req.headers.get('sec-fetch-site'),
  });
  if (!verdict.ok) throw new AppError('forbidden', `CSRF check failed: ${verdict.reason}`, 'This request did not come from Sightline itself.');
}

/** For route handlers: a valid session (401 otherwise) and, for writes, a same-origin request. */
export async function requireApiSession(req: Request): Promise<SessionUser> {
  const s = await getSession(readCookie(req, SESSION_COOKIE));
  if (!s) throw new AppError('unauthorized', 'no valid session', 'Sign in to continue.');
  assertSameOrigin(req);
  return s;
}
