import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/_lib/auth';
import { ExportLinks } from '@/components/report/export-links';
import { ReportBody } from '@/components/report/report-body';
import { ReportEditor } from '@/components/report/report-editor';
import { ShareLinksPanel } from '@/components/report/share-links-panel';
import { getReport } from '@/lib/report/reports';
import { listShareLinks } from '@/lib/report/share-tokens';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Report' };

/** A frozen report as the SOC lead sees it: the editor, its share links and exports, then the report itself. */
export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
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
      <ReportBody title={report.title} summary={report.summary} snapshot={report.snapshot} />
    </div>
  );
}
