// Peak memory of the processes that ingest (the CLI and the job worker). Ingest's live set is
// small and flat (~100 MB with Prisma and pg loaded: buffers, the stitch window, rollups), but
// with V8's default heap growth the old generation grows to several times the live set before a
// full collection, so a 1 M-flow ingest peaked at ~650 MiB RSS, most of it garbage. Growing
// the heap by half over what survived the last full collection halves that peak (below)
// without a hard cap: a larger live set (a big analysis) still gets the memory it needs, where
// `--max-old-space-size` would end the process. The flag is read at each collection, so setting
// it at start-up is enough (no re-exec). Measured on a 1 M-row nfdump CSV (bench/README.md,
// 2026-12-06): 0 → 12.3 s, 656 MiB; 50 → 12.5–12.9 s, 327–389 MiB (three runs); 25 → 14.0 s,
// 313 MiB; 10 → 27 s, 333 MiB (twice the time for no memory saved; not traced, presumably
// full collections far more often with a tenth of headroom).
import v8 from 'node:v8';

/** Heap growth over the live set, percent (V8's --heap-growing-percent). */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

/** Applies SIGHTLINE_HEAP_GROWING_PERCENT (default 50; 0 leaves V8's own heuristics). */
export function holdHeapNearLiveSet(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SIGHTLINE_HEAP_GROWING_PERCENT;
  const pct = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw);
  if (!Number.isInteger(pct) || pct < 0 || pct > 1000) throw new Error(`SIGHTLINE_HEAP_GROWING_PERCENT=${raw}: not a whole percent (0–1000)`);
  if (pct > 0) v8.setFlagsFromString(`--heap-growing-percent=${pct}`);
  return pct;
}
