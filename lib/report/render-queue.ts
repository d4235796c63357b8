// PDF renders run one at a time (each Chromium takes ~150 MB) behind a short queue. Before
// this the queue was unbounded, a render had no timeout and a client that left kept its render:
// 30 requests closed after 0.5 s made the owner's own PDF take 60 s instead of 3.5 s, and one
// report with 1 MiB lines rendered for 16 minutes with a 9.4 GB renderer (issue 20, finding 4).
// Now: at most `maxWaiting` wait (the rest get 429 with Retry-After), every render gets a
// deadline, and a waiting or running render is abandoned when its client disconnects.
import { AppError } from '../http/errors';

export interface RenderQueueOptions {
  maxRunning: number;
  maxWaiting: number;
  timeoutMs: number;
}

export const DEFAULT_RENDER_QUEUE: RenderQueueOptions = { maxRunning: 1, maxWaiting: 3, timeoutMs: 90_000 };

/** A task gets a signal that aborts on timeout or when its client leaves; it must stop then. */
export type RenderTask<T> = (signal: AbortSignal) => Promise<T>;

export class RenderQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly opts: RenderQueueOptions = DEFAULT_RENDER_QUEUE) {}

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: RenderTask<T>, clientSignal?: AbortSignal): Promise<T> {
    if (this.running >= this.opts.maxRunning && this.waiting.length >= this.opts.maxWaiting) {
      const retry = Math.ceil(this.opts.timeoutMs / 1000);
      throw new AppError('rate_limited', 'PDF render queue full', 'Other PDFs are being made. Try again shortly.', retry);
    }
    if (this.running >= this.opts.maxRunning) await this.waitTurn(clientSignal);
    this.running++;
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new AppError('rate_limited', 'PDF render timed out', 'The PDF took too long to make.', 60)),
      this.opts.timeoutMs,
    );
    const onClientGone = () => controller.abort(new Error('client disconnected'));
    clientSignal?.addEventListener('abort', onClientGone, { once: true });
    try {
      if (clientSignal?.aborted) throw new Error('client disconnected');
      return await Promise.race([
        task(controller.signal),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })),
      ]);
    } finally {
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientGone);
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private waitTurn(clientSignal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const turn = () => {
        clientSignal?.removeEventListener('abort', leave);
        resolve();
      };
      const leave = () => {
        const i = this.waiting.indexOf(turn);
        if (i !== -1) this.waiting.splice(i, 1);
        reject(new Error('client disconnected'));
      };
      clientSignal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(turn);
    });
  }
}
