// Sessions, rate limiting and accounts against the real PostgreSQL of the test run.
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPrisma } from '../db/client';
import { clientAddress, PEER_HEADER, trustedProxyHops } from './client-address';
import { hashPassword } from './passwords';
import {
  claimAttempt,
  clearFailures,
  MAX_BACKOFF_SECONDS,
  MAX_PER_IP_AND_SUBJECT,
  SUBJECT_BACKOFF_AFTER,
  subjectBackoffSeconds,
  WINDOW_MINUTES,
} from './rate-limit';
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
  it(`refuses after ${MAX_PER_IP_AND_SUBJECT} attempts in ${WINDOW_MINUTES} minutes, per address and username`, async () => {
    const key = { scope: 'login' as const, subject: `user-${crypto.randomUUID()}`, ip: '192.0.2.1' };
    const now = new Date();
    for (let i = 0; i < MAX_PER_IP_AND_SUBJECT; i++) expect(await claimAttempt(key, now)).toEqual({ allowed: true });
    expect(await claimAttempt(key, now)).toEqual({ allowed: false, retryAfterSeconds: WINDOW_MINUTES * 60 });
    // Another client for the same user is not refused by this one's failures…
    expect((await claimAttempt({ ...key, ip: '192.0.2.2' }, now)).allowed).toBe(true);
    // …and the window moves on.
    expect((await claimAttempt(key, new Date(now.getTime() + (WINDOW_MINUTES * 60 + 1) * 1000))).allowed).toBe(true);
    await clearFailures(key);
    expect((await claimAttempt(key, now)).allowed).toBe(true);
  });

  // Issue 20, finding 7: check and record were two statements, so 300 parallel wrong
  // passwords got 149 checks against a cap of 50.
  it('300 parallel attempts from one address: exactly the cap is let through and recorded', async () => {
    const key = { scope: 'share' as const, subject: crypto.randomUUID(), ip: '192.0.2.7' };
    const now = new Date();
    const claims = await Promise.all(Array.from({ length: 300 }, () => claimAttempt(key, now)));
    expect(claims.filter((c) => c.allowed)).toHaveLength(MAX_PER_IP_AND_SUBJECT);
    expect(await getPrisma().loginAttempt.count({ where: { scope: 'share', subject: key.subject } })).toBe(MAX_PER_IP_AND_SUBJECT);
  });

  it('many addresses slow the user down with a backoff instead of locking the owner out', async () => {
    const subject = `user-${crypto.randomUUID()}`;
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000);
    // 20 attackers, one failure each, all in the first second.
    for (let i = 0; i < SUBJECT_BACKOFF_AFTER; i++) expect((await claimAttempt({ scope: 'login', subject, ip: `198.51.100.${i}` }, at(0))).allowed).toBe(true);
    const owner = { scope: 'login' as const, subject, ip: '203.0.113.5' };
    // Past the threshold the next attempt waits 1 s after the last failure, then 2 s, …
    expect(await claimAttempt(owner, at(0))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await claimAttempt(owner, at(1))).allowed).toBe(true);
    expect(await claimAttempt(owner, at(2))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await claimAttempt(owner, at(3))).allowed).toBe(true);
    expect(subjectBackoffSeconds(10_000)).toBe(MAX_BACKOFF_SECONDS);
  });

  it('survives a restart (it is in the database, not in memory)', async () => {
    const key = { scope: 'share' as const, subject: crypto.randomUUID(), ip: '198.51.100.9' };
    for (let i = 0; i < MAX_PER_IP_AND_SUBJECT; i++) await claimAttempt(key);
    await closeDb(); // a new process would start with fresh clients: same answer
    expect((await claimAttempt(key)).allowed).toBe(false);
  });
});

describe('client address', () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it.each([
    ['no trusted proxy: X-Forwarded-For is ignored, the TCP peer is used', { 'x-forwarded-for': '6.6.6.6', [PEER_HEADER]: '192.0.2.1' }, 0, '192.0.2.1'],
    ['one trusted proxy: the entry it appended', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9', [PEER_HEADER]: '10.0.0.1' }, 1, '203.0.113.9'],
    [
      'two trusted proxies: the entry the outer one appended',
      { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2', [PEER_HEADER]: '10.0.0.1' },
      2,
      '203.0.113.9',
    ],
    ['a trusted proxy but no header: the peer', { [PEER_HEADER]: '10.0.0.1' }, 1, '10.0.0.1'],
  ])('%s', (_name, h, hops, want) => {
    expect(clientAddress(headers(h), hops)).toBe(want);
  });
  it('reads the hop count from SIGHTLINE_TRUSTED_PROXY_HOPS, ignoring nonsense', () => {
    expect(trustedProxyHops({ SIGHTLINE_TRUSTED_PROXY_HOPS: '1' })).toBe(1);
    expect(trustedProxyHops({ SIGHTLINE_TRUSTED_PROXY_HOPS: 'yes' })).toBe(0);
    expect(trustedProxyHops({})).toBe(0);
  });
});
