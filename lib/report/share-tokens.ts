// Public share links. The token (128+ bits from the CSPRNG, base64url) is shown once at
// creation and stored only as its sha256, so the link list can never re-display it and a
// database leak yields no working link. Unknown, expired and revoked tokens resolve to the
// same `null`, so the share page answers all three identically.
import crypto from 'node:crypto';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { claimAttempt, clearFailures, trimAttempts } from '../auth/rate-limit';
import { hashToken, isWellFormedToken, newToken } from '../auth/tokens';
import { getPrisma } from '../db/client';
import { AppError } from '../http/errors';
import { type ReportSnapshot, readSnapshot, snapshotForShare } from './snapshot';

export const SHARE_EXPIRY_DAYS = [1, 7, 30, 90] as const;
export const DEFAULT_SHARE_EXPIRY_DAYS = 30;

export interface ShareLinkRow {
  id: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  hasPassword: boolean;
  showRawLines: boolean;
  viewCount: number;
  lastViewedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

export interface CreateShareLinkInput {
  reportId: string;
  expiresInDays: (typeof SHARE_EXPIRY_DAYS)[number];
  password?: string;
  showRawLines?: boolean;
}

export async function createShareLink(i: CreateShareLinkInput, now = new Date()): Promise<{ id: string; token: string; expiresAt: string }> {
  const report = await getPrisma().report.findUnique({ where: { id: i.reportId }, select: { id: true } });
  if (!report) throw new AppError('not_found', `report ${i.reportId} not found`, 'This report does not exist.');
  const token = newToken();
  const expiresAt = new Date(now.getTime() + i.expiresInDays * 86_400_000);
  const link = await getPrisma().shareLink.create({
    data: {
      reportId: i.reportId,
      tokenHash: hashToken(token),
      expiresAt,
      createdAt: now,
      showRawLines: i.showRawLines ?? false,
      passwordHash: i.password ? await hashPassword(i.password) : null,
    },
  });
  return { id: link.id, token, expiresAt: expiresAt.toISOString() };
}

export async function listShareLinks(reportId: string, now = new Date()): Promise<ShareLinkRow[]> {
  const links = await getPrisma().shareLink.findMany({ where: { reportId }, orderBy: { createdAt: 'desc' } });
  return links.map((l) => ({
    id: l.id,
    createdAt: l.createdAt.toISOString(),
    expiresAt: l.expiresAt.toISOString(),
    revokedAt: l.revokedAt?.toISOString() ?? null,
    hasPassword: l.passwordHash !== null,
    showRawLines: l.showRawLines,
    viewCount: l.viewCount,
    lastViewedAt: l.lastViewedAt?.toISOString() ?? null,
    status: l.revokedAt ? 'revoked' : l.expiresAt <= now ? 'expired' : 'active',
  }));
}

export async function revokeShareLink(reportId: string, linkId: string, now = new Date()): Promise<void> {
  const n = await getPrisma().shareLink.updateMany({ where: { id: linkId, reportId, revokedAt: null }, data: { revokedAt: now } });
  if (n.count === 0 && !(await getPrisma().shareLink.findFirst({ where: { id: linkId, reportId } }))) {
    throw new AppError('not_found', `share link ${linkId} not found`, 'This share link does not exist.');
  }
}

export interface ResolvedShare {
  linkId: string;
  title: string;
  summary: string;
  snapshot: ReportSnapshot;
  needsPassword: boolean;
  /** Proof of a correct password for this link (the share cookie's expected value). */
  unlockProof: string | null;
  expiresAt: Date;
}

/** The live link behind a token, or null for unknown, expired and revoked alike. */
export async function resolveShareToken(token: string, now = new Date()): Promise<ResolvedShare | null> {
  if (!isWellFormedToken(token)) return null;
  const link = await getPrisma().shareLink.findUnique({ where: { tokenHash: hashToken(token) }, include: { report: true } });
  if (!link || link.revokedAt || link.expiresAt <= now) return null;
  return {
    linkId: link.id,
    title: link.report.title,
    summary: link.report.summary,
    snapshot: snapshotForShare(readSnapshot(link.report.snapshot), link.showRawLines),
    needsPassword: link.passwordHash !== null,
    unlockProof: link.passwordHash ? unlockProof(link.passwordHash, link.id) : null,
    expiresAt: link.expiresAt,
  };
}

// The unlock cookie is an HMAC keyed by the stored password hash: only the server (which
// holds the hash) can compute it, it needs no extra table or secret, and it stops working
// when the link disappears.
function unlockProof(passwordHash: string, linkId: string): string {
  return crypto.createHmac('sha256', passwordHash).update(`share-unlock:${linkId}`).digest('base64url');
}

export function isUnlocked(share: ResolvedShare, cookieValue: string | undefined): boolean {
  if (!share.needsPassword) return true;
  if (!cookieValue || !share.unlockProof) return false;
  const a = Buffer.from(cookieValue);
  const b = Buffer.from(share.unlockProof);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Checks a share password (rate-limited per link and client); returns the unlock proof. */
export async function unlockShare(token: string, password: string, ip: string, now = new Date()): Promise<{ proof: string; expiresAt: Date } | null> {
  if (!isWellFormedToken(token)) return null;
  const link = await getPrisma().shareLink.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!link || link.revokedAt || link.expiresAt <= now) return null;
  if (!link.passwordHash) return { proof: '', expiresAt: link.expiresAt };
  const key = { scope: 'share' as const, subject: link.id, ip };
  const claim = await claimAttempt(key, now);
  if (!claim.allowed)
    throw new AppError(
      'rate_limited',
      `share unlock rate limit ${link.id}`,
      `Too many wrong passwords. Try again in ${claim.retryAfterSeconds} s.`,
      claim.retryAfterSeconds,
    );
  if (!(await verifyPassword(password, link.passwordHash))) {
    await trimAttempts(now);
    throw new AppError('unauthorized', 'wrong share password', 'Wrong password.');
  }
  await clearFailures(key);
  return { proof: unlockProof(link.passwordHash, link.id), expiresAt: link.expiresAt };
}

/** Counts a view of the shared page (atomic increment, no read-modify-write race). */
export async function recordShareView(linkId: string, now = new Date()): Promise<void> {
  await getPrisma().shareLink.update({ where: { id: linkId }, data: { viewCount: { increment: 1 }, lastViewedAt: now } });
}

export function shareCookieName(linkId: string): string {
  return `sightline_share_${linkId.replace(/-/g, '')}`;
}

/** True when the token names a live (known, unexpired, unrevoked) link: proxy.ts's 404 gate. */
export async function isLiveShareToken(token: string, now = new Date()): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  const n = await getPrisma().shareLink.count({ where: { tokenHash: hashToken(token), revokedAt: null, expiresAt: { gt: now } } });
  return n > 0;
}
