// The growth ratio of one complexity case: time for the line of 4n repetitions over time for
// n, measured in the same run. A ratio, not a timed assertion: a slow or busy machine slows
// both sides alike. Each side repeats its call until the short side has run ≥ 20 ms, and the
// best of `trials` is kept, so timer resolution and a stray collection do not decide it.
import type { ComplexityCase } from './regex-cases';

function timeCalls(run: (line: string) => void, line: string, calls: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) run(line);
  return Number(process.hrtime.bigint() - start);
}

export function growthRatio(c: ComplexityCase, n: number, trials = 3): number {
  const short = c.line(n);
  const long = c.line(4 * n);
  let calls = 1;
  while (timeCalls(c.run, short, calls) < 20e6 && calls < 1 << 20) calls *= 2;
  let best = Number.POSITIVE_INFINITY;
  for (let t = 0; t < trials; t++) best = Math.min(best, timeCalls(c.run, long, calls) / timeCalls(c.run, short, calls));
  return best;
}

/** The bound: a 4× longer adversarial line may take at most 6× as long. */
export const MAX_GROWTH_RATIO = 6;
