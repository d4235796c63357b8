// Sessions, rate limiting and accounts against the real PostgreSQL of the test run.
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPrisma } from '../db/client';
import { hashPassword } from './passwords';
import { clearFailures, isRateLimited, MAX_PER_IP_AND_SUBJECT, recordFailure, WINDOW_MINUTES } from './rate-limit';
import { createSession, deleteSession, getSession, SESSION_HOURS } from './sessions';
import { hashToken } from './tokens';

afterAll(closeDb);

async function makeUser(): Promise<string> {
  const u = await getPrisma().user.create({ data: { username: `u-${crypto.randomUUID()}`, passwordHash: await hashPassword('x') } });
  return u.id;
}

describe('sessions', () => {
  it('store only the token hash and find the session by it', async () => {
    const userId = await makeUser();
    const { token } = await createSession(userId);
    const row = await getPrisma().session.findFirstOrThrow({ where: { userId } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.tokenHash).not.toBe(token);
    expect((await getSession(token))?.userId).toBe(userId);
    expect(await getSession(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
  });

  it('expire after their lifetime and are then removed', async () => {
    const userId = await makeUser();
    const t0 = new Date('2026-03-01T00:00:00Z');
    const { token, expiresAt } = await createSession(userId, t0);
    expect(expiresAt.getTime() - t0.getTime()).toBe(SESSION_HOURS * 3600_000);
    expect(await getSession(token, new Date(expiresAt.getTime() - 1000))).not.toBeNull();
    expect(await getSession(token, expiresAt)).toBeNull();
    expect(await getPrisma().session.count({ where: { userId } })).toBe(0);
  });

  it('that expired unseen are purged at the next sign-in, whoever signs in', async () => {
    const idle = await makeUser();
    const t0 = new Date('2020-01-01T00:00:00Z');
    const { expiresAt } = await createSession(idle, t0);
    const later = new Date(expiresAt.getTime() + 1000);
    await createSession(idle, new Date(expiresAt.getTime() - 1000)); // still valid then: nothing purged
    expect(await getPrisma().session.count({ where: { userId: idle } })).toBe(2);
    const other = await makeUser();
    await createSession(other, later);
    const left = await getPrisma().session.findMany({ where: { userId: idle } });
    expect(left.map((s) => s.expiresAt.getTime())).toEqual([expiresAt.getTime() - 1000 + SESSION_HOURS * 3600_000]);
    expect(await getPrisma().session.count({ where: { userId: other } })).toBe(1);
  });

  it('end at logout', async () => {
    const { token } = await createSession(await makeUser());
    await deleteSession(token);
    expect(await getSession(token)).toBeNull();
  });
});

describe('login rate limiting', () => {
  it(`blocks after ${MAX_PER_IP_AND_SUBJECT} failures in ${WINDOW_MINUTES} minutes, per IP and username`, async () => {
    const key = { scope: 'login' as const, subject: `user-${crypto.randomUUID()}`, ip: '192.0.2.1' };
    const now = new Date();
    for (let i = 0; i < MAX_PER_IP_AND_SUBJECT - 1; i++) await recordFailure(key, now);
    expect(await isRateLimited(key, now)).toBe(false);
    await recordFailure(key, now);
    expect(await isRateLimited(key, now)).toBe(true);
    // Another client for the same user is not blocked by this one's failures…
    expect(await isRateLimited({ ...key, ip: '192.0.2.2' }, now)).toBe(false);
    // …and the window moves on.
    expect(await isRateLimited(key, new Date(now.getTime() + (WINDOW_MINUTES * 60 + 1) * 1000))).toBe(false);
    await clearFailures(key);
    expect(await isRateLimited(key, now)).toBe(false);
  });

  it('survives a restart (it is in the database, not in memory)', async () => {
    const key = { scope: 'share' as const, subject: crypto.randomUUID(), ip: '198.51.100.9' };
    for (let i = 0; i < MAX_PER_IP_AND_SUBJECT; i++) await recordFailure(key);
    await closeDb(); // a new process would start with fresh clients: same answer
    expect(await isRateLimited(key)).toBe(true);
  });
});
