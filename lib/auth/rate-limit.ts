// Failed-password throttling stored in PostgreSQL, so a restart does not reset it.
//
// Two rules (issue 20, finding 7):
// * per (client address, subject): 10 failures in 15 minutes, then refused until the window
//   moves on — OWASP's authentication cheat sheet; this is what stops one attacker.
// * per subject from every address: past 20 failures in the window, each further attempt must
//   wait since the last failure, doubling from 1 s up to 60 s. Many addresses (or every client
//   behind one NAT) slow down to one guess a minute, but the owner is never locked out: they wait
//   at most a minute, from any address. A hard per-subject cap used to lock a user out for everyone.
//
// Atomic: `claimAttempt` takes a transaction-scoped advisory lock on the subject, checks both
// rules and records the attempt in the same transaction, before the password is checked. 300
// parallel wrong passwords used to pass 149 checks against a cap of 50 (check and record were
// separate statements); now exactly the cap gets through. A success clears the pair's rows.
import { getPrisma } from '../db/client';
import type { AttemptScope } from '../enums';

export type { AttemptScope };

export const WINDOW_MINUTES = 15;
export const MAX_PER_IP_AND_SUBJECT = 10;
/** Failures of a subject (all addresses) in the window before each attempt must wait. */
export const SUBJECT_BACKOFF_AFTER = 20;
export const MAX_BACKOFF_SECONDS = 60;

export interface AttemptKey {
  scope: AttemptScope;
  subject: string;
  ip: string;
}

export type AttemptClaim = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Seconds a subject's next attempt must wait after its last failure, given its failures in the window. */
export function subjectBackoffSeconds(failures: number): number {
  if (failures < SUBJECT_BACKOFF_AFTER) return 0;
  return Math.min(MAX_BACKOFF_SECONDS, 2 ** Math.min(failures - SUBJECT_BACKOFF_AFTER, 10));
}

/**
 * Checks both rules and, when the attempt may go ahead, records it as a failure in the same
 * locked transaction (a success then clears it with `clearFailures`).
 */
export async function claimAttempt(k: AttemptKey, now = new Date()): Promise<AttemptClaim> {
  const subject = k.subject.toLowerCase();
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000);
  return getPrisma().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`rate:${k.scope}:${subject}`}))`;
      const [row] = await tx.$queryRaw<{ pair: number; total: number; last: Date | null; oldest_pair: Date | null }[]>`
      SELECT count(*) FILTER (WHERE ip = ${k.ip})::int AS pair, count(*)::int AS total, max(created_at) AS last,
             min(created_at) FILTER (WHERE ip = ${k.ip}) AS oldest_pair
      FROM login_attempt WHERE scope = ${k.scope} AND subject = ${subject} AND created_at > ${since}`;
      const pair = row?.pair ?? 0;
      const total = row?.total ?? 0;
      if (pair >= MAX_PER_IP_AND_SUBJECT) {
        const frees = (row?.oldest_pair?.getTime() ?? now.getTime()) + WINDOW_MINUTES * 60_000;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((frees - now.getTime()) / 1000)) };
      }
      const wait = subjectBackoffSeconds(total);
      const last = row?.last?.getTime();
      if (wait > 0 && last !== undefined && now.getTime() - last < wait * 1000) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((last + wait * 1000 - now.getTime()) / 1000)) };
      }
      await tx.loginAttempt.create({ data: { scope: k.scope, subject, ip: k.ip, createdAt: now } });
      return { allowed: true };
      // A burst of attempts on one subject queues on the lock, each holding a pooled connection:
      // wait for one rather than failing the request after Prisma's default 2 s.
    },
    { maxWait: 20_000, timeout: 20_000 },
  );
}

/** Old rows only matter inside the window; trimmed after a failure. */
export async function trimAttempts(now = new Date()): Promise<void> {
  await getPrisma().loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
}

/** A success clears the pair's failures (not the subject-wide ones an attacker may be adding). */
export async function clearFailures(k: AttemptKey): Promise<void> {
  await getPrisma().loginAttempt.deleteMany({ where: { scope: k.scope, subject: k.subject.toLowerCase(), ip: k.ip } });
}
