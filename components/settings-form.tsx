'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Settings } from '@/lib/settings';

export interface DetectorInfo {
  id: string;
  title: string;
  stage: string;
  source: string;
  thresholds: { key: string; label: string; default: number; unit?: string; anchor: string }[];
}

const input = 'w-28 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm tabular-nums dark:border-slate-700 dark:bg-slate-800';

/** Per-assessment settings with a re-run: thresholds apply to the stored records, no re-upload. */
export function SettingsForm({ assessmentId, initial, detectors }: { assessmentId: string; initial: Settings; detectors: DetectorInfo[] }) {
  const router = useRouter();
  const [s, setS] = useState<Settings>(initial);
  const [ranges, setRanges] = useState(initial.internalRanges.join('\n'));
  const [state, setState] = useState<{ busy: boolean; message?: string; error?: string }>({ busy: false });
  const setThreshold = (id: string, key: string, value: string) => {
    const d = { ...(s.detectors[id] ?? {}) };
    if (value === '') delete d[key];
    else d[key] = Number(value);
    setS({ ...s, detectors: { ...s.detectors, [id]: d } });
  };
  const save = async (rerun: boolean) => {
    setState({ busy: true });
    const body = { ...s, internalRanges: ranges.split(/\s+/).filter(Boolean) };
    const res = await fetch(`/api/assessments/${assessmentId}/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) return setState({ busy: false, error: json.message });
    if (!rerun) return setState({ busy: false, message: 'Saved. Re-run the analysis to apply.' });
    const r = await fetch(`/api/assessments/${assessmentId}/rerun`, { method: 'POST' });
    if (!r.ok) return setState({ busy: false, error: (await r.json()).message });
    router.push(`/assessments/${assessmentId}`);
  };
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        void save(true);
      }}
      aria-label="Assessment settings"
    >
      <section className="card grid gap-4 sm:grid-cols-2">
        <h2 className="text-lg font-semibold sm:col-span-2">Correlation</h2>
        <label className="text-sm">
          Time tolerance (s)
          <br />
          <input
            type="number"
            className={input}
            min={0}
            value={s.toleranceSeconds}
            onChange={(e) => setS({ ...s, toleranceSeconds: Number(e.target.value) })}
          />
          <span className="block text-xs text-slate-500">Two sources’ views of one action merge when their spans overlap within this.</span>
        </label>
        <label className="text-sm">
          Log gap (s)
          <br />
          <input type="number" className={input} min={60} value={s.logGapSeconds} onChange={(e) => setS({ ...s, logGapSeconds: Number(e.target.value) })} />
          <span className="block text-xs text-slate-500">A silence this long in one host’s logs is a blind spot.</span>
        </label>
        <label className="text-sm">
          Flow gap (s)
          <br />
          <input type="number" className={input} min={60} value={s.flowGapSeconds} onChange={(e) => setS({ ...s, flowGapSeconds: Number(e.target.value) })} />
        </label>
        <label className="text-sm">
          Internal address ranges (one CIDR per line)
          <br />
          <textarea
            className="mt-1 h-28 w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-800"
            value={ranges}
            onChange={(e) => setRanges(e.target.value)}
          />
        </label>
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">Detector thresholds</h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">Empty = the default from the public anchor shown.</p>
        <div className="divide-y divide-slate-100 dark:divide-slate-800">
          {detectors.map((d) => (
            <fieldset key={d.id} className="grid gap-2 py-3 md:grid-cols-[16rem_1fr]">
              <legend className="sr-only">{d.title}</legend>
              <div>
                <label className="flex items-center gap-2 text-sm font-medium">
                  <input
                    type="checkbox"
                    checked={(s.detectors[d.id]?.enabled ?? 1) !== 0}
                    onChange={(e) => setThreshold(d.id, 'enabled', e.target.checked ? '' : '0')}
                  />
                  {d.title}
                </label>
                <div className="text-xs text-slate-500">
                  {d.source} · {d.stage} · <span className="font-mono">{d.id}</span>
                </div>
              </div>
              <div className="flex flex-wrap gap-4">
                {d.thresholds.map((t) => (
                  <label key={t.key} className="text-xs" title={t.anchor}>
                    {t.label}
                    {t.unit ? ` (${t.unit})` : ''}
                    <br />
                    <input
                      type="number"
                      className={input}
                      placeholder={String(t.default)}
                      step="any"
                      value={s.detectors[d.id]?.[t.key] ?? ''}
                      onChange={(e) => setThreshold(d.id, t.key, e.target.value)}
                    />
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
        </div>
      </section>
      {state.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.error}
        </p>
      )}
      {state.message && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {state.message}
        </p>
      )}
      <div className="flex gap-3">
        <button type="submit" className="btn btn-primary" disabled={state.busy}>
          {state.busy ? 'Working…' : 'Save and re-run analysis'}
        </button>
        <button type="button" className="btn btn-secondary" disabled={state.busy} onClick={() => void save(false)}>
          Save only
        </button>
      </div>
    </form>
  );
}
