// The compare page's one call: the selected assessments (a series of one environment, in
// analysis order), the oldest against the newest, and the per-stage trend across all of them.
import { AppError } from '../http/errors';
import { getCompareSide } from '../queries/get-compare-side';
import { getStageVerdicts } from '../verdicts/get-stage-verdicts';
import type { StageVerdict } from '../verdicts/stage-verdicts';
import { type Comparison, compareAssessments } from './compare-assessments';
import { orderSeries, stageTrend, type TrendPoint } from './stage-trend';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_SERIES = 12;

export interface LoadedComparison {
  beforeId: string;
  afterId: string;
  comparison: Comparison;
  trend: TrendPoint[];
  /** The right-tool verdict per stage on each side of the series, oldest first. */
  verdicts: { name: string; verdicts: StageVerdict[] }[];
}

export async function loadComparison(ids: string[]): Promise<LoadedComparison> {
  const unique = [...new Set(ids)];
  if (unique.length < 2) throw new AppError('bad_request', 'fewer than two assessments', 'Choose at least two assessments to compare.');
  if (unique.length > MAX_SERIES) throw new AppError('bad_request', 'too many assessments', `Choose at most ${MAX_SERIES} assessments.`);
  for (const id of unique) if (!UUID.test(id)) throw new AppError('not_found', `assessment ${id} not found`, 'This assessment does not exist.');
  const series = orderSeries(await Promise.all(unique.map((id) => getCompareSide(id))));
  const before = series[0] as (typeof series)[number];
  const after = series[series.length - 1] as (typeof series)[number];
  const verdicts = await Promise.all(series.map(async (s) => ({ name: s.name, verdicts: await getStageVerdicts(s.id) })));
  return { beforeId: before.id, afterId: after.id, comparison: compareAssessments(before, after), trend: stageTrend(series), verdicts };
}
