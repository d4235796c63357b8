/** The records that justify a host's name or address: file, line (or flow record) and text. Usable from server and client components. */
export function IdentityExamples({ examples, label }: { examples: { file: string; line: number; text: string }[]; label: string }) {
  if (examples.length === 0) return null;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
        {label} ({examples.length})
      </summary>
      <ul className="mt-1 space-y-1">
        {examples.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list rendered once, never reordered
          <li key={i} className="break-all">
            <span className="text-slate-500">
              {e.file || 'record'}:{e.line}
            </span>{' '}
            <code className="font-mono">{e.text}</code>
          </li>
        ))}
      </ul>
    </details>
  );
}
