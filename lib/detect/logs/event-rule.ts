// Most log detectors are "these events are suspicious on their own": a predicate over
// log_event, a score per event, and bursts of matching events on one host (same peer and key,
// gaps under the window) folded into one detection. This builds such a detector so each rule
// file holds only its predicate, its anchors and its scores, and all of them run as one
// set-based INSERT … SELECT (insertDetections, ../insert-detections.ts). The events are read
// from the detect stage's shared table of log events when there is one (./log-events.ts).
import type { Stage } from '../../stages';
import { defineDetector } from '../insert-detections';
import type { SharedPasses } from '../shared-passes';
import type { Detector, ThresholdSpec } from '../types';
import { logEventsOf } from './log-events';

export interface EventRule {
  id: string;
  title: string;
  stage: Stage;
  techniques: string[];
  description: string;
  /** Extra thresholds; `windowSeconds` (burst gap) is added when absent. */
  thresholds?: Record<string, ThresholdSpec>;
  /** Names of thresholds bound as $4, $5 … in the SQL below ($1 assessment, $2 internal ranges, $3 window s). */
  params?: string[];
  /** Boolean SQL over `e` (the log events of ./log-events.ts) selecting matching events. */
  where: string;
  /**
   * A cheap test (SQL over `e`) that every event `where` selects passes, such as a literal that
   * each of its patterns needs (hasLiteral, ./patterns.ts): `where` is evaluated only on the
   * events that pass it. It must follow from `where`, so it cannot change what matches.
   */
  prefilter?: string;
  /** Score 0–1 of one matching event (SQL over `e`). */
  score: string;
  /** ATT&CK technique of one event (SQL over `e`); default: the first of `techniques`. */
  technique?: string;
  /** The remote address (inet SQL over `e`); default NULL. */
  peer?: string;
  /** Extra grouping key (text SQL over `e`): one detection per host, peer and key burst. */
  key?: string;
  /** Text shown for one event (SQL over `e`). */
  describe?: string;
  /** Leading words of the summary. */
  label: string;
  /** Extra condition on a burst (SQL aggregate over `dip`, `dport`, `score`, `id`); default none. */
  having?: string;
  /** Score of a burst (SQL aggregate); default the highest event score. */
  burstScore?: string;
}

const DEFAULT_DESCRIBE = `coalesce(nullif(array_to_string(e.argv, ' '), ''), nullif(array_to_string(e.paths, ', '), ''), e.exe, e.result, e.kind)`;

const WINDOW: ThresholdSpec = {
  label: 'Burst gap',
  default: 300,
  unit: 's',
  min: 1,
  anchor: 'Sightline: correlation tolerance ±5 min (DESIGN.md); ATT&CK AN0220 TimeWindow 5 min',
};

/** Whether a rule's SQL reads `e.raw`, which the shared table of log events leaves out. */
function readsRaw(rule: EventRule): boolean {
  return [rule.where, rule.score, rule.technique, rule.peer, rule.key, rule.describe].some((sql) => sql !== undefined && /\be\.raw\b/.test(sql));
}

/** The findings query of an event rule: one row per burst, columns as `insertDetectionsSql` reads them. */
export function eventRuleSelect(rule: EventRule, shared?: SharedPasses): string {
  const technique = rule.technique ?? `'${rule.techniques[0] ?? ''}'`;
  return `WITH m AS (
      SELECT e.id, e.ts, e.host_name, e.user_name, e.dst_ip AS dip, e.dst_port AS dport, (${rule.peer ?? 'NULL::inet'}) AS peer,
             (${rule.key ?? "''"}) AS k, (${rule.score})::float8 AS score, (${technique}) AS technique,
             left(${rule.describe ?? DEFAULT_DESCRIBE}, 300) AS txt
      FROM ${logEventsOf(shared, { raw: readsRaw(rule) })} e
      WHERE $2::cidr[] IS NOT NULL AND ${rule.prefilter ? `CASE WHEN ${rule.prefilter} THEN (${rule.where}) ELSE FALSE END` : `(${rule.where})`}
    ), b AS (
      SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY host_name, peer, k ORDER BY ts, id) <= make_interval(secs => $3)
                     THEN 0 ELSE 1 END AS brk
      FROM m
    ), g AS (
      SELECT *, sum(brk) OVER (PARTITION BY host_name, peer, k ORDER BY ts, id) AS burst FROM b
    ), agg AS (
      SELECT host_name, peer, min(ts) AS s, max(ts) AS e, count(*) AS n, least(1.0, ${rule.burstScore ?? 'max(score)'}) AS score,
             (array_agg(technique ORDER BY score DESC, ts, id))[1] AS technique,
             (array_agg(txt ORDER BY score DESC, ts, id))[1] AS sample,
             count(DISTINCT user_name) AS users, array_agg(id ORDER BY ts, id) AS ids
      FROM g GROUP BY host_name, peer, k, burst
      HAVING ${rule.having ?? 'TRUE'}
    )
    SELECT technique, host_name AS host, peer, s AS start_ts, e AS end_ts, round(score::numeric, 3)::float8 AS score,
           format('%s on %s: %s%s', '${rule.label.replaceAll("'", "''")}', coalesce(host_name, 'unnamed host'), sample,
                  CASE WHEN n > 1 THEN format(' (%s events)', n) ELSE '' END) AS summary, ids AS evidence_ids
    FROM agg`;
}

/** The rule each event-rule detector was defined from (tests check a prefilter changes nothing). */
const rules = new WeakMap<Detector, EventRule>();

/** The declaration an event-rule detector was built from; undefined for other detectors. */
export function eventRuleOf(d: Detector): EventRule | undefined {
  return rules.get(d);
}

export function defineEventRule(rule: EventRule): Detector {
  const thresholds: Record<string, ThresholdSpec> = {
    windowSeconds: WINDOW,
    ...(rule.thresholds ?? {}),
  };
  const detector = defineDetector({
    id: rule.id,
    title: rule.title,
    source: 'logs',
    stage: rule.stage,
    techniques: rule.techniques,
    description: rule.description,
    thresholds,
    select: ({ shared }) => eventRuleSelect(rule, shared),
    technique: 'x.technique',
    params: ({ t, internalRanges }) => [internalRanges, t.windowSeconds, ...(rule.params ?? []).map((p) => t[p])],
  });
  rules.set(detector, rule);
  return detector;
}
