import type { TechniqueVisibility } from '@/lib/queries/get-technique-visibility';
import { STAGE_LABELS, STAGES } from '@/lib/stages';

function tone(t: TechniqueVisibility): { className: string; label: string } {
  if (t.both >= t.networkOnly && t.both >= t.logsOnly && t.both > 0) return { className: 'border-both bg-both/15', label: 'both' };
  const unknown = t.unknown ?? 0;
  if (unknown > t.networkOnly && unknown > t.logsOnly && unknown > t.both) return { className: 'border-unknown bg-unknown/15', label: 'unknown' };
  if (t.networkOnly >= t.logsOnly) return { className: 'border-net bg-net/15', label: 'network only' };
  return { className: 'border-logs bg-logs/15', label: 'logs only' };
}

/** ATT&CK view: techniques seen, per stage, coloured by visibility (the DeTT&CT overlay). */
export function TechniqueGrid({ techniques, query }: { techniques: TechniqueVisibility[]; query: (t: string) => string }) {
  if (techniques.length === 0) return <p className="text-sm text-slate-500">No techniques seen for these filters.</p>;
  return (
    <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="technique-grid">
      {STAGES.filter((s) => s !== 'weaponization').map((s) => (
        <div key={s}>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{STAGE_LABELS[s]}</h3>
          <ul className="space-y-1">
            {techniques
              .filter((t) => t.stage === s)
              .map((t) => {
                const { className, label } = tone(t);
                return (
                  <li key={t.technique}>
                    <a
                      href={query(t.technique)}
                      className={`block rounded border-l-4 px-2 py-1 text-xs hover:brightness-95 ${className}`}
                      title={`${t.technique}: ${t.activities} activities — ${t.networkOnly} network only, ${t.both} both, ${t.logsOnly} logs only, ${t.unknown ?? 0} unknown; visibility ${t.visibility}/4`}
                    >
                      <span className="font-mono font-medium">{t.technique}</span>
                      <span className="float-right tabular-nums text-slate-600 dark:text-slate-300">{t.visibility}/4</span>
                      <span className="block text-[11px] text-slate-600 dark:text-slate-300">
                        {t.activities} · {label}
                      </span>
                    </a>
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </div>
  );
}
