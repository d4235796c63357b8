import type { RankedBlindSpot } from '@/lib/queries/get-blind-spot-page';
import type { BlindSpotRow } from '@/lib/queries/get-blind-spots';
import { WithAddressLinks } from './address-link';

export const BLIND_SPOT_LABEL: Record<string, string> = {
  host_without_logs: 'Seen in flows, no logs',
  host_without_flows: 'Logs, but no flows',
  log_gap: 'Log gap',
  flow_gap: 'Flow gap',
  audit_rules_missing: 'auditd rules missing',
};

/** `assessmentId` makes each blind spot's address a link to its page (none in frozen reports). */
export function BlindSpotList({ rows, assessmentId }: { rows: BlindSpotRow[]; assessmentId?: string }) {
  if (rows.length === 0) return <p className="mt-2 text-sm text-slate-500">No blind spots found.</p>;
  return (
    <ul className="mt-2 max-h-80 space-y-1.5 overflow-y-auto text-sm" data-testid="blind-spots">
      {rows.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list rendered once, never reordered
        <li key={`${b.kind}-${i}`} className="flex gap-2">
          <KindChip b={b} />
          <span className="text-slate-700 dark:text-slate-300">
            {assessmentId ? <WithAddressLinks assessmentId={assessmentId} text={b.detail} ip={b.ip} /> : b.detail}
          </span>
        </li>
      ))}
    </ul>
  );
}

function KindChip({ b }: { b: BlindSpotRow }) {
  return (
    <span
      className={`shrink-0 rounded px-1.5 py-0.5 text-xs ${b.source === 'logs' ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200' : 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200'}`}
    >
      {BLIND_SPOT_LABEL[b.kind] ?? b.kind}
    </span>
  );
}

/** Blind spots in rank order with what each weighs (activities, flows); addresses link to their pages. No scroll box: the caller pages. */
export function RankedBlindSpotList({ rows, assessmentId }: { rows: RankedBlindSpot[]; assessmentId: string }) {
  return (
    <ol className="mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="blind-spots">
      {rows.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one page of a fixed order, rendered once
        <li key={`${b.kind}-${i}`} className="flex flex-wrap items-start gap-x-2 gap-y-1 py-1.5" data-testid="blind-spot">
          <KindChip b={b} />
          <span className="min-w-0 flex-1 text-slate-700 dark:text-slate-300">
            <WithAddressLinks assessmentId={assessmentId} text={b.detail} ip={b.ip} />
          </span>
          {(b.activities > 0 || b.flows > 0) && (
            <span className="shrink-0 text-xs tabular-nums text-slate-500" data-testid="blind-spot-weight">
              {b.activities > 0 && `${b.activities.toLocaleString('en')} ${b.activities === 1 ? 'activity' : 'activities'}`}
              {b.activities > 0 && b.flows > 0 && ' · '}
              {b.flows > 0 && `${b.flows.toLocaleString('en')} ${b.flows === 1 ? 'flow' : 'flows'}`}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
