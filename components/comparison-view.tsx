// A comparison of two assessments: the change in words, the chart, the activities that changed
// and the blind spots opened or closed. Used by the compare page and by frozen reports.
import { ComparisonChart } from '@/components/charts/comparison-chart';
import type { ActivityChange, ClassCounts, Comparison } from '@/lib/compare/compare-assessments';
import { describeComparison } from '@/lib/compare/describe-comparison';
import { STAGE_LABELS, type Stage } from '@/lib/stages';

const KIND_LABELS: Record<ActivityChange['kind'], string> = {
  'became-visible': 'became visible',
  'became-invisible': 'lost a source',
  changed: 'changed source',
  appeared: 'new',
  disappeared: 'gone',
};

const cls = (s: ActivityChange['before']) => (s ? s.class : 'absent');
const counts = (c: ClassCounts) => `${c.networkOnly} / ${c.logsOnly} / ${c.both} / ${c.blind}`;
const same = (a: ClassCounts, b: ClassCounts) => counts(a) === counts(b);

export function ComparisonView({ comparison: c }: { comparison: Comparison }) {
  return (
    <div className="space-y-6" data-testid="comparison">
      <section aria-labelledby="cmp-words" className="card">
        <h2 id="cmp-words" className="text-lg font-semibold">
          What changed
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm" data-testid="comparison-words">
          {describeComparison(c).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="cmp-chart" className="card avoid-break">
        <h2 id="cmp-chart" className="text-lg font-semibold">
          Coverage per stage, before and after
        </h2>
        <ComparisonChart stages={c.stages} beforeName={c.before.name} afterName={c.after.name} />
      </section>
      <section aria-labelledby="cmp-activities" className="card overflow-x-auto p-0">
        <h2 id="cmp-activities" className="px-4 pt-4 text-lg font-semibold">
          Activities that changed ({c.activities.length}; {c.unchanged} unchanged)
        </h2>
        <table className="mt-2 w-full text-sm" data-testid="comparison-activities">
          <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
            <tr>
              <th scope="col" className="px-4 py-2">
                Change
              </th>
              <th scope="col" className="px-4 py-2">
                Stage
              </th>
              <th scope="col" className="px-4 py-2">
                Technique
              </th>
              <th scope="col" className="px-4 py-2">
                Host → peer
              </th>
              <th scope="col" className="px-4 py-2">
                Before → after
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {c.activities.map((a) => (
              <tr key={`${a.kind}|${a.technique}|${a.host}|${a.peer}|${a.start}`}>
                <td className="px-4 py-1.5">{KIND_LABELS[a.kind]}</td>
                <td className="px-4 py-1.5">{STAGE_LABELS[a.stage as Stage] ?? a.stage}</td>
                <td className="px-4 py-1.5 font-mono text-xs">
                  {a.techniqueBefore ? `${a.techniqueBefore} → ` : ''}
                  {a.technique}
                </td>
                <td className="px-4 py-1.5">
                  {a.host ?? '—'} → {a.peer ?? '—'}
                </td>
                <td className="px-4 py-1.5">
                  {cls(a.before)} → {cls(a.after)}
                  {a.gained.length > 0 && <span className="ml-2 text-xs text-emerald-700 dark:text-emerald-400">+{a.gained.join(', +')}</span>}
                  {a.lost.length > 0 && <span className="ml-2 text-xs text-red-700 dark:text-red-400">−{a.lost.join(', −')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="cmp-techniques" className="card overflow-x-auto">
        <h2 id="cmp-techniques" className="text-lg font-semibold">
          Techniques that changed
        </h2>
        <p className="text-xs text-slate-500">Activities network only / logs only / both / blind, before → after.</p>
        <table className="mt-2 w-full text-sm" data-testid="comparison-techniques">
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {c.techniques
              .filter((t) => !same(t.before, t.after))
              .map((t) => (
                <tr key={t.technique}>
                  <th scope="row" className="py-1.5 pr-3 text-left font-mono text-xs">
                    {t.technique}
                  </th>
                  <td className="py-1.5 pr-3">{STAGE_LABELS[t.stage as Stage] ?? t.stage}</td>
                  <td className="py-1.5 tabular-nums">
                    {counts(t.before)} → {counts(t.after)}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
      {c.blindSpots && (
        <section aria-labelledby="cmp-blind" className="card">
          <h2 id="cmp-blind" className="text-lg font-semibold">
            Blind spots opened and closed
          </h2>
          {c.blindSpots.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">The same blind spots on both sides.</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm" data-testid="comparison-blind-spots">
              {c.blindSpots.map((b) => (
                <li key={`${b.change}|${b.kind}|${b.source}|${b.host}|${b.ip}`}>
                  <span className={b.change === 'closed' ? 'font-medium text-emerald-700 dark:text-emerald-400' : 'font-medium text-red-700 dark:text-red-400'}>
                    {b.change}
                  </span>{' '}
                  {b.detail}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
