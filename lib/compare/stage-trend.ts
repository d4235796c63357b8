// A series of assessments of one environment is the user's own selection on the compare page,
// ordered by when each was analysed (oldest first). Per stage, how much of it the two sources
// saw, one point per assessment: the trend line.
import { STAGES, type Stage } from '../stages';
import { type CompareSide, sawIt } from './compare-assessments';

export interface TrendPoint {
  name: string;
  analyzedAt: string | null;
  /**
   * Per stage: percentage of (activity, source) pairs that saw something — the share behind the
   * DeTT&CT-style technique visibility (get-technique-visibility.ts); 100 = both sources saw every
   * activity, 50 = one source each time. Null when the stage has no activities.
   */
  seen: Record<Stage, number | null>;
  network: Record<Stage, number>;
  logs: Record<Stage, number>;
  total: Record<Stage, number>;
}

export function orderSeries<T extends Pick<CompareSide, 'analyzedAt'>>(sides: T[]): T[] {
  return [...sides].sort((a, b) => (a.analyzedAt ?? '').localeCompare(b.analyzedAt ?? ''));
}

export function stageTrend(series: CompareSide[]): TrendPoint[] {
  return series.map((side) => {
    const zero = () => Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    const network = zero();
    const logs = zero();
    const total = zero();
    for (const a of side.activities) {
      const s = a.stage as Stage;
      if (!(s in total)) continue;
      total[s]++;
      if (sawIt(a.network)) network[s]++;
      if (sawIt(a.logs)) logs[s]++;
    }
    const seen = Object.fromEntries(STAGES.map((s) => [s, total[s] ? Math.round((100 * (network[s] + logs[s])) / (2 * total[s])) : null])) as Record<
      Stage,
      number | null
    >;
    return { name: side.name, analyzedAt: side.analyzedAt ?? null, seen, network, logs, total };
  });
}
