'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="card mx-auto max-w-lg text-center">
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">The page could not be shown. The server log has the details.</p>
      <button type="button" className="btn btn-secondary mt-3" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
