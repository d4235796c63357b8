// Scores an analysis against a generated scenario's ground truth (truth.json): per kill-chain
// stage, how many attacker steps Sightline found (recall), how many of its activities were the
// attack rather than noise (precision), and whether it put each found step in the right
// visibility class (network-only / logs-only / both) — the product's headline claim.
// Pure: the caller supplies the activities (from the database or a fixture).

import type { Severity } from '../severity';
import { visibilityClassOf } from '../visibility-class';
import { answersTechnique } from './technique-match';
import { KILL_CHAIN_STAGES, type Stage, type Truth, type TruthStep } from './truth';

export type { Severity };
/** An activity's class, or `none` for a step no source could see. */
export type VisibilityClass = ReturnType<typeof visibilityClassOf>;

/** The fields of an activity the evaluation needs (a subset of the activities query's rows). */
export interface EvalActivity {
  id: string;
  stage: string;
  host: string | null;
  hostIps: string[];
  peer: string | null;
  start: string;
  end: string;
  network: string;
  logs: string;
  severity: string;
  summary: string;
  /** The activity's ATT&CK technique (per-technique precision, per-technique.ts). */
  technique?: string;
}

export interface EvalOptions {
  /** Slack on both sides of a step's span: truth spans may be a few seconds long, detections are windowed. */
  toleranceSeconds: number;
  /** `precision` counts activities of at least this severity; `precisionAll` counts every activity. */
  minSeverity: Severity;
}

export const DEFAULT_EVAL_OPTIONS: EvalOptions = { toleranceSeconds: 600, minSeverity: 'medium' };

const SEVERITY_RANK: Record<string, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface StageEval {
  stage: Stage;
  truthSteps: number;
  /** Steps that left records in at least one source (a step nobody could see is not a miss). */
  observable: number;
  detected: number;
  recall: number | null;
  /** Found steps among whose matched activities one names the step's technique (namesStepTechnique). */
  detectedNamed: number;
  /** The same over the observable steps: recall without credit from neighbouring activities. */
  recallNamed: number | null;
  activities: number;
  activitiesAtSeverity: number;
  falsePositives: number;
  falsePositivesAtSeverity: number;
  /** Share of activities at or above `minSeverity` that match a truth step. */
  precision: number | null;
  precisionAll: number | null;
  visibilityCorrect: number;
  visibilityAccuracy: number | null;
}

export interface StepMatch {
  stepId: string;
  stage: Stage;
  activityIds: string[];
  truthClass: VisibilityClass;
  /** What Sightline showed of this step (stepClass). */
  sightlineClass: VisibilityClass;
  /** An activity matched names the step's technique; false: found only through neighbouring activities. */
  techniqueNamed: boolean;
}

export interface MissedStep {
  stepId: string;
  stage: Stage;
  host: string;
  peer: string | null;
  truthClass: VisibilityClass;
  start: string;
}

export interface FalsePositive {
  activityId: string;
  stage: string;
  host: string | null;
  peer: string | null;
  severity: string;
  summary: string;
}

export interface EvalResult {
  options: EvalOptions;
  perStage: StageEval[];
  overall: Omit<StageEval, 'stage'>;
  matches: StepMatch[];
  missed: MissedStep[];
  falsePositives: FalsePositive[];
}

const isVisible = (v: string) => v === 'detected' || v === 'evidence';

/** The product's visibility class of what the network and the logs saw (lib/visibility-class.ts). */
export const classOf = visibilityClassOf;

/**
 * Same stage; same host (by name, or one of the activity's addresses is the step's address —
 * a host-less activity such as an external sweep of many hosts matches on its peer alone);
 * same peer where both name one; spans overlapping within the tolerance.
 */
export function activityMatchesStep(a: EvalActivity, s: TruthStep, toleranceSeconds: number): boolean {
  if (a.stage !== s.stage) return false;
  const hostless = a.host === null && a.hostIps.length === 0;
  const sameHost = a.host === s.host || a.hostIps.includes(s.hostIp);
  if (!sameHost && !(hostless && a.peer !== null)) return false;
  if (a.peer !== null && s.peer !== null && a.peer !== s.peer) return false;
  const tol = toleranceSeconds * 1000;
  return Date.parse(a.start) <= Date.parse(s.end) + tol && Date.parse(a.end) >= Date.parse(s.start) - tol;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

function summarise(
  steps: TruthStep[],
  acts: EvalActivity[],
  matchedActs: Set<string>,
  matches: Map<string, StepMatch>,
  o: EvalOptions,
): Omit<StageEval, 'stage'> {
  const observable = steps.filter((s) => s.visibleTo.network || s.visibleTo.logs);
  const found = observable.map((s) => matches.get(s.id)).filter((m): m is StepMatch => m !== undefined);
  const atSev = acts.filter((a) => (SEVERITY_RANK[a.severity] ?? 0) >= (SEVERITY_RANK[o.minSeverity] ?? 0));
  const fp = acts.filter((a) => !matchedActs.has(a.id)).length;
  const fpAtSev = atSev.filter((a) => !matchedActs.has(a.id)).length;
  const correct = found.filter((m) => m.truthClass === m.sightlineClass).length;
  return {
    truthSteps: steps.length,
    observable: observable.length,
    detected: found.length,
    recall: ratio(found.length, observable.length),
    detectedNamed: found.filter((m) => m.techniqueNamed).length,
    recallNamed: ratio(found.filter((m) => m.techniqueNamed).length, observable.length),
    activities: acts.length,
    activitiesAtSeverity: atSev.length,
    falsePositives: fp,
    falsePositivesAtSeverity: fpAtSev,
    precision: ratio(atSev.length - fpAtSev, atSev.length),
    precisionAll: ratio(acts.length - fp, acts.length),
    visibilityCorrect: correct,
    visibilityAccuracy: ratio(correct, found.length),
  };
}

/**
 * What Sightline says each source saw of a step: the union over the matched activities that name
 * its technique (a network-only and a logs-only activity of one step are "both"), else over all
 * matched ones. Neighbouring steps within the tolerance (a cron job and a systemd unit written a
 * minute apart in one session) do not lend their marks to each other.
 */
function stepClass(own: EvalActivity[], hits: EvalActivity[]): ReturnType<typeof classOf> {
  const judged = own.length > 0 ? own : hits;
  return classOf(
    judged.some((a) => isVisible(a.network)),
    judged.some((a) => isVisible(a.logs)),
  );
}

export function evaluate(truth: Pick<Truth, 'steps'>, activities: EvalActivity[], options: Partial<EvalOptions> = {}): EvalResult {
  const o: EvalOptions = { ...DEFAULT_EVAL_OPTIONS, ...options };
  const matches = new Map<string, StepMatch>();
  const matchedActs = new Set<string>();
  for (const s of truth.steps) {
    const hits = activities.filter((a) => activityMatchesStep(a, s, o.toleranceSeconds));
    for (const a of hits) matchedActs.add(a.id);
    if (hits.length === 0) continue;
    const own = hits.filter((a) => answersTechnique(a.technique, s.technique));
    matches.set(s.id, {
      stepId: s.id,
      stage: s.stage,
      activityIds: hits.map((a) => a.id),
      truthClass: classOf(s.visibleTo.network, s.visibleTo.logs),
      sightlineClass: stepClass(own, hits),
      techniqueNamed: own.length > 0,
    });
  }
  const perStage = KILL_CHAIN_STAGES.map((stage) => ({
    stage,
    ...summarise(
      truth.steps.filter((s) => s.stage === stage),
      activities.filter((a) => a.stage === stage),
      matchedActs,
      matches,
      o,
    ),
  }));
  const missed = truth.steps
    .filter((s) => (s.visibleTo.network || s.visibleTo.logs) && !matches.has(s.id))
    .map((s) => ({ stepId: s.id, stage: s.stage, host: s.host, peer: s.peer, truthClass: classOf(s.visibleTo.network, s.visibleTo.logs), start: s.start }));
  const falsePositives = activities
    .filter((a) => !matchedActs.has(a.id))
    .map((a) => ({ activityId: a.id, stage: a.stage, host: a.host, peer: a.peer, severity: a.severity, summary: a.summary }));
  return {
    options: o,
    perStage,
    overall: summarise(truth.steps, activities, matchedActs, matches, o),
    matches: [...matches.values()],
    missed,
    falsePositives,
  };
}
