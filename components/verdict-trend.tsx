// The right-tool verdict per stage across a series of assessments: did the measured answer move?
import { STAGE_LABELS, STAGES } from '@/lib/stages';
import type { StageVerdict } from '@/lib/verdicts/stage-verdicts';

export function VerdictTrend({ series }: { series: { name: string; verdicts: StageVerdict[] }[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="mt-2 w-full text-sm" data-testid="verdict-trend">
        <caption className="sr-only">Verdict per stage across the compared assessments</caption>
        <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className="py-2 pr-3">
              Stage
            </th>
            {series.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two assessments may share a name; their order is the series
              <th key={i} scope="col" className="py-2 pr-3">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {STAGES.map((stage) => (
            <tr key={stage}>
              <th scope="row" className="py-1.5 pr-3 text-left font-medium">
                {STAGE_LABELS[stage]}
              </th>
              {series.map((s, i) => {
                const v = s.verdicts.find((x) => x.stage === stage);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above
                  <td key={i} className="py-1.5 pr-3" title={v?.verdict}>
                    {v ? `${v.outcome} · network ${v.networkSeen}/${v.total}, logs ${v.logsSeen}/${v.total}` : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
