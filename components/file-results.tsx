import type { FileError, FileResult, ProblemCounts } from '@/lib/queries/get-files';
import { problemSentence } from '@/lib/report/problem-sentence';

export function FileResults({ files, errors, errorsTotal, counts }: { files: FileResult[]; errors: FileError[]; errorsTotal: number; counts: ProblemCounts }) {
  return (
    <div className="space-y-4">
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="problem-counts">
        {problemSentence(counts)}
      </p>
      {files.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No file has been read yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-sm" data-testid="file-results">
            <caption className="sr-only">Parse results per file</caption>
            <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  File
                </th>
                <th scope="col" className="py-2 pr-3">
                  Kind
                </th>
                <th scope="col" className="py-2 pr-3">
                  Format
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  Records
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  Unreadable lines
                </th>
                <th scope="col" className="py-2">
                  Notes
                </th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={`${f.uploadId}-${f.path}`} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                  <td className="py-1.5 pr-3 font-mono text-xs break-all">{f.path}</td>
                  <td className="py-1.5 pr-3">{f.kind}</td>
                  <td className="py-1.5 pr-3">
                    {f.format ??
                      (f.skipped && f.errors === 0 ? (
                        <span className="text-slate-500">skipped</span>
                      ) : (
                        <span className="text-red-700 dark:text-red-400">not recognised</span>
                      ))}
                  </td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{Number(f.records).toLocaleString('en')}</td>
                  {/* A file not read has no lines to count: its problem is the file itself. */}
                  <td className="py-1.5 pr-3 text-right tabular-nums">{f.skipped ? '—' : f.errors.toLocaleString('en')}</td>
                  <td className="py-1.5 text-xs text-slate-600 dark:text-slate-400">{f.notes.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {errors.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold">
            Problems ({errorsTotal.toLocaleString('en')}
            {errorsTotal > errors.length ? `, first ${errors.length} shown` : ''})
          </h3>
          <ul className="mt-1 max-h-64 space-y-1 overflow-y-auto font-mono text-xs" data-testid="file-errors">
            {errors.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list rendered once, never reordered
              <li key={i} className="break-all">
                <span className="text-slate-500">
                  {e.path}
                  {e.line != null ? `:${e.line}` : ''}
                  {e.offset != null ? ` @${e.offset}` : ''}
                </span>{' '}
                <span className="text-red-700 dark:text-red-400">{e.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
