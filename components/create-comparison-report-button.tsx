'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Freezes the comparison into a report (of the newer assessment) and opens it. */
export function CreateComparisonReportButton({ beforeId, afterId }: { beforeId: string; afterId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/compare/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ beforeId, afterId }),
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
      <button type="button" className="btn btn-primary" onClick={create} disabled={busy}>
        {busy ? 'Creating report…' : 'Freeze into a report'}
      </button>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
