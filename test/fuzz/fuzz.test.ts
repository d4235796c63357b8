// Bounded fuzz run for the test suite: every format in the registry, the archive walker and
// the sniffer, a few hundred generated/mutated cases each (seeded from the fixtures when
// present). `npm run fuzz` runs the same targets for ≥100 000 cases each.
import { afterAll, describe, expect, it } from 'vitest';
import { allFormats } from '../../lib/ingest/registry';
import { cleanupArchiveFuzz } from './check-archive';
import { runTarget } from './run-target';
import { loadSeeds } from './seeds';
import { allTargets } from './targets';

const CASES = Number(process.env.SIGHTLINE_FUZZ_CASES ?? 400);
// A fixed seed keeps the suite reproducible; set SIGHTLINE_FUZZ_SEED to explore.
const SEED = Number(process.env.SIGHTLINE_FUZZ_SEED ?? 20260308);

afterAll(cleanupArchiveFuzz);

describe('fuzz', () => {
  const targets = allTargets();

  it('covers every registered format, the archive walker and the sniffer', () => {
    expect(targets.map((t) => t.id).sort()).toEqual([...allFormats.map((f) => f.id), 'archive-walk', 'sniff'].sort());
    for (const f of allFormats) expect(loadSeeds().byFormat.get(f.id)?.length, f.id).toBeGreaterThan(0);
  });

  it.each(targets.map((t) => [t.id, t] as const))('%s: records or located issues, no throw, no hang, bounded output', async (_id, target) => {
    const report = await runTarget(target, { numRuns: CASES, seed: SEED });
    expect(report.failure, JSON.stringify(report.failure, null, 2)).toBeUndefined();
    expect(report.cases).toBe(CASES);
  });
});
