import Link from 'next/link';
import { requireSession } from '@/app/_lib/auth';
import { DemoButton } from '@/components/demo-button';
import { FormatList } from '@/components/format-list';
import { NewAssessmentForm } from '@/components/new-assessment-form';
import { StatusBadge } from '@/components/status-badge';
import { formatListing } from '@/lib/ingest/format-guide';
import { allFormats } from '@/lib/ingest/registry';
import { listAssessments } from '@/lib/queries/list-assessments';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  await requireSession();
  const assessments = await listAssessments();
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_26rem]">
      <section aria-labelledby="assessments-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 id="assessments-heading" className="text-2xl font-semibold tracking-tight">
              Assessments
            </h1>
            <p className="mt-1 max-w-2xl text-sm text-slate-600 dark:text-slate-400">
              What does your network see that your logs don’t — and the other way round? Upload a log bundle and a flow export; Sightline shows, for each
              kill-chain stage, who saw what.
            </p>
          </div>
          <DemoButton />
        </div>
        {assessments.length === 0 ? (
          <div className="card text-sm text-slate-600 dark:text-slate-400">
            No assessments yet. Upload your own data on the right, or load the demo dataset.
          </div>
        ) : (
          <div className="card overflow-x-auto p-0">
            <table className="w-full text-sm">
              <caption className="sr-only">Assessments</caption>
              <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
                <tr>
                  <th scope="col" className="px-4 py-2">
                    Name
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Status
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    Files
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    Activities
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    Network saw
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    Logs saw
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Created (UTC)
                  </th>
                </tr>
              </thead>
              <tbody>
                {assessments.map((a) => (
                  <tr key={a.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                    <td className="px-4 py-2">
                      <Link href={`/assessments/${a.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                        {a.name}
                      </Link>
                    </td>
                    <td className="px-4 py-2">
                      <StatusBadge status={a.status} />
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums">{a.uploads}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{a.activities}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{a.networkSeen}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{a.logsSeen}</td>
                    <td className="px-4 py-2 tabular-nums text-slate-600 dark:text-slate-400">{a.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <aside aria-labelledby="new-heading" className="card h-fit">
        <h2 id="new-heading" className="text-lg font-semibold">
          New assessment
        </h2>
        <NewAssessmentForm />
        <FormatList formats={formatListing(allFormats)} />
      </aside>
    </div>
  );
}
