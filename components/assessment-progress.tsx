'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { AssessmentStatus } from '@/lib/queries/get-assessment-status';

const STEPS = ['ingest', 'hosts', 'detect', 'correlate', 'blind-spots'];

/** Live progress while the pipeline runs; refreshes the page when it finishes. */
export function AssessmentProgress({ initial }: { initial: AssessmentStatus }) {
  const router = useRouter();
  const [s, setS] = useState(initial);
  const running = s.status !== 'ready' && s.status !== 'failed';
  useEffect(() => {
    if (!running) return;
    let stop = false;
    const tick = async () => {
      try {
        const res = await fetch(`/api/assessments/${s.id}/status`, { cache: 'no-store' });
        if (res.ok) {
          const next = (await res.json()) as AssessmentStatus;
          if (stop) return;
          setS(next);
          if (next.status === 'ready' || next.status === 'failed') {
            router.refresh();
            return;
          }
        }
      } catch {}
      if (!stop) setTimeout(tick, 1000);
    };
    const t = setTimeout(tick, 700);
    return () => {
      stop = true;
      clearTimeout(t);
    };
  }, [running, s.id, router]);

  if (!running && s.status !== 'failed') return null;
  const current = s.status === 'ingesting' ? 'ingest' : (s.stage ?? '');
  return (
    <section aria-label="Pipeline progress" aria-live="polite" className="card space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {STEPS.map((step, i) => {
          const idx = STEPS.indexOf(current);
          const state = s.status === 'failed' ? 'idle' : i < idx ? 'done' : i === idx ? 'active' : 'idle';
          return (
            <span
              key={step}
              className={`rounded px-2 py-0.5 ${state === 'active' ? 'bg-sky-600 text-white' : state === 'done' ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300' : 'bg-slate-100 text-slate-500 dark:bg-slate-800'}`}
            >
              {step}
            </span>
          );
        })}
      </div>
      {s.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {s.error}
        </p>
      )}
      <ul className="space-y-2 text-sm">
        {s.uploads.map((u) => (
          <li key={u.id}>
            <div className="flex justify-between gap-3">
              <span className="truncate">
                {u.name} <span className="text-xs text-slate-500">({u.kind})</span>
              </span>
              <span className="shrink-0 tabular-nums text-slate-600 dark:text-slate-400">
                {u.status === 'failed' ? 'failed' : `${u.status} · ${u.records.toLocaleString('en')} records${uploadProblems(u)}`}
              </span>
            </div>
            <progress
              className="h-1.5 w-full"
              max={Math.max(u.sizeBytes, 1)}
              value={u.status === 'done' ? u.sizeBytes : u.bytesRead}
              aria-label={`Ingest of ${u.name}`}
            />
            {u.error && <p className="text-xs text-red-700 dark:text-red-400">{u.error}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** An upload's problems, per file and per line apart once its files are stored; a running count while it is read. */
function uploadProblems(u: AssessmentStatus['uploads'][number]): string {
  const p = u.problems;
  if (!p) return u.errors > 0 ? ` · ${u.errors.toLocaleString('en')} problems so far` : '';
  const parts = [
    p.filesNotRead > 0 && `${p.filesNotRead.toLocaleString('en')} ${p.filesNotRead === 1 ? 'file' : 'files'} not read`,
    p.membersRefused > 0 && `${p.membersRefused.toLocaleString('en')} archive ${p.membersRefused === 1 ? 'member' : 'members'} refused`,
    p.lines > 0 && `${p.lines.toLocaleString('en')} unreadable ${p.lines === 1 ? 'line' : 'lines'}`,
    p.filesSkipped > 0 && `${p.filesSkipped.toLocaleString('en')} empty or binary skipped`,
  ].filter(Boolean);
  return parts.length ? ` · ${parts.join(' · ')}` : '';
}
