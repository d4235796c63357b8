export default function Loading() {
  return (
    <div className="space-y-4" role="status" aria-busy="true" aria-label="Loading">
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-72 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
    </div>
  );
}
