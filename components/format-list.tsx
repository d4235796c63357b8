import type { FormatListing } from '@/lib/ingest/format-guide';

/** Every format Sightline reads, with an example line and what it takes from it (lib/ingest/format-guide.ts). */
export function FormatList({ formats }: { formats: readonly FormatListing[] }) {
  return (
    <details className="mt-4 text-sm" data-testid="format-list">
      <summary className="cursor-pointer font-medium">Formats Sightline reads ({formats.length}), recognised from their content</summary>
      <ul className="mt-2 space-y-3">
        {formats.map((f) => (
          <li key={f.id}>
            <span className="font-medium">{f.label}</span> <span className="text-xs text-slate-500">({f.kind})</span>
            <code className="mt-1 block overflow-x-auto whitespace-pre rounded bg-slate-100 p-1 text-xs dark:bg-slate-800">{f.example}</code>
            <span className="block text-xs text-slate-600 dark:text-slate-400">Takes: {f.takes}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
