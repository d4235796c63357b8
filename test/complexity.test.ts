// The small version of the complexity target (`npm run fuzz -- --target complexity` runs it
// with lines 16× longer): every regex applied to log text grows at most linearly.
import { describe, expect, it } from 'vitest';
import { growthRatio, MAX_GROWTH_RATIO } from './complexity/measure';
import { COMPLEXITY_CASES } from './complexity/regex-cases';

describe('no super-linear matching on attacker text', () => {
  it.each(COMPLEXITY_CASES.map((c) => [c.name, c] as const))('%s: a 4× longer line takes at most 6× as long', (_name, c) => {
    expect(growthRatio(c, 1000)).toBeLessThanOrEqual(MAX_GROWTH_RATIO);
  });

  it('the measure sees a quadratic pattern (the old CRON_CMD)', () => {
    const old = /^\((.*?)\) CMD \((.*)\)$/;
    const ratio = growthRatio({ name: 'old', line: (n) => `(${'a) CMD ('.repeat(n)}x`, run: (l) => void old.exec(l) }, 1000);
    expect(ratio).toBeGreaterThan(MAX_GROWTH_RATIO);
  });
});
