// Which sources saw an activity: its visibility class. A source saw it when it detected it or
// holds evidence of it (anything but `blind`). Written here once; SQL reads the same rule as
// the function `visibility_class(network, logs)`, created by migration
// 20261204000000_rules_and_value_checks, so every query classifies with one predicate.
// visibility-class.test.ts proves the function and `visibilityClassOf` agree on every input.
import type { Visibility } from './stages';

/** The classes an activity can be filtered by (every activity was detected by some source). */
export const VISIBILITY_CLASSES = ['network-only', 'logs-only', 'both'] as const;
export type VisibilityClass = (typeof VISIBILITY_CLASSES)[number];

export function sourceSaw(v: Visibility): boolean {
  return v !== 'blind';
}

/** `none` only for a step no source saw (evaluation's ground truth); never for an activity. */
export function visibilityClassOf(sawNetwork: boolean, sawLogs: boolean): VisibilityClass | 'none' {
  if (sawNetwork && sawLogs) return 'both';
  if (sawNetwork) return 'network-only';
  return sawLogs ? 'logs-only' : 'none';
}

/** The SQL call of the rule over two Visibility columns (or expressions). */
export function visibilityClassSql(network = 'network', logs = 'logs'): string {
  return `visibility_class(${network}, ${logs})`;
}

/** `sourceSaw` as SQL over one Visibility column. */
export function sawSql(column: string): string {
  return `(${column} <> 'blind')`;
}
