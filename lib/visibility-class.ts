// Which sources saw an activity: its visibility class. A source saw it when it detected it or
// holds evidence of it; `blind` and `unknown` are not seeing, and a source that is `unknown`
// for the activity (it cannot be tied to the activity's host) makes the class `unknown`: its
// silence says nothing, so the activity is neither network-only nor logs-only. Written here
// once; SQL reads the same rule as the function `visibility_class(network, logs)` (migration
// 20261205070000_unknown_reasons_silent_hosts), so every query classifies with one predicate.
// visibility-class.test.ts proves the function and `activityClassOf` agree on every input.
import type { Visibility } from './stages';

/** The classes an activity can be filtered by (every activity was detected by some source). */
export const VISIBILITY_CLASSES = ['network-only', 'logs-only', 'both', 'unknown'] as const;
export type VisibilityClass = (typeof VISIBILITY_CLASSES)[number];

export function sourceSaw(v: Visibility): boolean {
  return v === 'detected' || v === 'evidence';
}

/**
 * From what each source saw alone (a truth step, where "unknown" does not exist). `none` only
 * for a step no source saw (evaluation's ground truth); never for an activity.
 */
export function visibilityClassOf(sawNetwork: boolean, sawLogs: boolean): Exclude<VisibilityClass, 'unknown'> | 'none' {
  if (sawNetwork && sawLogs) return 'both';
  if (sawNetwork) return 'network-only';
  return sawLogs ? 'logs-only' : 'none';
}

/** An activity's class from its two stored visibilities (the rule the SQL function holds). */
export function activityClassOf(network: Visibility, logs: Visibility): VisibilityClass | 'none' {
  const saw = visibilityClassOf(sourceSaw(network), sourceSaw(logs));
  if (saw !== 'both' && (network === 'unknown' || logs === 'unknown')) return 'unknown';
  return saw;
}

/** The SQL call of the rule over two Visibility columns (or expressions). */
export function visibilityClassSql(network = 'network', logs = 'logs'): string {
  return `visibility_class(${network}, ${logs})`;
}

/** `sourceSaw` as SQL over one Visibility column. */
export function sawSql(column: string): string {
  return `(${column} IN ('detected', 'evidence'))`;
}
