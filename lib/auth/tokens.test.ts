import { describe, expect, it } from 'vitest';
import { hashToken, isWellFormedToken, newToken } from './tokens';

describe('random tokens', () => {
  it('carry 256 bits as 43 base64url characters', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
  });

  it('do not repeat and use the whole alphabet (entropy sanity check)', () => {
    const tokens = Array.from({ length: 2000 }, () => newToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    // Over 2000×32 random bytes every byte value appears, and each bit is set about half the time.
    const bytes = Buffer.concat(tokens.map((t) => Buffer.from(t, 'base64url')));
    expect(new Set(bytes).size).toBe(256);
    let ones = 0;
    for (const b of bytes) for (let i = 0; i < 8; i++) ones += (b >> i) & 1;
    expect(ones / (bytes.length * 8)).toBeGreaterThan(0.49);
    expect(ones / (bytes.length * 8)).toBeLessThan(0.51);
  });

  it('are stored as a sha256 digest that differs from the token', () => {
    const t = newToken();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
    expect(hashToken(t)).toBe(hashToken(t));
  });

  it.each([undefined, '', 'short', 'has spaces in it and is long enough', 'a'.repeat(65), '../../etc/passwd/aaaaaaaaaaaa'])('refuses malformed %j', (t) => {
    expect(isWellFormedToken(t)).toBe(false);
  });
});
