import type { Metadata } from 'next';
import Link from 'next/link';
import { requireSession } from '@/app/_lib/auth';
import { listReports } from '@/lib/report/reports';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Reports' };

/** Frozen reports, newest first, with how many share links are live. */
export default async function ReportsPage() {
  await requireSession();
  const reports = await listReports();
  return (
    <section aria-labelledby="reports-heading" className="space-y-4">
      <div>
        <h1 id="reports-heading" className="text-2xl font-semibold tracking-tight">
          Reports
        </h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600 dark:text-slate-400">
          A report freezes an assessment’s coverage, activities and blind spots as they were when it was created; later re-runs do not change it. Share it with
          management through a read-only link.
        </p>
      </div>
      {reports.length === 0 ? (
        <div className="card text-sm text-slate-600 dark:text-slate-400">
          No reports yet. Open a finished assessment and choose <strong>Create report</strong>.
        </div>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="w-full text-sm" data-testid="reports-table">
            <caption className="sr-only">Reports</caption>
            <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Title
                </th>
                <th scope="col" className="px-4 py-2">
                  Assessment
                </th>
                <th scope="col" className="px-4 py-2">
                  Created (UTC)
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  Live share links
                </th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <td className="px-4 py-2">
                    <Link href={`/reports/${r.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                      {r.title}
                    </Link>
                  </td>
                  <td className="px-4 py-2">{r.assessmentName}</td>
                  <td className="px-4 py-2 tabular-nums">{r.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{r.activeLinks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
