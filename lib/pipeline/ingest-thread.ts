// A lane of uploads ingested in a thread of its own. Parsing is JavaScript on one thread: two
// uploads ingested at once on the same thread take as long as one after the other (the week's
// log bundle and flow exports: 72.7 s one after the other, 75.8 s as two lanes on one thread,
// `sightline analyze` on 2 cores), because Node's thread, not PostgreSQL, is the bound (33.5 s of
// its CPU in 41 s of ingest). In a thread of its own the second lane runs on the second core:
// 46.4 → 35.1 s for the same three uploads (bench/README.md, 2026-12-07). The thread has its own
// V8 heap and its own database pool, and reports each upload's end as `runIngest` returns it.
import { Worker } from 'node:worker_threads';
import type { IngestResult } from './ingest-upload';

/** What the thread posts: an upload begun, ended (`result` as runIngest returns it), or a crash. */
export type LaneMessage =
  | { type: 'start'; uploadId: string }
  | { type: 'done'; uploadId: string; result: IngestResult | undefined }
  | { type: 'crash'; message: string };

/**
 * The thread's entry, beside this module: `ingest-thread-main.mjs` when this runs built (the
 * CLI's bundle in dist/; scripts/build-node.mjs builds both), the TypeScript source under tsx or
 * Vitest, loaded through tsx's loader registered in the thread.
 */
function startThread(uploadIds: string[]): Worker {
  const here = import.meta.url;
  if (!/\.[cm]?ts$/.test(new URL(here).pathname)) return new Worker(new URL('./ingest-thread-main.mjs', here), { workerData: { uploadIds } });
  const entry = new URL('./ingest-thread-main.ts', here).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: { uploadIds } });
}

/**
 * Ingests `uploadIds` in turn in a new thread; `onStart` and `onDone` run on this thread as each
 * upload begins and ends. Rejects on a crash (what `runIngest` throws: not the input's fault),
 * after the thread has ended.
 */
export function runIngestInThread(
  uploadIds: string[],
  on: { onStart?: (uploadId: string) => void; onDone?: (uploadId: string, result: IngestResult | undefined) => void } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = startThread(uploadIds);
    let crash: Error | undefined;
    worker.on('message', (m: LaneMessage) => {
      if (m.type === 'start') on.onStart?.(m.uploadId);
      else if (m.type === 'done') on.onDone?.(m.uploadId, m.result);
      else crash = new Error(m.message);
    });
    worker.on('error', (err) => {
      crash ??= err;
    });
    worker.on('exit', (code) => {
      if (!crash && code !== 0) crash = new Error(`the ingest thread stopped with code ${code}`);
      if (crash) reject(crash);
      else resolve();
    });
  });
}
