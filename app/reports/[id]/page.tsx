import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/_lib/auth';
import { ExportLinks } from '@/components/report/export-links';
import { ReportBody } from '@/components/report/report-body';
import { ReportEditor } from '@/components/report/report-editor';
import { ShareLinksPanel } from '@/components/report/share-links-panel';
import { parsePageNumber } from '@/lib/queries/activity-filter';
import { isPrintPass, PRINT_COOKIE, REPORT_PAGE_SIZE } from '@/lib/report/print-pass';
import { getReport } from '@/lib/report/reports';
import { listShareLinks } from '@/lib/report/share-tokens';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Report' };

/** A frozen report as the SOC lead sees it: the editor, its share links and exports, then the report itself. */
export default async function ReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  await requireSession();
  const { id } = await params;
  const page = parsePageNumber((await searchParams).page);
  // A page of activities at a time; the PDF renderer (with the print pass) reads them all.
  const printing = isPrintPass((await cookies()).get(PRINT_COOKIE)?.value);
  const report = await getReport(id);
  if (!report) notFound();
  const links = await listShareLinks(report.id);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="no-print text-sm text-slate-600 dark:text-slate-400">
        <Link href="/reports" className="hover:underline">
          Reports
        </Link>{' '}
        › report
      </nav>
      <ReportEditor id={report.id} title={report.title} summary={report.summary} />
      <ShareLinksPanel reportId={report.id} links={links} />
      <ExportLinks base={`/api/reports/${report.id}/export`} />
      <ReportBody
        title={report.title}
        summary={report.summary}
        snapshot={report.snapshot}
        paging={printing ? undefined : { page, pageSize: REPORT_PAGE_SIZE, href: (p) => `/reports/${report.id}${p > 1 ? `?page=${p}` : ''}` }}
      />
    </div>
  );
}
