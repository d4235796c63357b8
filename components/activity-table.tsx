import Link from 'next/link';
import { formatTs } from '@/lib/format-time';
import type { ActivityRow } from '@/lib/queries/get-activities';
import { activityTitle, visibleControls } from '@/lib/report/activity-text';
import { STAGE_LABELS } from '@/lib/stages';
import { VisibilityBadge } from './visibility-badge';

const SEVERITY: Record<string, string> = {
  critical: 'text-red-700 dark:text-red-400',
  high: 'text-orange-700 dark:text-orange-400',
  medium: 'text-amber-700 dark:text-amber-300',
  low: 'text-slate-500',
};

export interface Paging {
  page: number;
  pageSize: number;
  /** Builds the URL of another page (keeps the filters). */
  href: (page: number) => string;
}

/** Activities with what each source saw. Uploaded text is rendered as text (React escapes it). */
export function ActivityTable({
  rows,
  total,
  tz = 'UTC',
  link,
  address,
  paging,
}: {
  rows: ActivityRow[];
  total: number;
  tz?: string;
  /** Drill-down URL of an activity; none in frozen reports. */
  link?: (a: ActivityRow) => string;
  /** Page of an address (host addresses without a name, peers); none in frozen reports. */
  address?: (ip: string) => string;
  paging?: Paging;
}) {
  if (rows.length === 0) return <p className="p-4 text-sm text-slate-500">No activities for these filters.</p>;
  const pages = paging ? Math.max(1, Math.ceil(total / paging.pageSize)) : 1;
  return (
    <div className="overflow-x-auto">
      <table className="stack-sm w-full text-sm" data-testid="activity-table">
        <caption className="sr-only">Activities and their visibility per source</caption>
        <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className="px-4 py-2">
              Stage
            </th>
            <th scope="col" className="px-2 py-2">
              Technique
            </th>
            <th scope="col" className="px-2 py-2">
              Host
            </th>
            <th scope="col" className="px-2 py-2">
              Peer
            </th>
            <th scope="col" className="px-2 py-2">
              Start ({tz})
            </th>
            <th scope="col" className="px-2 py-2">
              Network
            </th>
            <th scope="col" className="px-2 py-2">
              Logs
            </th>
            <th scope="col" className="px-2 py-2">
              Severity
            </th>
            <th scope="col" className="w-[40%] px-2 py-2">
              Summary
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} className="border-b border-slate-100 align-top last:border-0 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50">
              <td data-label="Stage" className="whitespace-nowrap px-4 py-2">
                {STAGE_LABELS[a.stage]}
              </td>
              <td data-label="Technique" className="px-2 py-2 font-mono text-xs">
                {a.technique}
              </td>
              <td data-label="Host" className="px-2 py-2">
                {a.host ??
                  (a.hostIps[0] && address ? <Addr ip={a.hostIps[0]} href={address} /> : <span className="text-slate-400">{a.hostIps[0] ?? '—'}</span>)}
              </td>
              <td data-label="Peer" className="px-2 py-2 font-mono text-xs">
                {a.peer && address ? <Addr ip={a.peer} href={address} /> : (a.peer ?? '—')}
              </td>
              <td data-label={`Start (${tz})`} className="whitespace-nowrap px-2 py-2 tabular-nums">
                {formatTs(a.start, tz)}
              </td>
              <td data-label="Network" className="px-2 py-2">
                <VisibilityBadge value={a.network} source="network" />
              </td>
              <td data-label="Logs" className="px-2 py-2">
                <VisibilityBadge value={a.logs} source="logs" />
              </td>
              <td data-label="Severity" className={`px-2 py-2 text-xs font-medium ${SEVERITY[a.severity] ?? ''}`}>
                {a.severity}
              </td>
              <td className="stack-first px-2 py-2 text-slate-700 dark:text-slate-300">
                {link ? (
                  <Link href={link(a)} className="font-medium hover:underline" data-testid="activity-title">
                    {activityTitle(a)}
                  </Link>
                ) : (
                  <span className="font-medium" data-testid="activity-title">
                    {activityTitle(a)}
                  </span>
                )}
                <details className="mt-0.5 text-xs">
                  <summary className="cursor-pointer text-slate-500">Raw detail</summary>
                  <code className="block whitespace-pre-wrap break-all font-mono">{visibleControls(a.summary)}</code>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {paging && pages > 1 ? (
        <nav aria-label="Activity pages" className="flex items-center justify-between px-4 py-2 text-xs text-slate-600 dark:text-slate-400">
          <span>
            {((paging.page - 1) * paging.pageSize + 1).toLocaleString('en')}–{Math.min(total, paging.page * paging.pageSize).toLocaleString('en')} of{' '}
            {total.toLocaleString('en')} activities
          </span>
          <span className="flex gap-2">
            {paging.page > 1 && (
              <Link className="btn btn-secondary px-2 py-0.5" href={paging.href(paging.page - 1)}>
                Previous
              </Link>
            )}
            <span className="self-center">
              page {paging.page} / {pages}
            </span>
            {paging.page < pages && (
              <Link className="btn btn-secondary px-2 py-0.5" href={paging.href(paging.page + 1)}>
                Next
              </Link>
            )}
          </span>
        </nav>
      ) : (
        total > rows.length && (
          <p className="px-4 py-2 text-xs text-slate-500">
            Showing {rows.length} of {total} activities.
          </p>
        )
      )}
    </div>
  );
}

function Addr({ ip, href }: { ip: string; href: (ip: string) => string }) {
  return (
    <Link href={href(ip)} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400" data-testid="address-link">
      {ip}
    </Link>
  );
}
