/** Download links for a report; `base` is /api/reports/<id>/export or /r/<token>/export. */
export function ExportLinks({ base }: { base: string }) {
  const items = [
    { format: 'pdf', label: 'PDF' },
    { format: 'csv', label: 'CSV (activities)' },
    { format: 'json', label: 'JSON' },
    { format: 'navigator', label: 'ATT&CK Navigator layer' },
    // One layer per source: Navigator's layer arithmetic over the two gives network only, logs only, both.
    { format: 'navigator-network', label: 'Navigator: network layer' },
    { format: 'navigator-logs', label: 'Navigator: logs layer' },
  ];
  return (
    <nav aria-label="Export" className="no-print flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-500">Export:</span>
      {items.map((i) => (
        <a key={i.format} href={`${base}/${i.format}`} className="btn btn-secondary" download>
          {i.label}
        </a>
      ))}
    </nav>
  );
}
