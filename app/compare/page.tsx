import type { Metadata } from 'next';
import { requireSession } from '@/app/_lib/auth';
import { StageTrendChart } from '@/components/charts/stage-trend-chart';
import { ComparisonView } from '@/components/comparison-view';
import { CreateComparisonReportButton } from '@/components/create-comparison-report-button';
import { VerdictTrend } from '@/components/verdict-trend';
import { type LoadedComparison, loadComparison } from '@/lib/compare/load-comparison';
import { AppError } from '@/lib/http/errors';
import { listAssessments } from '@/lib/queries/list-assessments';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare' };

/**
 * The selection is the series: tick two assessments for before/after (or two sites), more for a
 * trend. They are ordered by analysis time; the oldest is compared with the newest.
 */
export default async function ComparePage({ searchParams }: { searchParams: Promise<{ id?: string | string[] }> }) {
  await requireSession();
  const raw = (await searchParams).id;
  const selected = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const ready = (await listAssessments()).filter((a) => a.status === 'ready');
  let loaded: LoadedComparison | null = null;
  let error: string | null = null;
  if (selected.length > 0) {
    try {
      loaded = await loadComparison(selected);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.userMessage;
    }
  }
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Compare assessments</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          Tick two assessments — before and after a change, or two sites — or more of one environment for a trend. The oldest analysis is compared with the
          newest; activities are matched by host, technique and peer.
        </p>
      </header>
      <form method="get" className="card space-y-3" aria-label="Choose assessments">
        {ready.length < 2 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">At least two finished assessments are needed.</p>
        ) : (
          <fieldset className="grid gap-1 sm:grid-cols-2">
            <legend className="mb-1 text-sm font-medium">Assessments</legend>
            {ready.map((a) => (
              <label key={a.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="id" value={a.id} defaultChecked={selected.includes(a.id)} />
                <span>{a.name}</span>
                <span className="text-xs text-slate-500">
                  {a.createdAt.slice(0, 16).replace('T', ' ')} · {a.activities} activities
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" className="btn btn-primary" disabled={ready.length < 2}>
          Compare
        </button>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
      </form>
      {loaded && (
        <>
          <div className="flex items-center justify-between gap-4">
            <p className="text-sm">
              <span className="font-medium">Before:</span> {loaded.comparison.before.name} · <span className="font-medium">After:</span>{' '}
              {loaded.comparison.after.name}
            </p>
            <CreateComparisonReportButton beforeId={loaded.beforeId} afterId={loaded.afterId} />
          </div>
          <ComparisonView comparison={loaded.comparison} />
          <section aria-labelledby="verdict-trend-heading" className="card">
            <h2 id="verdict-trend-heading" className="text-lg font-semibold">
              The right tool per stage, across the series
            </h2>
            <VerdictTrend series={loaded.verdicts} />
          </section>
          {loaded.trend.length > 2 && (
            <section aria-labelledby="trend-heading" className="card">
              <h2 id="trend-heading" className="text-lg font-semibold">
                Trend per stage: how much of it the two sources saw
              </h2>
              <p className="text-xs text-slate-500">
                Per stage, the share of (activity, source) pairs that saw something: 100 % = both sources saw every activity, 50 % = one source each time.
              </p>
              <StageTrendChart points={loaded.trend} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
