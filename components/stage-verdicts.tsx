// "The right tool per stage": the field's claim beside what this assessment measured.

import { STAGE_LABELS } from '@/lib/stages';
import type { StageVerdict } from '@/lib/verdicts/stage-verdicts';

const OUTCOME_STYLE: Record<StageVerdict['outcome'], string> = {
  confirmed: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300',
  contradicted: 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200',
  untested: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

export function StageVerdicts({ verdicts }: { verdicts: StageVerdict[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="mt-2 w-full min-w-[40rem] text-sm" data-testid="stage-verdicts">
        <caption className="sr-only">The right tool per stage: claim and measurement</caption>
        <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className="py-2 pr-3">
              Stage
            </th>
            <th scope="col" className="py-2 pr-3">
              The common claim
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              Network
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              Logs
            </th>
            <th scope="col" className="py-2">
              Verdict on this data
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {verdicts.map((v) => (
            <tr key={v.stage} className="align-top">
              <th scope="row" className="py-1.5 pr-3 text-left font-medium">
                {STAGE_LABELS[v.stage]}
              </th>
              <td className="py-1.5 pr-3 text-slate-600 dark:text-slate-400">{v.claim}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">
                {v.networkSeen}/{v.total}
              </td>
              <td className="py-1.5 pr-3 text-right tabular-nums">
                {v.logsSeen}/{v.total}
              </td>
              <td className="py-1.5">
                <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-medium ${OUTCOME_STYLE[v.outcome]}`}>{v.outcome}</span>
                {v.verdict.replace(`${STAGE_LABELS[v.stage]}: `, '')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
