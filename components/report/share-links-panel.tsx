'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ShareLinkRow } from '@/lib/report/share-tokens';

const EXPIRY = [1, 7, 30, 90] as const;

/** Create, list and revoke a report's share links. A new link's URL is shown once, here. */
export function ShareLinksPanel({ reportId, links }: { reportId: string; links: ShareLinkRow[] }) {
  const router = useRouter();
  const [days, setDays] = useState<(typeof EXPIRY)[number]>(30);
  const [password, setPassword] = useState('');
  const [showRawLines, setShowRawLines] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/reports/${reportId}/share-links`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ expiresInDays: days, password: password || undefined, showRawLines }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.message ?? 'could not create the link');
      setCreated(`${window.location.origin}${body.path}`);
      setPassword('');
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (linkId: string) => {
    const res = await fetch(`/api/reports/${reportId}/share-links/${linkId}`, { method: 'DELETE' });
    if (!res.ok) setError('could not revoke the link');
    router.refresh();
  };
  const input = 'rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-800';
  return (
    <section aria-labelledby="share-heading" className="card no-print space-y-3">
      <h2 id="share-heading" className="text-lg font-semibold">
        Share links
      </h2>
      <form onSubmit={create} className="flex flex-wrap items-end gap-3 text-sm" aria-label="New share link">
        <label>
          <span className="block font-medium">Expires after</span>
          <select className={input} value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof EXPIRY)[number])}>
            {EXPIRY.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? '1 day' : `${d} days`}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="block font-medium">Password (optional)</span>
          <input className={input} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" minLength={8} />
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={showRawLines} onChange={(e) => setShowRawLines(e.target.checked)} />
          Include raw log lines
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create share link'}
        </button>
      </form>
      {created && (
        <div role="status" className="rounded-md border border-green-300 bg-green-50 p-2 text-sm dark:border-green-800 dark:bg-green-950">
          <p className="font-medium">Copy this link now: it is shown only once.</p>
          <input
            readOnly
            value={created}
            aria-label="New share link URL"
            className={`${input} mt-1 w-full font-mono text-xs`}
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {links.length === 0 ? (
        <p className="text-sm text-slate-500">No share links yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="share-links">
            <caption className="sr-only">Share links of this report</caption>
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col">Created (UTC)</th>
                <th scope="col">Expires (UTC)</th>
                <th scope="col">Status</th>
                <th scope="col">Password</th>
                <th scope="col">Raw lines</th>
                <th scope="col" className="text-right">
                  Views
                </th>
                <th scope="col">Last viewed</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1 tabular-nums">{l.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td className="tabular-nums">{l.expiresAt.slice(0, 16).replace('T', ' ')}</td>
                  <td data-testid="share-link-status">{l.status}</td>
                  <td>{l.hasPassword ? 'yes' : 'no'}</td>
                  <td>{l.showRawLines ? 'yes' : 'no'}</td>
                  <td className="text-right tabular-nums" data-testid="share-link-views">
                    {l.viewCount}
                  </td>
                  <td className="tabular-nums">{l.lastViewedAt ? l.lastViewedAt.slice(0, 16).replace('T', ' ') : '—'}</td>
                  <td className="text-right">
                    {l.status === 'active' && (
                      <button type="button" className="text-red-700 hover:underline" onClick={() => revoke(l.id)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
