// Share links against the real PostgreSQL: hashing, lookup, expiry, revocation, passwords.
import { afterAll, describe, expect, it } from 'vitest';
import { sampleSnapshot } from '../../test/kits/report-snapshot';
import { hashToken } from '../auth/tokens';
import { closeDb, getPrisma } from '../db/client';
import { createShareLink, isUnlocked, listShareLinks, recordShareView, resolveShareToken, revokeShareLink, unlockShare } from './share-tokens';

afterAll(closeDb);

async function makeReport(): Promise<string> {
  const r = await getPrisma().report.create({ data: { title: 'T', summary: 'S', snapshot: sampleSnapshot() as object } });
  return r.id;
}

describe('share links', () => {
  it('give out a 256-bit token once and store only its hash', async () => {
    const reportId = await makeReport();
    const { id, token } = await createShareLink({ reportId, expiresInDays: 30 });
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const row = await getPrisma().shareLink.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const share = await resolveShareToken(token);
    expect(share?.linkId).toBe(id);
    expect(share?.snapshot.evidence).toEqual({}); // raw lines off by default
  });

  it('show raw lines only when allowed at share time', async () => {
    const { token } = await createShareLink({ reportId: await makeReport(), expiresInDays: 1, showRawLines: true });
    expect(Object.keys((await resolveShareToken(token))?.snapshot.evidence ?? {})).toEqual(['2']);
  });

  it('answer unknown, expired and revoked tokens identically (null)', async () => {
    const reportId = await makeReport();
    const now = new Date();
    const expired = await createShareLink({ reportId, expiresInDays: 1 }, new Date(now.getTime() - 2 * 86_400_000));
    const revoked = await createShareLink({ reportId, expiresInDays: 7 });
    await revokeShareLink(reportId, revoked.id);
    expect(await resolveShareToken(expired.token)).toBeNull();
    expect(await resolveShareToken(revoked.token)).toBeNull();
    expect(await resolveShareToken('A'.repeat(43))).toBeNull();
    const statuses = (await listShareLinks(reportId)).map((l) => l.status).sort();
    expect(statuses).toEqual(['expired', 'revoked']);
  });

  it('count views', async () => {
    const reportId = await makeReport();
    const { id } = await createShareLink({ reportId, expiresInDays: 7 });
    await recordShareView(id);
    await recordShareView(id);
    const [l] = await listShareLinks(reportId);
    expect(l?.viewCount).toBe(2);
    expect(l?.lastViewedAt).not.toBeNull();
  });

  it('protect with a hashed password and unlock only with the right one', async () => {
    const { id, token } = await createShareLink({ reportId: await makeReport(), expiresInDays: 7, password: 'for the board only' });
    const row = await getPrisma().shareLink.findUniqueOrThrow({ where: { id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    const share = await resolveShareToken(token);
    if (!share) throw new Error('link should resolve');
    expect(isUnlocked(share, undefined)).toBe(false);
    await expect(unlockShare(token, 'wrong', '192.0.2.7')).rejects.toMatchObject({ code: 'unauthorized' });
    const ok = await unlockShare(token, 'for the board only', '192.0.2.7');
    expect(isUnlocked(share, ok?.proof)).toBe(true);
    expect(isUnlocked(share, `${ok?.proof}x`)).toBe(false);
  });
});
