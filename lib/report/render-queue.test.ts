// Issue 20, finding 4: the PDF queue was unbounded, renders had no deadline and kept running
// for clients that had left. Tasks here are promises the test settles by hand: no timing.
import { describe, expect, it } from 'vitest';
import { AppError, errorResponse } from '../http/errors';
import { RenderQueue } from './render-queue';
import { SHARE_PDF_PER_ADDRESS, SHARE_PDF_WINDOW_MS, SlidingWindowLimiter, takeSharePdfRender } from './share-pdf-limit';

function deferred() {
  let resolve!: (v: string) => void;
  const promise = new Promise<string>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('RenderQueue', () => {
  it('one runs, a few wait, the rest get 429 with Retry-After', async () => {
    const q = new RenderQueue({ maxRunning: 1, maxWaiting: 2, timeoutMs: 60_000 });
    const first = deferred();
    const running = q.run(() => first.promise);
    const waiting = [q.run(async () => 'second'), q.run(async () => 'third')];
    const refused = await q.run(async () => 'fourth').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    const res = errorResponse(refused);
    expect(res.status).toBe(429);
    expect(res.headers.get('Retry-After')).toBe('60');
    first.resolve('first');
    expect(await Promise.all([running, ...waiting])).toEqual(['first', 'second', 'third']);
    expect(q.size).toEqual({ running: 0, waiting: 0 });
  });

  it('a client that leaves while waiting gives up its place; one that leaves while running aborts its render', async () => {
    const q = new RenderQueue({ maxRunning: 1, maxWaiting: 2, timeoutMs: 60_000 });
    const first = deferred();
    let sawAbort = false;
    const client = new AbortController();
    const running = q.run((signal) => {
      signal.addEventListener('abort', () => {
        sawAbort = true;
      });
      return first.promise;
    }, client.signal);
    const waiter = new AbortController();
    const waiting = q.run(async () => 'never', waiter.signal);
    waiter.abort();
    await expect(waiting).rejects.toThrow('client disconnected');
    expect(q.size.waiting).toBe(0);
    client.abort();
    await expect(running).rejects.toThrow('client disconnected');
    expect(sawAbort).toBe(true);
    expect(q.size.running).toBe(0);
  });

  it('a render past its deadline is aborted', async () => {
    const q = new RenderQueue({ maxRunning: 1, maxWaiting: 0, timeoutMs: 1 });
    const never = new Promise<string>(() => {});
    await expect(q.run(() => never)).rejects.toThrow('PDF render timed out');
    expect(q.size.running).toBe(0);
  });
});

describe('share PDF limits', () => {
  it('per address, then the window moves on', () => {
    const limiter = new SlidingWindowLimiter(2, 1000);
    expect(limiter.take('a', 0)).toBeUndefined();
    expect(limiter.take('a', 10)).toBeUndefined();
    expect(limiter.take('a', 20)).toBe(1);
    expect(limiter.take('b', 20)).toBeUndefined();
    expect(limiter.take('a', 1001)).toBeUndefined();
  });

  it(`one address gets ${SHARE_PDF_PER_ADDRESS} renders per window, then 429`, () => {
    const link = crypto.randomUUID();
    const now = 1_000_000;
    for (let i = 0; i < SHARE_PDF_PER_ADDRESS; i++) takeSharePdfRender(link, '198.51.100.77', now);
    expect(() => takeSharePdfRender(link, '198.51.100.77', now)).toThrow(AppError);
    expect(() => takeSharePdfRender(link, '198.51.100.77', now + SHARE_PDF_WINDOW_MS)).not.toThrow();
  });
});
