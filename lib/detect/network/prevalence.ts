// RITA's prevalence modifier (docs/ANCHORS.md#rita-modifiers; activecm/rita analysis.go): the share
// of internal hosts that talked to a destination. A destination most of the network uses (an update
// mirror, a time server, a popular site) is less likely to be one attacker's infrastructure; one
// almost nobody uses is more likely. RITA: ≥ 50 % of hosts → −15 %, ≤ 2 % → +15 %.
import { isInternal } from '../sql';
import type { ThresholdSpec } from '../types';

/**
 * CTE `prev` (put after the sessions CTEs): per external destination `dst_ip`, `prevalence` =
 * internal hosts that opened a session to it / internal hosts that opened any session (RITA's
 * network size); NULL when the network is smaller than `$minHosts` (with one or two hosts
 * every destination is "used by half the network"). `$n` = the internal ranges parameter.
 */
export function prevalenceCte(n: number, minHosts: number): string {
  return `netsize AS (
    SELECT greatest(count(DISTINCT s.src_ip), 1)::float8 AS hosts FROM sess s WHERE ${isInternal('s.src_ip', n)}
  ), prev AS (
    SELECT s.dst_ip, CASE WHEN (SELECT hosts FROM netsize) >= $${minHosts} THEN count(DISTINCT s.src_ip) / (SELECT hosts FROM netsize) END AS prevalence
    FROM sess s WHERE ${isInternal('s.src_ip', n)} AND NOT ${isInternal('s.dst_ip', n)} GROUP BY s.dst_ip
  )`;
}

export const PREVALENCE_THRESHOLDS: Record<string, ThresholdSpec> = {
  prevalenceMinHosts: {
    label: 'Hosts needed for prevalence',
    default: 3,
    min: 1,
    anchor: 'Sightline default: RITA assumes a network; below 3 internal hosts a share of hosts says nothing',
  },
  prevalenceCommon: {
    label: 'Common destination (share of hosts)',
    default: 0.5,
    min: 0,
    max: 1.01,
    anchor: 'RITA modifiers: prevalence −15 % if ≥ 50 % of hosts',
  },
  prevalenceRare: {
    label: 'Rare destination (share of hosts)',
    default: 0.02,
    min: 0,
    max: 1,
    anchor: 'RITA modifiers: prevalence +15 % if ≤ 2 % of hosts',
  },
  prevalenceModifier: {
    label: 'Prevalence score change',
    default: 0.15,
    min: 0,
    max: 1,
    anchor: 'RITA modifiers: prevalence ±15 %',
  },
};

/** The score change for a destination's prevalence (0 when neither common nor rare). */
export function prevalenceModifier(prevalence: number | null, t: Record<string, number>): number {
  if (prevalence === null) return 0;
  const m = t.prevalenceModifier ?? 0.15;
  if (prevalence >= (t.prevalenceCommon ?? 0.5)) return -m;
  if (prevalence <= (t.prevalenceRare ?? 0.02)) return m;
  return 0;
}

/** The same rule as SQL over a `prevalence` column, with the three thresholds bound as `$c, $r, $m`. */
export function prevalenceModifierSql(col: string, c: number, r: number, m: number): string {
  return `(CASE WHEN ${col} IS NULL THEN 0 WHEN ${col} >= $${c} THEN -$${m}::float8 WHEN ${col} <= $${r} THEN $${m}::float8 ELSE 0 END)`;
}
