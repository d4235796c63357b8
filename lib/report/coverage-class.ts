// The five headline classes an activity falls in, written once: the tiles, the stage chart's
// series and the answer's sentences all count with `coverageClass`, so their numbers agree.
//
// "Unknown" is not "the other source missed it": the source that held nothing cannot be tied to
// the activity's host at all (the host has no known address a flow could carry, or its address
// may belong to a host whose logs arrived under a name not yet tied to it), so its silence says
// nothing. A host known to send no logs is the logs' blind spot: network only.
import type { Visibility } from '../stages';
import { activityClassOf } from '../visibility-class';

export const COVERAGE_CLASSES = ['networkOnly', 'logsOnly', 'bothDetected', 'oneWithEvidence', 'unknown'] as const;
export type CoverageClass = (typeof COVERAGE_CLASSES)[number];

/** One name per class, used verbatim by the tile and by the chart series. */
export const COVERAGE_CLASS_LABELS: Record<CoverageClass, string> = {
  networkOnly: 'Network only',
  logsOnly: 'Logs only',
  bothDetected: 'Both detected',
  oneWithEvidence: 'One detected, evidence in the other',
  unknown: 'Unknown',
};

export const COVERAGE_CLASS_HINTS: Record<CoverageClass, string> = {
  networkOnly: 'the logs hold no record of it',
  logsOnly: 'no flow record of it',
  bothDetected: 'a detector fired on each source',
  oneWithEvidence: 'the other source holds records but raised nothing',
  unknown: 'the silent source does not cover the host',
};

/** One colour per class (CSS variables of app/globals.css), shared by the tiles and the chart. */
export const CLASS_COLORS: Record<CoverageClass, string> = {
  networkOnly: 'var(--color-net)',
  logsOnly: 'var(--color-logs)',
  bothDetected: 'var(--color-both)',
  oneWithEvidence: 'var(--color-both-soft)',
  unknown: 'var(--color-unknown)',
};

export interface ClassInput {
  network: Visibility;
  logs: Visibility;
  /** The activity's host has an address a flow could carry. */
  hostHasAddress: boolean;
}

export function coverageClass(a: ClassInput): CoverageClass {
  // The visibility class (lib/visibility-class.ts) refined: how both saw it, and whether a
  // silent source could have seen it at all — stored as `unknown` by correlation; a host
  // without an address still decides for activities stored before that state existed.
  const cls = activityClassOf(a.network, a.logs);
  if (cls === 'both') return a.network === 'detected' && a.logs === 'detected' ? 'bothDetected' : 'oneWithEvidence';
  if (cls === 'network-only') return 'networkOnly';
  if (cls === 'logs-only') return a.hostHasAddress ? 'logsOnly' : 'unknown';
  return 'unknown';
}

export type ClassCounts = Record<CoverageClass, number>;

export function emptyCounts(): ClassCounts {
  return { networkOnly: 0, logsOnly: 0, bothDetected: 0, oneWithEvidence: 0, unknown: 0 };
}

export function totalOf(c: ClassCounts): number {
  return COVERAGE_CLASSES.reduce((n, k) => n + c[k], 0);
}
