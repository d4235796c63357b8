'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { HostMappingData } from '@/lib/queries/get-host-mappings';
import { IdentityExamples } from './identity-examples';

/** Map a host name to an address by hand (or correct one); unmapped names and addresses are the to-do. */
export function HostMapping({
  assessmentId,
  mappings,
  doubts,
  unmappedNames,
  unmappedIps,
}: {
  assessmentId: string;
} & HostMappingData) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [ip, setIp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const call = async (method: 'POST' | 'DELETE', body: { name: string; ip: string }) => {
    setError(null);
    const res = await fetch(`/api/assessments/${assessmentId}/hosts`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) return setError((await res.json()).message);
    setName('');
    setIp('');
    router.refresh();
  };
  const field = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-800';
  return (
    <section className="card space-y-3" aria-labelledby="mapping-heading">
      <h2 id="mapping-heading" className="text-lg font-semibold">
        Host mapping
      </h2>
      {(unmappedNames.length > 0 || unmappedIps.length > 0) && (
        <div className="rounded-md bg-amber-50 p-3 text-sm dark:bg-amber-900/20" data-testid="mapping-todo">
          <p className="font-medium">To do</p>
          {unmappedNames.length > 0 && <p>Hosts that sent logs but have no known address: {unmappedNames.join(', ')}</p>}
          {unmappedIps.length > 0 && (
            <p>
              Internal addresses in flows mapped to no host:{' '}
              <span className="font-mono">
                {unmappedIps.slice(0, 30).join(', ')}
                {unmappedIps.length > 30 ? ` … (${unmappedIps.length})` : ''}
              </span>
            </p>
          )}
        </div>
      )}
      {doubts.length > 0 && (
        <div className="rounded-md bg-amber-50 p-3 text-sm dark:bg-amber-900/20" data-testid="mapping-doubts">
          <p className="font-medium">Suggested by the flows, not mapped: decide</p>
          <ul className="mt-1 space-y-2">
            {doubts.map((d) => (
              <li key={`${d.name}-${d.ip}`}>
                {d.name} → <span className="font-mono">{d.ip}</span>: {d.reason}{' '}
                <button
                  type="button"
                  className="text-xs text-blue-700 hover:underline dark:text-blue-400"
                  onClick={() => void call('POST', { name: d.name, ip: d.ip })}
                >
                  map it
                </button>
                <IdentityExamples examples={d.examples} label="matching records" />
              </li>
            ))}
          </ul>
        </div>
      )}
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void call('POST', { name: name.trim(), ip: ip.trim() });
        }}
      >
        <label className="text-xs">
          Host name
          <br />
          <input className={field} value={name} onChange={(e) => setName(e.target.value)} list="unmapped-names" required />
        </label>
        <datalist id="unmapped-names">
          {unmappedNames.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <label className="text-xs">
          Address
          <br />
          <input className={`${field} font-mono`} value={ip} onChange={(e) => setIp(e.target.value)} list="unmapped-ips" required />
        </label>
        <datalist id="unmapped-ips">
          {unmappedIps.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <button type="submit" className="btn btn-secondary">
          Map
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Known host addresses</caption>
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1">Host</th>
              <th>Address</th>
              <th>Learned from</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mappings.map((m) => (
              <tr key={`${m.name}-${m.ip}`} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1">{m.name}</td>
                <td className="font-mono text-xs">
                  {m.ip}
                  {m.shared && (
                    <span className="ml-2 rounded bg-amber-100 px-1 font-sans text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
                      shared: not attributed
                    </span>
                  )}
                </td>
                <td className="text-xs">
                  {m.source} · {m.confidence.toFixed(2)}
                  {m.basis && <p className="text-slate-600 dark:text-slate-400">{m.basis}</p>}
                  <IdentityExamples examples={m.examples} label="records that justify it" />
                </td>
                <td className="text-right">
                  <button
                    type="button"
                    className="text-xs text-red-700 hover:underline dark:text-red-400"
                    onClick={() => void call('DELETE', { name: m.name, ip: m.ip })}
                  >
                    remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
