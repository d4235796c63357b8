// Recall and precision per ATT&CK technique (issue 15: "`sightline eval` reports recall and
// precision per technique"), beside the per-stage table of evaluate.ts and with its matching.
// * Recall per technique of the truth: of a technique's observable steps, how many an activity
//   matched; which steps were missed.
// * Precision per technique Sightline named: of the activities carrying a technique, the share
//   that match a truth step — all of them, and those at or above the severity floor — so a
//   technique that fires on the benign background shows up with its false positives.
// A technique and its sub-techniques are told apart (T1070.003 is not T1070.004).
import { techniqueIdOf } from '../correlate/correlate';
import type { EvalActivity, EvalOptions, EvalResult, Severity } from './evaluate';
import type { Truth } from './truth';

export interface TechniqueRecall {
  technique: string;
  /** Scenario steps of this technique (ids). */
  steps: string[];
  observable: number;
  detected: number;
  recall: number | null;
  missed: string[];
}

export interface TechniquePrecision {
  technique: string;
  activities: number;
  matched: number;
  precisionAll: number | null;
  activitiesAtSeverity: number;
  falsePositivesAtSeverity: number;
  precision: number | null;
  /** High or critical activities of this technique that match no step. */
  falsePositivesHigh: number;
}

export interface PerTechnique {
  minSeverity: Severity;
  recall: TechniqueRecall[];
  precision: TechniquePrecision[];
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);
const RANK: Record<string, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The activity's technique id (`T1071.001 Web Protocols` → `T1071.001`). */
const idOf = (t: string | undefined) => techniqueIdOf(t ?? '') || '(none)';

export function perTechnique(
  truth: Pick<Truth, 'steps'>,
  result: Pick<EvalResult, 'matches'> & { options: EvalOptions },
  activities: readonly EvalActivity[],
): PerTechnique {
  const o = result.options;
  const byStep = new Map(result.matches.map((m) => [m.stepId, m]));
  const groups = new Map<string, Truth['steps']>();
  for (const s of truth.steps) groups.set(s.technique, [...(groups.get(s.technique) ?? []), s]);
  const recall = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([technique, steps]) => {
      const observable = steps.filter((s) => s.visibleTo.network || s.visibleTo.logs);
      const found = observable.filter((s) => byStep.has(s.id));
      return {
        technique,
        steps: steps.map((s) => s.id),
        observable: observable.length,
        detected: found.length,
        recall: ratio(found.length, observable.length),
        missed: observable.filter((s) => !byStep.has(s.id)).map((s) => s.id),
      };
    });

  const matched = new Set(result.matches.flatMap((m) => m.activityIds));
  // An activity counts as matched when it matches any step (evaluate's rule), whatever the step's technique.
  const isMatched = (a: EvalActivity) => matched.has(a.id);
  const byTechnique = new Map<string, EvalActivity[]>();
  for (const a of activities) {
    const id = idOf(a.technique);
    byTechnique.set(id, [...(byTechnique.get(id) ?? []), a]);
  }
  const precision = [...byTechnique.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([technique, acts]) => {
      const hit = acts.filter(isMatched);
      const atSev = acts.filter((a) => (RANK[a.severity] ?? 0) >= (RANK[o.minSeverity] ?? 0));
      const fpAtSev = atSev.filter((a) => !isMatched(a)).length;
      return {
        technique,
        activities: acts.length,
        matched: hit.length,
        precisionAll: ratio(hit.length, acts.length),
        activitiesAtSeverity: atSev.length,
        falsePositivesAtSeverity: fpAtSev,
        precision: ratio(atSev.length - fpAtSev, atSev.length),
        falsePositivesHigh: acts.filter((a) => (RANK[a.severity] ?? 0) >= 2 && !isMatched(a)).length,
      };
    });
  return { minSeverity: o.minSeverity, recall, precision };
}

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);

/** The text tables `sightline eval` prints under the per-stage one. */
export function formatPerTechnique(p: PerTechnique): string {
  const sev = `${p.minSeverity}+`;
  const out = ['', `  ${'technique'.padEnd(11)} steps  seen  found  recall  missed`];
  for (const t of p.recall)
    out.push(
      `  ${t.technique.padEnd(11)} ${String(t.steps.length).padStart(5)} ${String(t.observable).padStart(5)} ${String(t.detected).padStart(6)}  ${pct(t.recall).padStart(6)}  ${t.missed.join(', ')}`,
    );
  out.push(
    '',
    `  ${'named as'.padEnd(11)}  acts  matched  prec(all)  ${sev.padStart(7)}  ${`fp(${sev})`.padStart(10)}  ${`prec(${sev})`.padStart(12)}  fp(high+)`,
  );
  for (const t of p.precision)
    out.push(
      `  ${t.technique.padEnd(11)} ${String(t.activities).padStart(5)}  ${String(t.matched).padStart(7)}  ${pct(t.precisionAll).padStart(9)}  ${String(t.activitiesAtSeverity).padStart(7)}  ${String(t.falsePositivesAtSeverity).padStart(10)}  ${pct(t.precision).padStart(12)}  ${String(t.falsePositivesHigh).padStart(9)}`,
    );
  return `${out.join('\n')}\n`;
}
