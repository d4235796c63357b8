// Peak memory of the processes that ingest (the CLI and the job worker). Ingest's live set is
// small and flat (~100 MB with Prisma and pg loaded: buffers, the stitch window, rollups), but
// with V8's default heap growth the old generation grows to several times the live set before a
// full collection, so a 1 M-flow ingest peaked at 485–530 MiB RSS, most of it garbage. Growing
// the heap by only a tenth over what survived the last full collection keeps the peak under
// 300 MB (bench/README.md) without a hard cap: a larger live set (a big analysis) still gets
// the memory it needs, where `--max-old-space-size` would end the process. The flag is read at
// each collection, so setting it at start-up is enough (no re-exec).
import v8 from 'node:v8';

/** Heap growth over the live set, percent (V8's --heap-growing-percent). */
export const DEFAULT_HEAP_GROWING_PERCENT = 10;

/** Applies SIGHTLINE_HEAP_GROWING_PERCENT (default 10; 0 leaves V8's own heuristics). */
export function holdHeapNearLiveSet(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SIGHTLINE_HEAP_GROWING_PERCENT;
  const pct = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw);
  if (!Number.isInteger(pct) || pct < 0 || pct > 1000) throw new Error(`SIGHTLINE_HEAP_GROWING_PERCENT=${raw}: not a whole percent (0–1000)`);
  if (pct > 0) v8.setFlagsFromString(`--heap-growing-percent=${pct}`);
  return pct;
}
