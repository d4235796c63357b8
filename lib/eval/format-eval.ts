// The `sightline eval` table: one line per kill-chain stage, then the overall line and the
// misses and false positives an analyst would look at first.
import type { EvalResult } from './evaluate';

const pct = (x: number | null) => (x === null ? '   -' : `${Math.round(x * 100)}%`.padStart(4));

export function formatEval(r: EvalResult): string {
  const sev = r.options.minSeverity;
  const out = [`  ${'stage'.padEnd(14)} steps  seen  found  recall  named  acts  ${`${sev}+`.padStart(7)}  prec(${sev}+)  prec(all)  vis-ok`];
  const row = (label: string, s: Omit<EvalResult['perStage'][number], 'stage'>) =>
    `  ${label.padEnd(14)} ${String(s.truthSteps).padStart(5)} ${String(s.observable).padStart(5)} ${String(s.detected).padStart(6)}  ${pct(s.recall).padStart(6)}  ${pct(s.recallNamed).padStart(5)}  ${String(s.activities).padStart(4)}  ${String(s.activitiesAtSeverity).padStart(7)}  ${pct(s.precision).padStart(11)}  ${pct(s.precisionAll).padStart(9)}  ${pct(s.visibilityAccuracy).padStart(6)}`;
  for (const s of r.perStage) out.push(row(s.stage, s));
  out.push(row('overall', r.overall));
  if (r.missed.length) {
    out.push('', '  missed steps:');
    for (const m of r.missed) out.push(`    ${m.stepId} [${m.stage}] ${m.host} ${m.peer ?? '-'} (${m.truthClass}) at ${m.start}`);
  }
  const lent = r.matches.filter((m) => !m.techniqueNamed);
  if (lent.length) {
    out.push('', "  found only through activities of another technique (not in 'named'):");
    for (const m of lent) out.push(`    ${m.stepId} [${m.stage}] activities ${m.activityIds.join(', ')}`);
  }
  const wrong = r.matches.filter((m) => m.truthClass !== m.sightlineClass);
  if (wrong.length) {
    out.push('', '  visibility class differs:');
    for (const m of wrong) out.push(`    ${m.stepId} [${m.stage}] truth ${m.truthClass}, Sightline ${m.sightlineClass}`);
  }
  const fps = r.falsePositives.filter((f) => f.severity !== 'low');
  if (fps.length) {
    out.push('', `  false positives above low (${fps.length}; ${r.falsePositives.length} in all):`);
    for (const f of fps) out.push(`    [${f.stage}] ${f.severity} ${f.host ?? '-'} ${f.peer ?? '-'}  ${f.summary.slice(0, 140)}`);
  }
  return `${out.join('\n')}\n`;
}
