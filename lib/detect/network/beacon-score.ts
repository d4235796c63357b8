// RITA v5's beacon score over one pair's aggregate statistics (activecm/rita
// analysis/beacons.go, default_config.hjson; docs/ANCHORS.md#rita-beacon). Pure: the SQL computes the
// quartiles, MADs and histograms; this combines them exactly as RITA describes.

export interface Quartiles {
  q1: number;
  q2: number;
  q3: number;
  /** Median absolute deviation from q2. */
  mad: number;
}

export interface BeaconStats {
  /** Unique connection timestamps. */
  timestamps: number;
  /** Intervals between unique timestamps that are > 0. */
  nonZeroIntervals: number;
  intervals: Quartiles | null;
  sizeSamples: number;
  sizes: Quartiles | null;
  /** Connections per hourly bin, 24 bins. */
  hourly: number[];
  /** Distinct absolute hours (since the dataset start) with a connection, ascending. */
  hoursSeen: number[];
  /** Pair span / dataset span, 0–1. */
  coverage: number;
}

export interface BeaconConfig {
  weights: {
    timestamp: number;
    datasize: number;
    duration: number;
    histogram: number;
  };
  durationMinHoursSeen: number;
  durationIdealHoursSeen: number;
  modeSensitivity: number;
  bimodalOutlierRemoval: number;
  bimodalMinHoursSeen: number;
}

export const RITA_BEACON: BeaconConfig = {
  weights: { timestamp: 0.25, datasize: 0.25, duration: 0.25, histogram: 0.25 },
  durationMinHoursSeen: 6,
  durationIdealHoursSeen: 12,
  modeSensitivity: 0.05,
  bimodalOutlierRemoval: 1,
  bimodalMinHoursSeen: 11,
};

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** Bowley skew, forced to 0 when the IQR < 10 or the median equals a quartile (RITA). */
export function bowleySkew({ q1, q2, q3 }: Quartiles): number {
  const iqr = q3 - q1;
  if (iqr < 10 || q2 === q1 || q2 === q3) return 0;
  return (q1 + q3 - 2 * q2) / iqr;
}

/** (median − MAD) / median, floored at 0; a zero median with no spread is perfectly regular. */
export function madScore({ q2, mad }: Quartiles): number {
  if (q2 <= 0) return mad === 0 ? 1 : 0;
  return clamp01((q2 - mad) / q2);
}

/** RITA's sub-score of one series: mean of (1 − |Bowley skew|) and the MAD score. */
export function spreadScore(q: Quartiles | null): number {
  if (q === null) return 0;
  return (1 - Math.abs(bowleySkew(q)) + madScore(q)) / 2;
}

export function histogramScore(hourly: number[], hoursSeenCount: number, cfg: BeaconConfig = RITA_BEACON): number {
  const n = hourly.length;
  if (n === 0) return 0;
  const mean = hourly.reduce((a, b) => a + b, 0) / n;
  if (mean === 0) return 0;
  const sd = Math.sqrt(hourly.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const cvScore = clamp01(1 - sd / mean);
  let bimodal = 0;
  const max = Math.max(...hourly);
  if (hoursSeenCount >= cfg.bimodalMinHoursSeen && max > 0) {
    // Bins are grouped into buckets 5 % of the busiest bin wide; a beacon that sleeps at night
    // has two modes (0 and its rate), which the two largest buckets capture.
    const bucket = Math.max(max * cfg.modeSensitivity, Number.EPSILON);
    const freq = new Map<number, number>();
    for (const c of hourly) freq.set(Math.floor(c / bucket), (freq.get(Math.floor(c / bucket)) ?? 0) + 1);
    const top = [...freq.values()].sort((a, b) => b - a);
    bimodal = clamp01(((top[0] ?? 0) + (top[1] ?? 0)) / Math.max(n - cfg.bimodalOutlierRemoval, 1));
  }
  return Math.max(cvScore, bimodal);
}

export function longestRun(hours: number[]): number {
  let best = 0;
  let run = 0;
  let prev: number | undefined;
  for (const h of hours) {
    run = prev !== undefined && h === prev + 1 ? run + 1 : 1;
    best = Math.max(best, run);
    prev = h;
  }
  return best;
}

export function durationScore(stats: BeaconStats, cfg: BeaconConfig = RITA_BEACON): number {
  if (stats.hoursSeen.length <= cfg.durationMinHoursSeen) return 0;
  const consistency = longestRun(stats.hoursSeen) / cfg.durationIdealHoursSeen;
  return clamp01(Math.max(stats.coverage, consistency));
}

export interface BeaconScore {
  timestamp: number;
  datasize: number;
  duration: number;
  histogram: number;
  score: number;
}

export function beaconScore(stats: BeaconStats, cfg: BeaconConfig = RITA_BEACON): BeaconScore {
  const timestamp = stats.timestamps >= 4 && stats.nonZeroIntervals >= 3 ? spreadScore(stats.intervals) : 0;
  const datasize = stats.sizeSamples >= 3 ? spreadScore(stats.sizes) : 0;
  const duration = durationScore(stats, cfg);
  const histogram = histogramScore(stats.hourly, stats.hoursSeen.length, cfg);
  const w = cfg.weights;
  const raw = w.timestamp * timestamp + w.datasize * datasize + w.duration * duration + w.histogram * histogram;
  return {
    timestamp,
    datasize,
    duration,
    histogram,
    score: Math.round(raw * 1000) / 1000,
  };
}

/** Quartiles and MAD as PostgreSQL's percentile_cont computes them (linear interpolation). */
export function quartiles(values: readonly number[]): Quartiles | null {
  if (values.length === 0) return null;
  const v = [...values].sort((x, y) => x - y);
  const pct = (arr: number[], p: number): number => {
    const pos = (arr.length - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return (arr[lo] ?? 0) + ((arr[hi] ?? 0) - (arr[lo] ?? 0)) * (pos - lo);
  };
  const q2 = pct(v, 0.5);
  const dev = v.map((x) => Math.abs(x - q2)).sort((x, y) => x - y);
  return { q1: pct(v, 0.25), q2, q3: pct(v, 0.75), mad: pct(dev, 0.5) };
}

export interface BurstConfig {
  /** Fewest connections in a burst. */
  minConnections: number;
  /** The burst's median interval must lie in [minInterval, maxInterval] seconds. */
  minInterval: number;
  maxInterval: number;
  /** All `minConnections` must fit in this many seconds. */
  windowSeconds: number;
}

export interface Burst {
  /** Index range [from, to] into the timestamps. */
  from: number;
  to: number;
  connections: number;
  medianInterval: number;
  timestamp: number;
  datasize: number;
  /** Mean of the two regularity sub-scores: RITA's weights over the sub-scores a burst can have (duration and histogram need hours). */
  score: number;
}

/**
 * Dense bursts a RITA score cannot see: its duration and histogram sub-scores need hours, so a
 * loop that calls home every 5–60 s for a few minutes scores at most 0.5. The pair's timeline is
 * cut where a gap exceeds twice the longest interval; a stretch with ≥ `minConnections`
 * connections inside `windowSeconds` and a median interval in range is a burst, scored by RITA's
 * own timestamp and data-size sub-scores over its connections. Returns the best burst or null.
 */
export function bestBurst(times: readonly number[], sizes: readonly number[], cfg: BurstConfig): Burst | null {
  let best: Burst | null = null;
  let start = 0;
  for (let i = 1; i <= times.length; i++) {
    const end = i === times.length || (times[i] ?? 0) - (times[i - 1] ?? 0) > 2 * cfg.maxInterval;
    if (!end) continue;
    const from = start;
    const to = i - 1;
    start = i;
    // Unique connection times, as RITA counts them.
    const uniq = [...new Set(times.slice(from, to + 1))];
    if (uniq.length < cfg.minConnections) continue;
    // Dense: some run of minConnections fits in the window.
    let dense = false;
    for (let k = 0; k + cfg.minConnections - 1 < uniq.length && !dense; k++) {
      dense = (uniq[k + cfg.minConnections - 1] ?? 0) - (uniq[k] ?? 0) <= cfg.windowSeconds;
    }
    if (!dense) continue;
    const intervals = uniq.slice(1).map((x, k) => x - (uniq[k] ?? 0));
    const iq = quartiles(intervals);
    if (iq === null || iq.q2 < cfg.minInterval || iq.q2 > cfg.maxInterval) continue;
    const timestamp = spreadScore(iq);
    const datasize = spreadScore(quartiles(sizes.slice(from, to + 1)));
    const score = Math.round(((timestamp + datasize) / 2) * 1000) / 1000;
    if (best === null || score > best.score) best = { from, to, connections: uniq.length, medianInterval: iq.q2, timestamp, datasize, score };
  }
  return best;
}
