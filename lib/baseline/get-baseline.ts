import { AppError } from '../http/errors';
import { getTechniqueVisibility } from '../queries/get-technique-visibility';
import { type BaselineRow, compareBaseline } from './compare-baseline';
import { BaselineError, readNavigatorLayer } from './read-navigator-layer';

/** The team's Navigator layer against this assessment's measured visibility; nothing is stored. */
export async function getBaselineComparison(assessmentId: string, layerText: string): Promise<BaselineRow[]> {
  let expected: ReturnType<typeof readNavigatorLayer>;
  try {
    expected = readNavigatorLayer(layerText);
  } catch (err) {
    if (err instanceof BaselineError) throw new AppError('bad_request', err.message, err.message);
    throw err;
  }
  return compareBaseline(expected, await getTechniqueVisibility(assessmentId));
}
