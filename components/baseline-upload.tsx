'use client';

import { useState } from 'react';
import type { BaselineRow } from '@/lib/baseline/compare-baseline';

const GAP_STYLE: Record<BaselineRow['gap'], string> = {
  over: 'text-red-700 dark:text-red-400',
  under: 'text-emerald-700 dark:text-emerald-400',
  met: '',
  unscored: 'text-slate-500',
};
const GAP_LABEL: Record<BaselineRow['gap'], string> = {
  over: 'believed, not seen',
  under: 'seen better than believed',
  met: 'as believed',
  unscored: 'not in baseline',
};

/** Upload an ATT&CK Navigator layer (4.x) and see it beside what this assessment measured. */
export function BaselineUpload({ assessmentId }: { assessmentId: string }) {
  const [rows, setRows] = useState<BaselineRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const file = new FormData(e.currentTarget).get('layer');
    if (!(file instanceof File) || file.size === 0) return setError('Choose a layer file first.');
    setBusy(true);
    setError(null);
    setRows(null);
    try {
      const res = await fetch(`/api/assessments/${assessmentId}/baseline`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: file });
      const body = await res.json();
      if (!res.ok) throw new Error(body.message ?? 'could not read the layer');
      setRows(body.rows);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="card flex flex-wrap items-end gap-3" aria-label="Baseline upload">
        <label className="text-sm">
          <span className="block font-medium">ATT&amp;CK Navigator layer (JSON, format 4.x), scores 0–4</span>
          <input name="layer" type="file" accept=".json,application/json" className="mt-1 text-sm" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Reading…' : 'Compare with measured'}
        </button>
        {error && (
          <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400" data-testid="baseline-error">
            {error}
          </p>
        )}
      </form>
      {rows && (
        <div className="card overflow-x-auto p-0">
          <table className="w-full text-sm" data-testid="baseline-table">
            <caption className="sr-only">Expected against measured visibility per technique</caption>
            <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Technique
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  Expected
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  Measured
                </th>
                <th scope="col" className="px-4 py-2">
                  Gap
                </th>
                <th scope="col" className="px-4 py-2">
                  Why
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((r) => (
                <tr key={r.technique}>
                  <th scope="row" className="px-4 py-1.5 text-left font-mono text-xs">
                    {r.technique}
                  </th>
                  <td className="px-4 py-1.5 text-right tabular-nums">{r.expected ?? '—'}</td>
                  <td className="px-4 py-1.5 text-right tabular-nums">{r.measured}</td>
                  <td className={`px-4 py-1.5 ${GAP_STYLE[r.gap]}`}>{GAP_LABEL[r.gap]}</td>
                  <td className="px-4 py-1.5 text-slate-600 dark:text-slate-400">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
