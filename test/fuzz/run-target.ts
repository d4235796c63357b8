// Runs a target for a number of cases with fast-check and reports the first failure with
// what is needed to replay it (seed + path) and the shrunk input.
import fc from 'fast-check';
import type { FuzzTarget } from './targets';

export interface TargetReport {
  id: string;
  cases: number;
  failure?: { seed: number; path: string; error: string; stack?: string; input: string };
}

export async function runTarget(
  target: FuzzTarget,
  opts: { numRuns: number; seed: number; path?: string; onCase?: (index: number) => void },
): Promise<TargetReport> {
  let index = 0;
  const property = fc.asyncProperty(target.arbitrary, async (input) => {
    opts.onCase?.(index++);
    await target.run(input);
  });
  const result = await fc.check(property, { numRuns: opts.numRuns, seed: opts.seed, path: opts.path, endOnFailure: false, maxSkipsPerRun: 0 });
  if (!result.failed) return { id: target.id, cases: result.numRuns };
  const err = result.errorInstance as Error | undefined;
  return {
    id: target.id,
    cases: result.numRuns,
    failure: {
      seed: result.seed,
      path: result.counterexamplePath ?? '',
      error: err?.message ?? String(result.errorInstance),
      stack: err?.stack?.split('\n').slice(0, 8).join('\n'),
      input: result.counterexample ? target.describe(result.counterexample[0]) : '(none)',
    },
  };
}
