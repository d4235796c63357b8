// Advice that closes gaps, ranked by the activities of this assessment each change would have made visible.
import type { Advice } from '@/lib/advice/advice';

export function AdviceList({ advice }: { advice: Advice[] }) {
  if (advice.length === 0) {
    return <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No change is advised: no gap here that the other source could count.</p>;
  }
  return (
    <ol className="mt-2 space-y-3 text-sm" data-testid="advice">
      {advice.map((a) => (
        <li key={`${a.kind}|${a.host}`} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <p>
            <span className="font-medium">{a.change}</span> —{' '}
            <span className="tabular-nums font-semibold">
              +{a.activitiesGained} activit{a.activitiesGained === 1 ? 'y' : 'ies'}
            </span>{' '}
            {a.gain === 'detected' ? `detected by the ${a.source} (held only as evidence today)` : `visible to the ${a.source}`}
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-400">Because {a.why}.</p>
          <pre className="mt-2 overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">{a.lines.join('\n')}</pre>
        </li>
      ))}
    </ol>
  );
}
