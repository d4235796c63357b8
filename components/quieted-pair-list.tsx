import { formatTs } from '@/lib/format-time';
import { type QuietedPairRow, quietedPairLabel } from '@/lib/queries/get-quieted-pairs';

/**
 * Pairs a detector quieted as routine, each with its reason. Everything here is derived from the
 * logs and flows (user and host names, file names), so it is rendered as text nodes only.
 */
export function QuietedPairList({ rows, tz = 'UTC' }: { rows: QuietedPairRow[]; tz?: string }) {
  return (
    <ul className="mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="quieted-pairs">
      {rows.map((q) => (
        <li key={`${q.detector} ${q.srcIp} ${q.dstIp} ${q.port}`} className="py-1.5" data-testid="quieted-pair">
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
            <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">Routine</span>
            <span className="font-medium text-slate-800 dark:text-slate-200">{quietedPairLabel(q)}</span>
            <span className="text-xs tabular-nums text-slate-500 dark:text-slate-400">
              {formatTs(q.first, tz)} – {formatTs(q.last, tz)} {tz}
            </span>
          </div>
          <p className="mt-0.5 text-slate-600 dark:text-slate-400" data-testid="quieted-reason">
            {q.reason}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** Pairs listed before the rest folds away: the section never scrolls inside a box. */
const FIRST = 10;

/** The overview's and the report's section: shown only when something was quieted; past the first pairs, the rest behind one click (counted). */
export function QuietedSection({ rows, tz, headingId }: { rows: QuietedPairRow[]; tz?: string; headingId: string }) {
  if (rows.length === 0) return null;
  const rest = rows.slice(FIRST);
  return (
    <section aria-labelledby={headingId} className="card avoid-break" data-testid="quieted">
      <h2 id={headingId} className="text-lg font-semibold">
        Quieted as routine
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Admin sessions between internal hosts that were not reported as lateral movement because they look scheduled or ran as a service account. Each is listed
        with the reason, so you can check it is what it says.
      </p>
      <QuietedPairList rows={rows.slice(0, FIRST)} tz={tz} />
      {rest.length > 0 && (
        <details className="mt-1">
          <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-400">
            Show the other {rest.length} pair{rest.length === 1 ? '' : 's'}
          </summary>
          <QuietedPairList rows={rest} tz={tz} />
        </details>
      )}
    </section>
  );
}
