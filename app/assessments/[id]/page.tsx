import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ActivityTable } from '@/components/activity-table';
import { AssessmentProgress } from '@/components/assessment-progress';
import { BlindSpotList } from '@/components/blind-spot-list';
import { StageCoverageChart } from '@/components/charts/stage-coverage-chart';
import { FileResults } from '@/components/file-results';
import { StatusBadge } from '@/components/status-badge';
import { getActivities } from '@/lib/queries/get-activities';
import { getAssessmentStatus } from '@/lib/queries/get-assessment-status';
import { getBlindSpots } from '@/lib/queries/get-blind-spots';
import { getFileErrors, getFiles } from '@/lib/queries/get-files';
import { getHosts } from '@/lib/queries/get-hosts';
import { getStageCoverage } from '@/lib/queries/get-stage-coverage';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Assessment' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AssessmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const status = await getAssessmentStatus(id);
  if (!status) notFound();
  const [coverage, activities, files, errors, hosts, blindSpots] = await Promise.all([
    getStageCoverage(id),
    getActivities(id, { limit: 500 }),
    getFiles(id),
    getFileErrors(id, 200),
    getHosts(id),
    getBlindSpots(id),
  ]);
  const total = activities.total;
  const networkSaw = coverage.reduce((n, s) => n + s.networkOnly + s.both, 0);
  const logsSaw = coverage.reduce((n, s) => n + s.logsOnly + s.both, 0);
  const both = coverage.reduce((n, s) => n + s.both, 0);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{status.name}</h1>
        <StatusBadge status={status.status} />
      </div>
      <AssessmentProgress initial={status} />
      <section aria-labelledby="headline" className="grid gap-4 sm:grid-cols-4">
        <h2 id="headline" className="sr-only">Headline numbers</h2>
        <Stat label="Activities" value={total} testId="stat-activities" />
        <Stat label="Seen by the network" value={networkSaw} of={total} color="text-net" testId="stat-network" />
        <Stat label="Seen by the logs" value={logsSaw} of={total} color="text-logs" testId="stat-logs" />
        <Stat label="Seen by both" value={both} of={total} color="text-both" testId="stat-both" />
      </section>
      <section aria-labelledby="coverage-heading" className="card">
        <h2 id="coverage-heading" className="text-lg font-semibold">Coverage per kill-chain stage</h2>
        <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
          The network saw {networkSaw} of {total} activities; the logs saw {logsSaw}.
        </p>
        <StageCoverageChart data={coverage} />
      </section>
      <section aria-labelledby="activities-heading" className="card p-0">
        <h2 id="activities-heading" className="px-4 pt-4 text-lg font-semibold">Activities</h2>
        <ActivityTable rows={activities.rows} total={activities.total} />
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="blind-heading" className="card">
          <h2 id="blind-heading" className="text-lg font-semibold">Blind spots</h2>
          <BlindSpotList rows={blindSpots} />
        </section>
        <section aria-labelledby="hosts-heading" className="card">
          <h2 id="hosts-heading" className="text-lg font-semibold">Hosts</h2>
          {hosts.length === 0 ? (
            <p className="text-sm text-slate-500">No hosts known yet.</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {hosts.map((h) => (
                <li key={h.name} className="flex justify-between gap-3 py-1.5">
                  <span className="font-medium">{h.name} {h.role && <span className="text-xs font-normal text-slate-500">{h.role}</span>}</span>
                  <span className="text-right font-mono text-xs text-slate-600 dark:text-slate-400">
                    {h.ips.length ? h.ips.join(', ') : 'address unknown'}
                    {!h.hasLogs && <span className="ml-2 rounded bg-slate-100 px-1 font-sans text-slate-500 dark:bg-slate-800">no logs</span>}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section aria-labelledby="files-heading" className="card">
        <h2 id="files-heading" className="text-lg font-semibold">Files</h2>
        <FileResults files={files} errors={errors.rows} errorsTotal={errors.total} />
      </section>
    </div>
  );
}

function Stat({ label, value, of, color, testId }: { label: string; value: number; of?: number; color?: string; testId: string }) {
  return (
    <div className="card">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className={`mt-1 text-3xl font-semibold tabular-nums ${color ?? ''}`} data-testid={testId}>{value}</div>
      {of !== undefined && <div className="text-xs text-slate-500">of {of} activities</div>}
    </div>
  );
}
