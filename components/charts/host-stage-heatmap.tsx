import Link from 'next/link';
import { addressPath, isAddress } from '@/lib/queries/get-address';
import type { HostStageCell } from '@/lib/queries/get-host-stage-matrix';
import { STAGE_LABELS, STAGES, UNOBSERVABLE_STAGES } from '@/lib/stages';

function cellStyle(c: HostStageCell | undefined): { className: string; label: string } {
  if (!c) return { className: 'bg-slate-50 dark:bg-slate-900', label: 'no activity' };
  const total = c.networkOnly + c.logsOnly + c.both + c.unknown;
  // The dominant class colours the cell; the count says how many.
  if (c.unknown > c.both && c.unknown > c.networkOnly && c.unknown > c.logsOnly)
    return { className: 'bg-unknown text-white', label: `${total} (${c.unknown} unknown: the silent source does not cover the host)` };
  if (c.both >= c.networkOnly && c.both >= c.logsOnly) return { className: 'bg-both text-white', label: `${total} (${c.both} both)` };
  if (c.networkOnly >= c.logsOnly) return { className: 'bg-net text-white', label: `${total} (${c.networkOnly} network only)` };
  return { className: 'bg-logs text-white', label: `${total} (${c.logsOnly} logs only)` };
}

/** Host × stage: which source saw each host's activities, stage by stage. */
export function HostStageHeatmap({ cells, assessmentId, query }: { cells: HostStageCell[]; assessmentId: string; query: string }) {
  const hosts = [...new Set(cells.map((c) => c.host))];
  if (hosts.length === 0) return <p className="text-sm text-slate-500">No activities for these filters.</p>;
  const at = new Map(cells.map((c) => [`${c.host}|${c.stage}`, c]));
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-separate border-spacing-0.5 text-xs" data-testid="heatmap">
        <caption className="sr-only">Activities per host and kill-chain stage, coloured by the source that saw them</caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 py-1 text-left font-medium text-slate-500">
              Host
            </th>
            {STAGES.map((s) => (
              <th key={s} scope="col" className="px-1 py-1 text-center font-medium text-slate-500">
                {STAGE_LABELS[s].replace('Actions on Objectives', 'Actions').replace('Command & Control', 'C2')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {hosts.map((h) => (
            <tr key={h}>
              <th scope="row" className="whitespace-nowrap px-2 py-1 text-left font-medium">
                {h === '(network-wide)' ? (
                  <span className="text-slate-500">{h}</span>
                ) : isAddress(h) ? (
                  // A host nobody named: its address, which opens the address's own page.
                  <Link href={`${addressPath(assessmentId, h)}${query}`} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
                    {h}
                  </Link>
                ) : (
                  <Link href={`/assessments/${assessmentId}/hosts/${encodeURIComponent(h)}${query}`} className="text-sky-700 hover:underline dark:text-sky-400">
                    {h}
                  </Link>
                )}
              </th>
              {STAGES.map((s) => {
                if (UNOBSERVABLE_STAGES.has(s)) {
                  return (
                    <td
                      key={s}
                      className="rounded bg-[repeating-linear-gradient(45deg,transparent,transparent_4px,rgba(100,116,139,.15)_4px,rgba(100,116,139,.15)_8px)] text-center text-slate-400"
                      title="not observable"
                    >
                      –
                    </td>
                  );
                }
                const c = at.get(`${h}|${s}`);
                const { className, label } = cellStyle(c);
                const total = c ? c.networkOnly + c.logsOnly + c.both + c.unknown : 0;
                return (
                  <td key={s} className={`h-7 min-w-16 rounded text-center tabular-nums ${className}`} title={`${h} · ${STAGE_LABELS[s]}: ${label}`}>
                    {total > 0 ? (
                      <span>
                        {total}
                        <span className="sr-only"> — {label}</span>
                      </span>
                    ) : (
                      <span className="sr-only">none</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600 dark:text-slate-400">
        <span>
          <span className="mr-1 inline-block h-3 w-3 rounded bg-net align-middle" />
          mostly network only
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 rounded bg-both align-middle" />
          mostly both
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 rounded bg-logs align-middle" />
          mostly logs only
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 rounded bg-unknown align-middle" />
          mostly unknown
        </span>
      </p>
    </div>
  );
}
