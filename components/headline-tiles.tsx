import { CLASS_COLORS, type ClassCounts, COVERAGE_CLASS_HINTS, COVERAGE_CLASS_LABELS, COVERAGE_CLASSES, type CoverageClass } from '@/lib/report/coverage-class';

const TEST_ID: Record<CoverageClass, string> = {
  networkOnly: 'network-only',
  logsOnly: 'logs-only',
  bothDetected: 'both-detected',
  oneWithEvidence: 'one-with-evidence',
  unknown: 'unknown',
};

/** The total and one tile per headline class, each named as its series in the stage chart. */
export function HeadlineTiles({
  counts,
  total,
  totalLabel = 'Activities',
  testIdPrefix,
}: {
  counts: ClassCounts;
  total: number;
  totalLabel?: string;
  testIdPrefix: string;
}) {
  return (
    <section aria-labelledby={`${testIdPrefix}-headline`} className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      <h2 id={`${testIdPrefix}-headline`} className="sr-only">
        Headline numbers
      </h2>
      <Tile label={totalLabel} value={total} testId={`${testIdPrefix}-activities`} />
      {COVERAGE_CLASSES.map((k) => (
        <Tile
          key={k}
          label={COVERAGE_CLASS_LABELS[k]}
          hint={COVERAGE_CLASS_HINTS[k]}
          value={counts[k]}
          color={CLASS_COLORS[k]}
          testId={`${testIdPrefix}-${TEST_ID[k]}`}
        />
      ))}
    </section>
  );
}

function Tile({ label, hint, value, color, testId }: { label: string; hint?: string; value: number; color?: string; testId: string }) {
  return (
    <div className="card avoid-break border-t-4 p-3" style={color ? { borderTopColor: color } : undefined}>
      <div className="text-xs font-medium text-slate-600 dark:text-slate-300">{label}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
      {hint && <div className="text-xs text-slate-500">{hint}</div>}
    </div>
  );
}
