'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function DemoButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/demo', { method: 'POST' });
      const body = await res.json();
      if (!res.ok) throw new Error(body.message ?? 'could not load the demo');
      router.push(`/assessments/${body.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="flex flex-col items-end gap-1">
      <button type="button" className="btn btn-secondary" onClick={load} disabled={busy}>
        {busy ? 'Generating demo…' : 'Load demo data'}
      </button>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
