import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/_lib/auth';
import { ActivityTable } from '@/components/activity-table';
import { AdviceList } from '@/components/advice-list';
import { AssessmentProgress } from '@/components/assessment-progress';
import { BlindSpotList } from '@/components/blind-spot-list';
import { ActivityTimeline } from '@/components/charts/activity-timeline';
import { HostStageHeatmap } from '@/components/charts/host-stage-heatmap';
import { StageCoverageChart } from '@/components/charts/stage-coverage-chart';
import { CostOfSeeing } from '@/components/cost-of-seeing';
import { CreateReportButton } from '@/components/create-report-button';
import { DeleteAssessmentButton } from '@/components/delete-assessment-button';
import { FileResults } from '@/components/file-results';
import { FilterBar } from '@/components/filter-bar';
import { StageVerdicts } from '@/components/stage-verdicts';
import { StatusBadge } from '@/components/status-badge';
import { TechniqueGrid } from '@/components/technique-grid';
import { getAdvice } from '@/lib/advice/advice';
import { isTimeZone } from '@/lib/format-time';
import { isUuid } from '@/lib/http/assessment-param';
import { isFiltered, parseActivityFilterWithNotices, parsePageNumber } from '@/lib/queries/activity-filter';
import { getActivities } from '@/lib/queries/get-activities';
import { getAssessmentStatus } from '@/lib/queries/get-assessment-status';
import { getBlindSpots } from '@/lib/queries/get-blind-spots';
import { getCostOfSeeing } from '@/lib/queries/get-cost-of-seeing';
import { getFileErrors, getFiles } from '@/lib/queries/get-files';
import { getFilterOptions } from '@/lib/queries/get-filter-options';
import { getHostStageMatrix } from '@/lib/queries/get-host-stage-matrix';
import { getHosts } from '@/lib/queries/get-hosts';
import { getStageCoverage } from '@/lib/queries/get-stage-coverage';
import { getTechniqueVisibility } from '@/lib/queries/get-technique-visibility';
import { getTimeline } from '@/lib/queries/get-timeline';
import { getStageVerdicts } from '@/lib/verdicts/get-stage-verdicts';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Assessment' };

const PAGE_SIZE = 50;
type Search = Record<string, string | string[] | undefined>;

function withParams(search: Search, changes: Record<string, string | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (typeof v === 'string') p.set(k, v);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export default async function AssessmentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  await requireSession();
  const { id } = await params;
  const search = await searchParams;
  if (!isUuid(id)) notFound();
  const status = await getAssessmentStatus(id);
  if (!status) notFound();
  const { filter, notices } = parseActivityFilterWithNotices(search);
  const tz = typeof search.tz === 'string' && isTimeZone(search.tz) ? search.tz : 'UTC';
  const page = parsePageNumber(search.page);
  const [coverage, activities, files, errors, hosts, blindSpots, options, matrix, techniques, cost, timeline] = await Promise.all([
    getStageCoverage(id, filter),
    getActivities(id, { ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    getFiles(id),
    getFileErrors(id, 200),
    getHosts(id),
    getBlindSpots(id),
    getFilterOptions(id),
    getHostStageMatrix(id, filter),
    getTechniqueVisibility(id, filter),
    getCostOfSeeing(id, filter),
    getTimeline(id, filter),
  ]);
  const [verdicts, advice] = await Promise.all([getStageVerdicts(id), getAdvice(id)]);
  const total = activities.total;
  const networkSaw = coverage.reduce((n, s) => n + s.networkOnly + s.both, 0);
  const logsSaw = coverage.reduce((n, s) => n + s.logsOnly + s.both, 0);
  const both = coverage.reduce((n, s) => n + s.both, 0);
  const keep = withParams(search, { page: null });
  const base = `/assessments/${id}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{status.name}</h1>
        <StatusBadge status={status.status} />
        <Link href={`${base}/baseline`} className="btn btn-secondary ml-auto no-print">
          Expected baseline
        </Link>
        <Link href={`${base}/settings`} className="btn btn-secondary no-print">
          Settings &amp; re-run
        </Link>
        <CreateReportButton assessmentId={id} disabled={status.status !== 'ready'} />
        <span className="no-print">
          <DeleteAssessmentButton id={id} running={status.status === 'ingesting' || status.status === 'analyzing'} />
        </span>
      </div>
      <AssessmentProgress initial={status} />
      <FilterBar options={options} />
      {notices.length > 0 && (
        <ul role="status" aria-label="Filter notices" className="text-sm text-amber-800 dark:text-amber-300">
          {notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <section aria-labelledby="headline" className="grid min-h-28 gap-4 sm:grid-cols-4">
        <h2 id="headline" className="sr-only">
          Headline numbers
        </h2>
        <Stat label={isFiltered(filter) ? 'Activities (filtered)' : 'Activities'} value={total} testId="stat-activities" />
        <Stat label="Seen by the network" value={networkSaw} of={total} color="text-net" testId="stat-network" />
        <Stat label="Seen by the logs" value={logsSaw} of={total} color="text-logs" testId="stat-logs" />
        <Stat label="Seen by both" value={both} of={total} color="text-both" testId="stat-both" />
      </section>
      <section aria-labelledby="coverage-heading" className="card">
        <h2 id="coverage-heading" className="text-lg font-semibold">
          Coverage per kill-chain stage
        </h2>
        <p className="mb-2 text-sm text-slate-600 dark:text-slate-400" data-testid="headline-sentence">
          The network saw {networkSaw} of {total} activities; the logs saw {logsSaw}.
        </p>
        <StageCoverageChart data={coverage} />
      </section>
      <div className="grid gap-6 xl:grid-cols-2">
        <section aria-labelledby="heatmap-heading" className="card">
          <h2 id="heatmap-heading" className="mb-2 text-lg font-semibold">
            Hosts × stages
          </h2>
          <HostStageHeatmap cells={matrix} assessmentId={id} query={withParams(search, { page: null, host: null })} />
        </section>
        <section aria-labelledby="timeline-heading" className="card">
          <h2 id="timeline-heading" className="mb-2 text-lg font-semibold">
            Timeline
          </h2>
          <ActivityTimeline points={timeline} tz={tz} />
        </section>
      </div>
      <section aria-labelledby="attack-heading" className="card">
        <h2 id="attack-heading" className="text-lg font-semibold">
          ATT&amp;CK techniques seen
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Coloured by the source that saw them; the score is a DeTT&amp;CT-style visibility (0–4).
        </p>
        <TechniqueGrid techniques={techniques} query={(t) => withParams(search, { technique: t, page: null })} />
      </section>
      <section aria-labelledby="activities-heading" className="card p-0">
        <h2 id="activities-heading" className="px-4 pt-4 text-lg font-semibold">
          Activities
        </h2>
        <ActivityTable
          rows={activities.rows}
          total={total}
          tz={tz}
          link={(a) => `${base}/activities/${a.id}${keep}`}
          paging={{ page, pageSize: PAGE_SIZE, href: (p) => withParams(search, { page: String(p) }) }}
        />
      </section>
      <section aria-labelledby="cost-heading" className="card">
        <h2 id="cost-heading" className="text-lg font-semibold">
          The cost of seeing
        </h2>
        <CostOfSeeing rows={cost} />
      </section>
      <section aria-labelledby="verdicts-heading" className="card">
        <h2 id="verdicts-heading" className="text-lg font-semibold">
          The right tool per stage, on this data
        </h2>
        <StageVerdicts verdicts={verdicts} />
      </section>
      <section aria-labelledby="advice-heading" className="card">
        <h2 id="advice-heading" className="text-lg font-semibold">
          Advice that closes gaps, counted on this data
        </h2>
        <AdviceList advice={advice} />
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="blind-heading" className="card">
          <h2 id="blind-heading" className="text-lg font-semibold">
            Blind spots
          </h2>
          <BlindSpotList rows={blindSpots} />
        </section>
        <section aria-labelledby="hosts-heading" className="card">
          <h2 id="hosts-heading" className="text-lg font-semibold">
            Hosts
          </h2>
          {hosts.length === 0 ? (
            <p className="text-sm text-slate-500">No hosts known yet.</p>
          ) : (
            <ul className="mt-2 max-h-80 divide-y divide-slate-100 overflow-y-auto text-sm dark:divide-slate-800">
              {hosts.map((h) => (
                <li key={h.name} className="flex justify-between gap-3 py-1.5">
                  <Link href={`${base}/hosts/${encodeURIComponent(h.name)}${keep}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                    {h.name} {h.role && <span className="text-xs font-normal text-slate-500">{h.role}</span>}
                  </Link>
                  <span className="text-right font-mono text-xs text-slate-600 dark:text-slate-400">
                    {h.ips.length ? h.ips.join(', ') : 'address unknown'}
                    {h.sharedIps.length > 0 && (
                      <span className="ml-2 rounded bg-amber-100 px-1 font-sans text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">shared address</span>
                    )}
                    {!h.hasLogs && <span className="ml-2 rounded bg-slate-100 px-1 font-sans text-slate-500 dark:bg-slate-800">no logs</span>}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section aria-labelledby="files-heading" className="card">
        <h2 id="files-heading" className="text-lg font-semibold">
          Files
        </h2>
        <FileResults files={files} errors={errors.rows} errorsTotal={errors.total} />
      </section>
    </div>
  );
}

function Stat({ label, value, of, color, testId }: { label: string; value: number; of?: number; color?: string; testId: string }) {
  return (
    <div className="card">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className={`mt-1 text-3xl font-semibold tabular-nums ${color ?? ''}`} data-testid={testId}>
        {value}
      </div>
      {of !== undefined && <div className="text-xs text-slate-500">of {of} activities</div>}
    </div>
  );
}
