import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/_lib/auth';
import { ActivityTable } from '@/components/activity-table';
import { AddressLink } from '@/components/address-link';
import { AdviceList } from '@/components/advice-list';
import { AnswerPanel } from '@/components/answer-panel';
import { AssessmentProgress } from '@/components/assessment-progress';
import { RankedBlindSpotList } from '@/components/blind-spot-list';
import { ActivityTimeline } from '@/components/charts/activity-timeline';
import { HostStageHeatmap } from '@/components/charts/host-stage-heatmap';
import { StageCoverageChart } from '@/components/charts/stage-coverage-chart';
import { CostOfSeeing } from '@/components/cost-of-seeing';
import { CreateReportButton } from '@/components/create-report-button';
import { DeleteAssessmentButton } from '@/components/delete-assessment-button';
import { ExposureList } from '@/components/exposure-list';
import { FileResults } from '@/components/file-results';
import { FilterBar } from '@/components/filter-bar';
import { HeadlineTiles } from '@/components/headline-tiles';
import { QuietedSection } from '@/components/quieted-pair-list';
import { StageVerdicts } from '@/components/stage-verdicts';
import { StatusBadge } from '@/components/status-badge';
import { TechniqueGrid } from '@/components/technique-grid';
import { getAdvice } from '@/lib/advice/advice';
import { isTimeZone } from '@/lib/format-time';
import { isUuid } from '@/lib/http/assessment-param';
import { isFiltered, parseActivityFilterWithNotices, parsePageNumber } from '@/lib/queries/activity-filter';
import { getActivities } from '@/lib/queries/get-activities';
import { addressPath } from '@/lib/queries/get-address';
import { type AssessmentStatus, getAssessmentStatus } from '@/lib/queries/get-assessment-status';
import { getBlindSpotPage } from '@/lib/queries/get-blind-spot-page';
import { getBlindSpots } from '@/lib/queries/get-blind-spots';
import { getClassFacts } from '@/lib/queries/get-class-facts';
import { getCostOfSeeing } from '@/lib/queries/get-cost-of-seeing';
import { getExposures } from '@/lib/queries/get-exposures';
import { getFileErrors, getFiles, getProblemCounts } from '@/lib/queries/get-files';
import { getFilterOptions } from '@/lib/queries/get-filter-options';
import { getHostStageMatrix } from '@/lib/queries/get-host-stage-matrix';
import { getHosts } from '@/lib/queries/get-hosts';
import { getQuietedPairs } from '@/lib/queries/get-quieted-pairs';
import { getTechniqueVisibility } from '@/lib/queries/get-technique-visibility';
import { getTimeline } from '@/lib/queries/get-timeline';
import { buildAnswer } from '@/lib/report/answer';
import { getStageVerdicts } from '@/lib/verdicts/get-stage-verdicts';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Assessment' };

const PAGE_SIZE = 50;
/** Blind spots on the overview, the highest ranked; the rest on their own page. */
const BLIND_SPOTS_SHOWN = 8;
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
  if (status.status === 'failed') return <FailedAssessment id={id} status={status} />;
  const { filter, notices } = parseActivityFilterWithNotices(search);
  const tz = typeof search.tz === 'string' && isTimeZone(search.tz) ? search.tz : 'UTC';
  const page = parsePageNumber(search.page);
  const [facts, activities, files, errors, hosts, blindSpots, options, matrix, techniques, cost, timeline] = await Promise.all([
    getClassFacts(id, filter),
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
  const [verdicts, advice, topBlind, problemCounts, exposures, quieted] = await Promise.all([
    getStageVerdicts(id),
    getAdvice(id),
    getBlindSpotPage(id, {}, { limit: BLIND_SPOTS_SHOWN, offset: 0 }),
    getProblemCounts(id),
    getExposures(id),
    getQuietedPairs(id),
  ]);
  const total = activities.total;
  const answer = buildAnswer(facts, blindSpots);
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
      {total > 0 && <AnswerPanel answer={answer} />}
      <HeadlineTiles counts={answer.counts} total={total} totalLabel={isFiltered(filter) ? 'Activities (filtered)' : 'Activities'} testIdPrefix="stat" />
      <section aria-labelledby="coverage-heading" className="card">
        <h2 id="coverage-heading" className="text-lg font-semibold">
          Coverage per kill-chain stage
        </h2>
        <StageCoverageChart data={answer.stages} />
        {exposures.length > 0 && (
          <div className="mt-4">
            <h3 className="text-sm font-semibold">Exposures</h3>
            <ExposureList rows={exposures} assessmentId={id} />
          </div>
        )}
      </section>
      {/* One above the other at every width: side by side, the heat map's seven stages and the
          timeline's axis labels do not fit half of a 1440 px window. */}
      <div className="grid gap-6">
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
          address={(ip) => addressPath(id, ip)}
          paging={{ page, pageSize: PAGE_SIZE, href: (p) => withParams(search, { page: String(p) }) }}
        />
      </section>
      <QuietedSection rows={quieted} tz={tz} headingId="quieted-heading" />
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
          {topBlind.total === 0 ? (
            <p className="mt-2 text-sm text-slate-500">No blind spots found.</p>
          ) : (
            <>
              <RankedBlindSpotList rows={topBlind.rows} assessmentId={id} />
              {topBlind.total > topBlind.rows.length && (
                <p className="mt-2 text-sm">
                  <Link href={`${base}/blind-spots`} className="text-sky-700 hover:underline dark:text-sky-400">
                    All {topBlind.total.toLocaleString('en')} blind spots
                  </Link>{' '}
                  <span className="text-slate-500">— {(topBlind.total - topBlind.rows.length).toLocaleString('en')} more, to filter and page through</span>
                </p>
              )}
            </>
          )}
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
                    {h.ips.length
                      ? h.ips.map((ip, i) => (
                          <span key={ip}>
                            {i > 0 && ', '}
                            <AddressLink assessmentId={id} ip={ip} />
                          </span>
                        ))
                      : 'address unknown'}
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
        <FileResults files={files} errors={errors.rows} errorsTotal={errors.total} counts={problemCounts} />
      </section>
    </div>
  );
}

/** A failed analysis: what failed, why, and what to do — not an all-zero dashboard. */
function FailedAssessment({ id, status }: { id: string; status: AssessmentStatus }) {
  const failedFiles = status.uploads.filter((u) => u.status === 'failed');
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{status.name}</h1>
        <StatusBadge status={status.status} />
      </div>
      <section aria-labelledby="failed-heading" className="card space-y-3 border-red-300 dark:border-red-900" data-testid="assessment-failed">
        <h2 id="failed-heading" className="text-lg font-semibold">
          The analysis failed
        </h2>
        <p className="text-sm">
          {failedFiles.length > 0 ? `${failedFiles.map((u) => u.name).join(', ')} could not be read.` : 'The analysis stopped before it finished.'} Nothing from
          this upload was kept, so there are no numbers to show.
        </p>
        <ul className="space-y-1 text-sm text-red-700 dark:text-red-400" data-testid="failure-reason">
          {failedFiles
            .filter((u) => u.error)
            .map((u) => (
              <li key={u.id}>Why: {u.error}</li>
            ))}
          {failedFiles.every((u) => !u.error) && status.error && <li>Why: {status.error}</li>}
        </ul>
        <h3 className="text-sm font-semibold">What to do</h3>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          <li>
            <Link href="/" className="text-sky-700 hover:underline dark:text-sky-400">
              Upload another file
            </Link>{' '}
            — a log bundle or flow export in a format Sightline reads (see the README’s list).
          </li>
          <li>
            <Link href={`/assessments/${id}/settings`} className="text-sky-700 hover:underline dark:text-sky-400">
              Retry with other settings
            </Link>{' '}
            — when the files are right but a setting (time zone, thresholds) was not.
          </li>
          <li className="flex flex-wrap items-center gap-2">
            <span>Delete this assessment:</span>
            <DeleteAssessmentButton id={id} running={false} />
          </li>
        </ul>
      </section>
      <AssessmentProgress initial={status} />
    </div>
  );
}
