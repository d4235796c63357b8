'use client';

import { useState } from 'react';
import type { BaselineRow } from '@/lib/baseline/compare-baseline';
import type { ExpectedDataSource } from '@/lib/baseline/read-dettect-yaml';

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

/** Upload an ATT&CK Navigator layer (4.x) or a DeTT&CT administration file (YAML) and see it beside what this assessment measured. */
export function BaselineUpload({ assessmentId }: { assessmentId: string }) {
  const [rows, setRows] = useState<BaselineRow[] | null>(null);
  const [dataSources, setDataSources] = useState<ExpectedDataSource[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const file = new FormData(e.currentTarget).get('layer');
    if (!(file instanceof File) || file.size === 0) return setError('Choose a layer or DeTT&CT file first.');
    setBusy(true);
    setError(null);
    setRows(null);
    setDataSources([]);
    try {
      const res = await fetch(`/api/assessments/${assessmentId}/baseline`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: file });
      const body = await res.json();
      if (!res.ok) throw new Error(body.message ?? 'could not read the file');
      setRows(body.rows);
      setDataSources(body.dataSources ?? []);
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
          <span className="block font-medium">ATT&amp;CK Navigator layer (JSON, format 4.x, scores 0–4) or DeTT&amp;CT administration file (YAML)</span>
          <input name="layer" type="file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml" className="mt-1 text-sm" />
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
      {dataSources.length > 0 && (
        <div className="card overflow-x-auto p-0">
          <table className="w-full text-sm" data-testid="baseline-data-sources">
            <caption className="px-4 pt-3 text-left text-sm text-slate-600 dark:text-slate-400">
              Data sources your DeTT&amp;CT file lists — a data-source file scores sources, not techniques, so every technique below is “not in baseline”.
            </caption>
            <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Data source
                </th>
                <th scope="col" className="px-4 py-2">
                  Available
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  Data quality (0–5)
                </th>
                <th scope="col" className="px-4 py-2">
                  Products
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {dataSources.map((d) => (
                <tr key={d.name}>
                  <th scope="row" className="px-4 py-1.5 text-left">
                    {d.name}
                  </th>
                  <td className="px-4 py-1.5">{d.available ? 'yes' : 'no'}</td>
                  <td className="px-4 py-1.5 text-right tabular-nums">{d.quality}</td>
                  <td className="px-4 py-1.5 text-slate-600 dark:text-slate-400">{d.products.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
