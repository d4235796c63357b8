// Accounts: first-run setup and sign-in. The first account can only be created while no
// account exists; an advisory lock makes two simultaneous setup requests create one user.
import { getPrisma } from '../db/client';
import { AppError } from '../http/errors';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords';
import { claimAttempt, clearFailures, trimAttempts } from './rate-limit';
import { createSession } from './sessions';

const SETUP_LOCK = 72_707_370;

export async function hasAnyUser(): Promise<boolean> {
  return (await getPrisma().user.count()) > 0;
}

export async function createFirstUser(input: { username: string; password: string }): Promise<{ token: string; expiresAt: Date }> {
  const passwordHash = await hashPassword(input.password);
  const user = await getPrisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) throw new AppError('conflict', 'setup already done', 'Sightline is already set up. Sign in instead.');
    return tx.user.create({ data: { username: input.username, passwordHash } });
  });
  return createSession(user.id);
}

export async function signIn(input: { username: string; password: string; ip: string }): Promise<{ token: string; expiresAt: Date }> {
  const key = { scope: 'login' as const, subject: input.username, ip: input.ip };
  const claim = await claimAttempt(key);
  if (!claim.allowed) {
    throw new AppError(
      'rate_limited',
      `login rate limit for ${input.username}`,
      `Too many failed sign-ins. Try again in ${claim.retryAfterSeconds} s.`,
      claim.retryAfterSeconds,
    );
  }
  const user = await getPrisma().user.findUnique({ where: { username: input.username } });
  const ok = user ? await verifyPassword(input.password, user.passwordHash) : await verifyAgainstDummy(input.password);
  if (!user || !ok) {
    await trimAttempts();
    throw new AppError('unauthorized', 'bad credentials', 'Wrong username or password.');
  }
  await clearFailures(key);
  return createSession(user.id);
}
