import type { HostRow } from '@/lib/queries/get-hosts';
import { IdentityExamples } from './identity-examples';

const SOURCE_LABELS: Record<string, string> = {
  inventory: 'inventory',
  'hosts-file': '/etc/hosts in a bundle',
  manual: 'mapped by hand',
  logs: 'stated in the logs or bundle',
  folder: 'bundle folder',
  flows: 'co-occurrence with the flows',
};

/** Where a host's name and each of its addresses came from, and the addresses left for a person to decide. */
export function HostIdentity({ host }: { host: HostRow }) {
  const addresses = host.addresses ?? [];
  const doubts = host.doubts ?? [];
  return (
    <section className="card space-y-3" aria-labelledby="h-identity">
      <h2 id="h-identity" className="text-lg font-semibold">
        Identity
      </h2>
      <div className="text-sm">
        <p>
          Name <span className="font-medium">{host.name}</span> read from: {host.nameBasis ?? SOURCE_LABELS[host.source] ?? host.source}
        </p>
        <IdentityExamples examples={host.nameExamples ?? []} label="records that carry the name" />
      </div>
      {addresses.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="no-address">
          No address: nothing in the logs or the flows ties this host to one. Map it in Settings if you know it.
        </p>
      ) : (
        <ul className="space-y-2 text-sm" data-testid="host-addresses">
          {addresses.map((a) => (
            <li key={a.ip}>
              <span className="font-mono">{a.ip}</span> · {SOURCE_LABELS[a.source] ?? a.source} · confidence {a.confidence.toFixed(2)}
              {a.shared && ' · shared with another host: flows to it are not attributed'}
              {a.basis && <p className="text-xs text-slate-600 dark:text-slate-400">{a.basis}</p>}
              <IdentityExamples examples={a.examples} label="records that justify it" />
            </li>
          ))}
        </ul>
      )}
      {doubts.length > 0 && (
        <div className="rounded-md bg-amber-50 p-3 text-sm dark:bg-amber-900/20" data-testid="host-doubts">
          <p className="font-medium">Suggested by the flows, not mapped (for you to decide in Settings)</p>
          <ul className="mt-1 space-y-2">
            {doubts.map((d) => (
              <li key={d.ip}>
                <span className="font-mono">{d.ip}</span>: {d.reason}
                <IdentityExamples examples={d.examples} label="matching records" />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
