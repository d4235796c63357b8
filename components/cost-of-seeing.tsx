import type { StageCost } from '@/lib/queries/get-cost-of-seeing';
import { STAGE_LABELS } from '@/lib/stages';

/** What each source needed to see each stage: records, and how many places had to send them. */
export function CostOfSeeing({ rows }: { rows: StageCost[] }) {
  const n = (v: number) => v.toLocaleString('en');
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="cost-of-seeing">
        <caption className="sr-only">Records and vantage points each source needed per stage</caption>
        <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className="py-2 pr-3">
              Stage
            </th>
            <th scope="col" className="py-2 pr-3 text-right text-net">
              Network saw
            </th>
            <th scope="col" className="py-2 pr-3 text-right text-net">
              flow records
            </th>
            <th scope="col" className="py-2 pr-3 text-right text-net">
              sensors
            </th>
            <th scope="col" className="py-2 pr-3 text-right text-logs">
              Logs saw
            </th>
            <th scope="col" className="py-2 pr-3 text-right text-logs">
              log records
            </th>
            <th scope="col" className="py-2 text-right text-logs">
              hosts sending logs
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.stage} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <th scope="row" className="py-1.5 pr-3 text-left font-medium">
                {STAGE_LABELS[r.stage]}
              </th>
              <td className="py-1.5 pr-3 text-right tabular-nums">{n(r.networkSaw)}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{n(r.networkRecords)}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{n(r.networkSensors)}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{n(r.logsSaw)}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{n(r.logRecords)}</td>
              <td className="py-1.5 text-right tabular-nums">{n(r.logHosts)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-500">
        A sensor is one flow exporter (or one flow file without an exporter address). Hosts sending logs are the hosts whose log lines hold the evidence: to see
        the same activities from the endpoints, each of them has to ship its logs.
      </p>
    </div>
  );
}
