// The `complexity` fuzz target group: every regex applied to log text, fed its own repeated
// prefix at n and 4n repetitions; a ratio above 6 is a failure (super-linear matching on
// attacker text: issue 20, finding 3). The Vitest copy (test/complexity.test.ts) uses n = 1000.
import { growthRatio, MAX_GROWTH_RATIO } from '../test/complexity/measure';
import { COMPLEXITY_CASES } from '../test/complexity/regex-cases';

export const COMPLEXITY_TARGET = 'complexity';

export interface ComplexityFailure {
  case: string;
  ratio: number;
  error: string;
}

/** Runs every case at `n` repetitions; `onCase` is called before each (for the watchdog). */
export function runComplexity(n: number, onCase: (index: number) => void): { cases: number; failures: ComplexityFailure[] } {
  const failures: ComplexityFailure[] = [];
  COMPLEXITY_CASES.forEach((c, index) => {
    onCase(index);
    const ratio = growthRatio(c, n);
    if (ratio > MAX_GROWTH_RATIO) {
      failures.push({ case: c.name, ratio, error: `a 4× longer line took ${ratio.toFixed(1)}× as long (limit ${MAX_GROWTH_RATIO}×)` });
    }
  });
  return { cases: COMPLEXITY_CASES.length, failures };
}
