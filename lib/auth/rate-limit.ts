// Failed-password throttling stored in PostgreSQL, so a restart does not reset it.
// Two windows: per (client IP, subject) — 10 failures in 15 minutes, as the brief and
// OWASP's authentication cheat sheet suggest — and per subject alone with a higher cap,
// because Next.js fills X-Forwarded-For from the client when no proxy sets it, so the IP
// alone can be spoofed by an attacker rotating the header.
import { getPrisma } from '../db/client';
import type { AttemptScope } from '../enums';

export type { AttemptScope };

export const WINDOW_MINUTES = 15;
export const MAX_PER_IP_AND_SUBJECT = 10;
export const MAX_PER_SUBJECT = 50;

export interface AttemptKey {
  scope: AttemptScope;
  subject: string;
  ip: string;
}

export async function isRateLimited(k: AttemptKey, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000);
  const where = { scope: k.scope, subject: k.subject.toLowerCase(), createdAt: { gt: since } };
  const [byPair, bySubject] = await Promise.all([getPrisma().loginAttempt.count({ where: { ...where, ip: k.ip } }), getPrisma().loginAttempt.count({ where })]);
  return byPair >= MAX_PER_IP_AND_SUBJECT || bySubject >= MAX_PER_SUBJECT;
}

export async function recordFailure(k: AttemptKey, now = new Date()): Promise<void> {
  await getPrisma().loginAttempt.create({ data: { scope: k.scope, subject: k.subject.toLowerCase(), ip: k.ip, createdAt: now } });
  // Old rows only matter inside the window; trim them opportunistically.
  await getPrisma().loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
}

/** A success clears the pair's failures (not the subject-wide ones an attacker may be adding). */
export async function clearFailures(k: AttemptKey): Promise<void> {
  await getPrisma().loginAttempt.deleteMany({ where: { scope: k.scope, subject: k.subject.toLowerCase(), ip: k.ip } });
}

/** The client address as Next.js reports it (first X-Forwarded-For entry). */
export function clientIp(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || 'unknown';
}
