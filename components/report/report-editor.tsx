'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Edit the report's title and plain-text executive summary, or delete the report. */
export function ReportEditor({ id, title, summary }: { id: string; title: string; summary: string }) {
  const router = useRouter();
  const [t, setT] = useState(title);
  const [s, setS] = useState(summary);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);
  const call = async (method: 'PATCH' | 'DELETE', body?: unknown) => {
    const res = await fetch(`/api/reports/${id}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error((await res.json().catch(() => ({}))).message ?? `failed (${res.status})`);
  };
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setState('saving');
    setError(null);
    try {
      await call('PATCH', { title: t, summary: s });
      setState('saved');
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
      setState('idle');
    }
  };
  const remove = async () => {
    if (!window.confirm('Delete this report and all its share links?')) return;
    try {
      await call('DELETE');
      router.push('/reports');
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const input = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-800';
  return (
    <form onSubmit={save} className="card no-print space-y-3" aria-label="Edit report">
      <h2 className="text-lg font-semibold">Title and executive summary</h2>
      <label className="block text-sm">
        <span className="font-medium">Title</span>
        <input
          className={input}
          value={t}
          onChange={(e) => {
            setT(e.target.value);
            setState('idle');
          }}
          maxLength={200}
          required
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium">Executive summary</span>
        <textarea
          className={`${input} h-32`}
          value={s}
          onChange={(e) => {
            setS(e.target.value);
            setState('idle');
          }}
          maxLength={20_000}
          placeholder="Plain text for management: what the assessment found and what to do about it."
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" className="btn btn-primary" disabled={state === 'saving'}>
          {state === 'saving' ? 'Saving…' : 'Save'}
        </button>
        {state === 'saved' && (
          <span role="status" className="text-sm text-green-700">
            Saved
          </span>
        )}
        <button type="button" className="btn btn-secondary ml-auto text-red-700" onClick={remove}>
          Delete report
        </button>
      </div>
    </form>
  );
}
