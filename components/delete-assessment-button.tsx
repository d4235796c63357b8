'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Deletes the assessment; while the pipeline still runs this is the "cancel" (it stops and rolls back). */
export function DeleteAssessmentButton({ id, running }: { id: string; running: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = running ? 'Cancel and delete' : 'Delete';
  const go = async () => {
    if (
      !window.confirm(
        running ? 'Stop the analysis and delete this assessment with its uploads?' : 'Delete this assessment and its uploads? Reports made from it stay.',
      )
    )
      return;
    setBusy(true);
    const res = await fetch(`/api/assessments/${id}`, { method: 'DELETE' });
    if (res.ok) {
      router.push('/');
      router.refresh();
    } else {
      setError((await res.json().catch(() => ({ message: 'could not delete' }))).message);
      setBusy(false);
    }
  };
  return (
    <span className="inline-flex flex-col items-end">
      <button type="button" className="btn btn-secondary text-red-700 dark:text-red-400" onClick={go} disabled={busy}>
        {busy ? 'Deleting…' : label}
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
