import type { BlindSpotRow } from '@/lib/queries/get-blind-spots';
import { WithAddressLinks } from './address-link';

const LABEL: Record<string, string> = {
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
          <span
            className={`shrink-0 rounded px-1.5 py-0.5 text-xs ${b.source === 'logs' ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200' : 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200'}`}
          >
            {LABEL[b.kind] ?? b.kind}
          </span>
          <span className="text-slate-700 dark:text-slate-300">
            {assessmentId ? <WithAddressLinks assessmentId={assessmentId} text={b.detail} ip={b.ip} /> : b.detail}
          </span>
        </li>
      ))}
    </ul>
  );
}
