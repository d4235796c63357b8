const STYLES: Record<string, string> = {
  ready: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300',
  failed: 'bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300',
  ingesting: 'bg-sky-100 text-sky-800 dark:bg-sky-900/40 dark:text-sky-300',
  analyzing: 'bg-violet-100 text-violet-800 dark:bg-violet-900/40 dark:text-violet-300',
  pending: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${STYLES[status] ?? STYLES.pending}`} data-testid="status">
      {status}
    </span>
  );
}
