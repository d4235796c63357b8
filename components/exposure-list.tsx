import { type ExposureRow, exposureSentence } from '@/lib/queries/get-exposures';
import { WithAddressLinks } from './address-link';

/** Exposed host+port pairs (the internet held a session with a cleartext or admin service). `assessmentId` links addresses (none in frozen reports). */
export function ExposureList({ rows, assessmentId }: { rows: ExposureRow[]; assessmentId?: string }) {
  if (rows.length === 0) return <p className="mt-2 text-sm text-slate-500">No cleartext or admin service was used from the internet.</p>;
  return (
    <ul className="mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="exposures">
      {rows.map((e) => (
        <li key={`${e.ip}:${e.port}`} className="flex flex-wrap items-start gap-x-2 gap-y-1 py-1.5" data-testid="exposure">
          <span className="shrink-0 rounded bg-rose-100 px-1.5 py-0.5 text-xs text-rose-900 dark:bg-rose-900/40 dark:text-rose-200">Exposed</span>
          <span className="min-w-0 flex-1 text-slate-700 dark:text-slate-300">
            {assessmentId ? <WithAddressLinks assessmentId={assessmentId} text={exposureSentence(e)} ip={e.host ? null : e.ip} /> : exposureSentence(e)}
          </span>
        </li>
      ))}
    </ul>
  );
}
