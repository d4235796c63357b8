import type { ActivityRow } from '@/lib/queries/get-activities';
import { STAGE_LABELS } from '@/lib/stages';
import { VisibilityBadge } from './visibility-badge';

function fmt(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/** Activities with what each source saw. Uploaded text is rendered as text (React escapes it). */
export function ActivityTable({ rows, total }: { rows: ActivityRow[]; total: number }) {
  if (rows.length === 0) return <p className="p-4 text-sm text-slate-500">No activities found (yet).</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="activity-table">
        <caption className="sr-only">Activities and their visibility per source</caption>
        <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className="px-4 py-2">Stage</th>
            <th scope="col" className="px-4 py-2">Technique</th>
            <th scope="col" className="px-4 py-2">Host</th>
            <th scope="col" className="px-4 py-2">Peer</th>
            <th scope="col" className="px-4 py-2">Start (UTC)</th>
            <th scope="col" className="px-4 py-2">Network</th>
            <th scope="col" className="px-4 py-2">Logs</th>
            <th scope="col" className="px-4 py-2">Summary</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="px-4 py-2 whitespace-nowrap">{STAGE_LABELS[a.stage]}</td>
              <td className="px-4 py-2 font-mono text-xs">{a.technique}</td>
              <td className="px-4 py-2">{a.host ?? <span className="text-slate-400">{a.hostIps[0] ?? '—'}</span>}</td>
              <td className="px-4 py-2 font-mono text-xs">{a.peer ?? '—'}</td>
              <td className="px-4 py-2 whitespace-nowrap tabular-nums">{fmt(a.start)}</td>
              <td className="px-4 py-2"><VisibilityBadge value={a.network} source="network" /></td>
              <td className="px-4 py-2"><VisibilityBadge value={a.logs} source="logs" /></td>
              <td className="px-4 py-2 text-slate-700 dark:text-slate-300">{a.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > rows.length && <p className="px-4 py-2 text-xs text-slate-500">Showing {rows.length} of {total} activities.</p>}
    </div>
  );
}
