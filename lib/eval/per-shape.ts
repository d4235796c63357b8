// Recall and precision per flow shape and technique (issue 22: "every flow shape gives one
// answer"). The same scenario is analysed once per flow export (logs + that one export), each
// export being one shape of the same traffic (lib/generate/flow-shapes.ts); a step counts as
// observable in a shape when its logs or that export hold evidence of it. Pure: the caller runs
// the analyses and hands in their activities.

import { type EvalActivity, type EvalOptions, evaluate } from './evaluate';
import type { Truth, TruthStep } from './truth';

export interface ShapeRun {
  /** Exporter name in truth.json (collector, edge, aggregated, sampled …). */
  shape: string;
  activities: EvalActivity[];
}

export interface TechniqueRow {
  technique: string;
  observable: number;
  detected: number;
  recall: number | null;
}

export interface ShapeEval {
  shape: string;
  observable: number;
  detected: number;
  recall: number | null;
  precision: number | null;
  falsePositivesAtSeverity: number;
  perTechnique: TechniqueRow[];
  missed: string[];
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

/** Records of this step in one export: the per-exporter count when truth has it, else the classic fields. */
export function flowEvidence(step: TruthStep, shape: string): number {
  const byName = step.evidence.flows?.[shape];
  if (byName !== undefined) return byName;
  return shape === 'collector' ? step.evidence.collectorFlows : shape === 'edge' ? step.evidence.edgeFlows : 0;
}

/** The truth as one shape sees it: visibility from that export and the logs only. */
export function truthForShape(truth: Pick<Truth, 'steps'>, shape: string): Pick<Truth, 'steps'> {
  return {
    steps: truth.steps.map((s) => ({ ...s, visibleTo: { network: flowEvidence(s, shape) > 0, logs: s.visibleTo.logs } })),
  };
}

export function evaluatePerShape(truth: Pick<Truth, 'steps'>, runs: ShapeRun[], options: Partial<EvalOptions> = {}): ShapeEval[] {
  return runs.map(({ shape, activities }) => {
    const t = truthForShape(truth, shape);
    const r = evaluate(t, activities, options);
    const found = new Set(r.matches.map((m) => m.stepId));
    const observable = t.steps.filter((s) => s.visibleTo.network || s.visibleTo.logs);
    const techniques = [...new Set(observable.map((s) => s.technique))].sort();
    return {
      shape,
      observable: r.overall.observable,
      detected: r.overall.detected,
      recall: r.overall.recall,
      precision: r.overall.precision,
      falsePositivesAtSeverity: r.overall.falsePositivesAtSeverity,
      perTechnique: techniques.map((technique) => {
        const of = observable.filter((s) => s.technique === technique);
        const hit = of.filter((s) => found.has(s.id)).length;
        return { technique, observable: of.length, detected: hit, recall: ratio(hit, of.length) };
      }),
      missed: r.missed.map((m) => m.stepId),
    };
  });
}

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);

/** One block per shape: its overall line, then one line per technique. */
export function formatPerShape(rows: ShapeEval[]): string {
  const out: string[] = ['  per flow shape:'];
  for (const r of rows) {
    out.push(
      `  ${r.shape.padEnd(12)} found ${r.detected}/${r.observable} (recall ${pct(r.recall)}), precision ${pct(r.precision)}, ${r.falsePositivesAtSeverity} false above low${r.missed.length ? `; missed ${r.missed.join(', ')}` : ''}`,
    );
    for (const t of r.perTechnique) out.push(`    ${t.technique.padEnd(11)} ${t.detected}/${t.observable}  ${pct(t.recall)}`);
  }
  return `${out.join('\n')}\n`;
}
