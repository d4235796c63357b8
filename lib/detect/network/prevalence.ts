// RITA's prevalence modifier (docs/ANCHORS.md#rita-modifiers; activecm/rita analysis.go): the share
// of internal hosts that talked to a destination. A destination most of the network uses (an update
// mirror, a time server, a popular site) is less likely to be one attacker's infrastructure; one
// almost nobody uses is more likely. RITA: ≥ 50 % of hosts → −15 %, ≤ 2 % → +15 %.
import { isInternal } from '../sql';
import type { ThresholdSpec } from '../types';

/**
 * CTEs `netsize` and `prevc` (put after the sessions CTEs): per external destination `dst_ip`,
 * `users` = internal hosts that opened a session to it, and `net` = internal hosts that opened
 * any session (RITA's network size, at least 1). `$n` = the internal ranges parameter. The
 * detect stage computes them once into a shared table (lib/detect/shared-passes.ts).
 */
export function prevalenceCountsCte(n: number): string {
  // Distinct (source, destination) pairs once, hashed: the two count(DISTINCT …) this replaced
  // each sorted every session (the week: 0.82 s → 0.39 s, the same counts).
  return `prpairs AS MATERIALIZED (
    SELECT DISTINCT s.src_ip, s.dst_ip, NOT ${isInternal('s.dst_ip', n)} AS external FROM sess s WHERE ${isInternal('s.src_ip', n)}
  ), netsize AS (
    SELECT greatest(count(DISTINCT src_ip), 1)::float8 AS hosts FROM prpairs
  ), prevc AS (
    SELECT dst_ip, count(*) AS users, (SELECT hosts FROM netsize) AS net FROM prpairs WHERE external GROUP BY dst_ip
  )`;
}

/**
 * CTE `prev` (put after the sessions CTEs): per external destination `dst_ip`, `prevalence` =
 * internal hosts that opened a session to it / internal hosts that opened any session; NULL when
 * the network is smaller than `$minHosts` (with one or two hosts every destination is "used by
 * half the network"). `$n` = the internal ranges parameter. `table`: the counts from the detect
 * stage's shared pass (built with the same ranges) instead of counted from `sess`.
 */
export function prevalenceCte(n: number, minHosts: number, table?: string): string {
  const counts = table ? `prevc AS NOT MATERIALIZED (SELECT * FROM ${table})` : prevalenceCountsCte(n);
  return `${counts}, prev AS (
    SELECT dst_ip, CASE WHEN net >= $${minHosts} THEN users / net END AS prevalence FROM prevc
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
