'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

export interface PostAndOpenButtonProps {
  /** The API that creates something and answers `{ id }` (or `{ message }` on failure). */
  endpoint: string;
  /** JSON body of the POST; none when absent. */
  body?: unknown;
  /** Where to go with the created id. */
  open: (id: string) => string;
  label: string;
  busyLabel: string;
  failure: string;
  variant?: 'primary' | 'secondary';
  disabled?: boolean;
  /** Hidden when printing (report actions). */
  noPrint?: boolean;
}

/** A button that POSTs, then opens what was created; the error stays beside it. */
export function PostAndOpenButton(p: PostAndOpenButtonProps) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(
        p.endpoint,
        p.body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p.body) },
      );
      const answer = await res.json();
      if (!res.ok) throw new Error(answer.message ?? p.failure);
      router.push(p.open(answer.id));
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className={`${p.noPrint ? 'no-print ' : ''}flex flex-col items-end gap-1`}>
      <button type="button" className={`btn btn-${p.variant ?? 'primary'}`} onClick={run} disabled={busy || p.disabled}>
        {busy ? p.busyLabel : p.label}
      </button>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
