import type { Visibility } from '@/lib/stages';

const STYLE: Record<Visibility, string> = {
  detected: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300',
  evidence: 'bg-yellow-100 text-yellow-800 dark:bg-yellow-900/40 dark:text-yellow-300',
  blind: 'bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400',
  unknown: 'border border-dashed border-slate-400 text-slate-500 dark:border-slate-600 dark:text-slate-400',
};

export function VisibilityBadge({ value, source }: { value: Visibility; source: string }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${STYLE[value]}`} title={`${source}: ${value}`}>
      {value}
    </span>
  );
}
