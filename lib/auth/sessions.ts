// DB-backed sessions: the cookie carries a random 256-bit token, the session row its sha256.
// Fixed lifetime (no sliding renewal): a stolen cookie stops working after SESSION_HOURS.
import { getPrisma } from '../db/client';
import { hashToken, isWellFormedToken, newToken } from './tokens';

export const SESSION_COOKIE = 'sightline_session';
export const SESSION_HOURS = 12;

export interface SessionUser {
  sessionId: string;
  userId: string;
  username: string;
  expiresAt: Date;
}

/** A new session; every sign-in also purges the sessions that have expired by `now`, so none outlive their lifetime for long. */
export async function createSession(userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  await deleteExpiredSessions(now);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await getPrisma().session.create({ data: { tokenHash: hashToken(token), userId, expiresAt, createdAt: now } });
  return { token, expiresAt };
}

/** The session behind a cookie value, or null when unknown or expired (expired rows are removed). */
export async function getSession(token: string | undefined, now = new Date()): Promise<SessionUser | null> {
  if (!isWellFormedToken(token)) return null;
  const s = await getPrisma().session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!s) return null;
  if (s.expiresAt <= now) {
    await getPrisma().session.deleteMany({ where: { id: s.id } });
    return null;
  }
  return { sessionId: s.id, userId: s.userId, username: s.user.username, expiresAt: s.expiresAt };
}

export async function deleteSession(token: string | undefined): Promise<void> {
  if (!isWellFormedToken(token)) return;
  await getPrisma().session.deleteMany({ where: { tokenHash: hashToken(token) } });
}

/** Housekeeping, run at each sign-in: drop sessions past their expiry (getSession drops only the one it was asked about). */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  return (await getPrisma().session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

export interface CookieOptions {
  secure: boolean;
}

/** Set-Cookie value for a new session: http-only, SameSite=Lax, Secure behind https. */
export function sessionCookie(token: string, expiresAt: Date, o: CookieOptions): string {
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Expires=${expiresAt.toUTCString()}`, o.secure ? 'Secure' : '']
    .filter(Boolean)
    .join('; ');
}

export function clearedSessionCookie(o: CookieOptions): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', o.secure ? 'Secure' : ''].filter(Boolean).join('; ');
}
