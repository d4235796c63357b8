import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/_lib/auth';
import { AddressLink } from '@/components/address-link';
import { CommunityId } from '@/components/community-id';
import { VisibilityBadge } from '@/components/visibility-badge';
import { formatTs, isTimeZone } from '@/lib/format-time';
import { isUuid } from '@/lib/http/assessment-param';
import { parsePageNumber } from '@/lib/queries/activity-filter';
import { getActivity, getActivityEvidence } from '@/lib/queries/get-activity-evidence';
import { activityTitle, decodeAuditLine, visibleControls } from '@/lib/report/activity-text';
import { STAGE_LABELS } from '@/lib/stages';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Activity' };

const PAGE = 100;

/** One activity with its evidence from both sources on one time axis: exact log lines and flow records. */
export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; activityId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requireSession();
  const { id, activityId } = await params;
  const search = await searchParams;
  const a = isUuid(id) ? await getActivity(id, activityId) : null;
  if (!a) notFound();
  const tz = isTimeZone(search.tz) ? search.tz : 'UTC';
  const page = parsePageNumber(search.page);
  const source = search.source === 'network' || search.source === 'logs' ? search.source : undefined;
  const ev = await getActivityEvidence(id, activityId, { limit: PAGE, offset: (page - 1) * PAGE, source });
  const pages = Math.max(1, Math.ceil(ev.total / PAGE));
  const back = `/assessments/${id}${search.tz ? `?tz=${encodeURIComponent(search.tz)}` : ''}`;
  const href = (p: number, src = source) =>
    `?${new URLSearchParams({ ...(search.tz ? { tz: search.tz } : {}), ...(src ? { source: src } : {}), ...(p > 1 ? { page: String(p) } : {}) }).toString()}`;
  const tabs = [
    { key: undefined, label: 'Both sources', n: ev.counts.network + ev.counts.logs },
    { key: 'network' as const, label: 'Flows', n: ev.counts.network },
    { key: 'logs' as const, label: 'Log lines', n: ev.counts.logs },
  ];
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
        <Link href={back} className="hover:underline">
          Assessment
        </Link>{' '}
        ›{' '}
        <Link href={`/assessments/${id}?stage=${a.stage}`} className="hover:underline">
          {STAGE_LABELS[a.stage]}
        </Link>{' '}
        › activity
      </nav>
      <header className="card space-y-2">
        <h1 className="text-xl font-semibold">{activityTitle(a)}</h1>
        <details className="mt-1 text-sm">
          <summary className="cursor-pointer text-slate-500">Raw detail</summary>
          <code className="block whitespace-pre-wrap break-all font-mono text-xs">{visibleControls(a.summary)}</code>
        </details>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <Field label="Stage" value={STAGE_LABELS[a.stage]} />
          <Field label="Technique" value={a.technique} mono />
          <Field
            label="Host"
            value={
              a.host ? (
                <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`/assessments/${id}/hosts/${encodeURIComponent(a.host)}`}>
                  {a.host}
                </Link>
              ) : a.hostIps[0] ? (
                <AddressLink assessmentId={id} ip={a.hostIps[0]} />
              ) : (
                '—'
              )
            }
          />
          <Field label="Peer" value={a.peer ? <AddressLink assessmentId={id} ip={a.peer} /> : '—'} mono />
          <Field label={`Start (${tz})`} value={formatTs(a.start, tz)} />
          <Field label={`End (${tz})`} value={formatTs(a.end, tz)} />
          <Field
            label="Network"
            value={
              <>
                <VisibilityBadge value={a.network} source="network" /> <span className="text-xs text-slate-500">{a.networkRecords} records</span>
              </>
            }
          />
          <Field
            label="Logs"
            value={
              <>
                <VisibilityBadge value={a.logs} source="logs" /> <span className="text-xs text-slate-500">{a.logRecords} records</span>
              </>
            }
          />
        </dl>
        <ul className="text-sm text-slate-700 dark:text-slate-300" data-testid="why-marked" aria-label="Why each source is marked so">
          {[a.networkReason, a.logsReason].filter(Boolean).map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </header>
      <section aria-labelledby="evidence-heading" className="card p-0">
        <h2 id="evidence-heading" className="px-4 pt-4 text-lg font-semibold">
          Evidence from both sources ({(ev.counts.network + ev.counts.logs).toLocaleString('en')} records)
        </h2>
        <nav aria-label="Evidence source" className="flex flex-wrap gap-2 px-4 pt-2 text-xs">
          {tabs.map((t) => (
            <Link
              key={t.label}
              href={href(1, t.key)}
              aria-current={t.key === source ? 'page' : undefined}
              className={`rounded-full border px-2.5 py-0.5 ${t.key === source ? 'border-sky-600 bg-sky-50 font-medium text-sky-900 dark:bg-sky-900/40 dark:text-sky-100' : 'border-slate-300 text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800'}`}
            >
              {t.label} ({t.n.toLocaleString('en')})
            </Link>
          ))}
        </nav>
        {ev.rows.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">No records are linked to this activity.</p>
        ) : (
          <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="evidence">
            {ev.rows.map((r) => (
              <li key={`${r.source}-${r.recordId}`} className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 px-4 py-2 text-sm sm:grid-cols-[10rem_5.5rem_1fr]">
                <span className="tabular-nums text-slate-600 dark:text-slate-400">{formatTs(r.ts, tz)}</span>
                <span>
                  <span
                    className={`rounded px-1.5 py-0.5 text-xs font-medium ${r.source === 'network' ? 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200' : 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200'}`}
                  >
                    {r.source === 'network' ? 'flow' : 'log'}
                  </span>
                  {!r.detected && (
                    <span className="ml-1 text-[10px] text-slate-500" title="found by correlation, no detector named it">
                      ev.
                    </span>
                  )}
                </span>
                {/* On a phone the record takes its own row under its time and source. */}
                <span className="col-span-2 min-w-0 sm:col-span-1">
                  <span className="block text-xs text-slate-500">
                    {r.path}:{r.line}
                    {r.host ? ` · ${r.host}` : ''}
                    <CommunityId id={r.communityId} />
                  </span>
                  {/* Uploaded text: rendered as text only, never as HTML. */}
                  <pre className="whitespace-pre-wrap break-all font-mono text-xs">{decodeAuditLine(r.text)}</pre>
                </span>
              </li>
            ))}
          </ol>
        )}
        {pages > 1 && (
          <nav aria-label="Evidence pages" className="flex justify-end gap-2 px-4 py-2 text-xs">
            {page > 1 && (
              <Link className="btn btn-secondary px-2 py-0.5" href={href(page - 1)}>
                Previous
              </Link>
            )}
            <span className="self-center">
              page {page} / {pages}
            </span>
            {page < pages && (
              <Link className="btn btn-secondary px-2 py-0.5" href={href(page + 1)}>
                Next
              </Link>
            )}
          </nav>
        )}
      </section>
    </div>
  );
}

function Field({ label, value, mono }: { label: string; value: React.ReactNode; mono?: boolean }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={mono ? 'font-mono text-xs' : ''}>{value}</dd>
    </div>
  );
}
