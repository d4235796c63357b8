'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Freezes the assessment's current results into a report and opens it. */
export function CreateReportButton({ assessmentId, disabled }: { assessmentId: string; disabled?: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/assessments/${assessmentId}/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.message ?? 'could not create the report');
      router.push(`/reports/${body.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="no-print flex flex-col items-end gap-1">
      <button type="button" className="btn btn-primary" onClick={create} disabled={busy || disabled}>
        {busy ? 'Creating report…' : 'Create report'}
      </button>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
