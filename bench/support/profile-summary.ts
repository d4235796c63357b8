// Self time per function from a V8 .cpuprofile (node --cpu-prof), top N: where an ingest
// spends its CPU. "(idle)" is time the process waited (on PostgreSQL or the disk).
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  hitCount?: number;
}

export interface HotSpot {
  fn: string;
  where: string;
  selfPct: number;
  selfMs: number;
}

export function summarizeProfile(file: string, top = 15): { totalMs: number; hotSpots: HotSpot[] } {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
  const totalMs = (prof.endTime - prof.startTime) / 1000;
  const totalHits = prof.samples.length || 1;
  const byKey = new Map<string, { fn: string; where: string; hits: number }>();
  for (const n of prof.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const rel = url.includes('/node_modules/') ? `node_modules/${url.split('/node_modules/').pop()}` : url ? path.relative(process.cwd(), url) : '';
    // Line:column of the code as tsx compiled it (esbuild keeps a file on a few long lines).
    const where = rel ? `${rel}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber ?? 0}` : '';
    const fn = n.callFrame.functionName || '(anonymous)';
    const key = `${fn}@${where}`;
    const e = byKey.get(key) ?? { fn, where, hits: 0 };
    e.hits += hits;
    byKey.set(key, e);
  }
  const hotSpots = [...byKey.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((e) => ({ fn: e.fn, where: e.where, selfPct: Math.round((e.hits / totalHits) * 1000) / 10, selfMs: Math.round((e.hits / totalHits) * totalMs) }));
  return { totalMs: Math.round(totalMs), hotSpots };
}

/**
 * The main thread's profile in `dir`: --cpu-prof writes one per thread (tsx's loader runs in a
 * worker that is idle throughout); the main thread's is the largest.
 */
export function mainThreadProfile(dir: string): string | undefined {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
  return files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
}
