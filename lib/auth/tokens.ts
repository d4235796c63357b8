// Random bearer tokens (session cookies, share links): 256 bits from the CSPRNG, sent as
// base64url, stored only as a sha256 hex digest so a database leak reveals no usable token.
// sha256 without salt is enough here: the input has 256 bits of entropy, nothing to guess.
import crypto from 'node:crypto';

export const TOKEN_BYTES = 32;

export function newToken(bytes = TOKEN_BYTES): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before touching the database (and in proxy.ts). */
export function isWellFormedToken(token: string | undefined): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{22,64}$/.test(token);
}
