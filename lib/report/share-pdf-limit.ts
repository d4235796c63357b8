// Share-link PDF renders are the one anonymous request that costs a Chromium, so they are
// counted per link and per client address (issue 20, finding 4). In memory: renders run in
// this process, and a restart that forgets the counts also forgets the renders.
import { AppError } from '../http/errors';

export const SHARE_PDF_WINDOW_MS = 10 * 60_000;
export const SHARE_PDF_PER_LINK = 10;
export const SHARE_PDF_PER_ADDRESS = 5;
const MAX_KEYS = 10_000;

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a hit for `key`, or returns the seconds until one is allowed. */
  take(key: string, now = Date.now()): number | undefined {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? now) + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.delete(key);
    this.hits.set(key, recent);
    // Bounded: the least recently used key goes first.
    if (this.hits.size > MAX_KEYS) this.hits.delete(this.hits.keys().next().value as string);
    return undefined;
  }
}

const perLink = new SlidingWindowLimiter(SHARE_PDF_PER_LINK, SHARE_PDF_WINDOW_MS);
const perAddress = new SlidingWindowLimiter(SHARE_PDF_PER_ADDRESS, SHARE_PDF_WINDOW_MS);

/** Throws a 429 (with Retry-After) when this link or this address has had its share of PDFs. */
export function takeSharePdfRender(linkId: string, address: string, now = Date.now()): void {
  const wait = perAddress.take(address, now) ?? perLink.take(linkId, now);
  if (wait !== undefined)
    throw new AppError('rate_limited', `share PDF limit ${linkId} ${address}`, `Too many PDFs of this report. Try again in ${wait} s.`, wait);
}
