import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/_lib/auth';
import { BaselineUpload } from '@/components/baseline-upload';
import { getAssessmentStatus } from '@/lib/queries/get-assessment-status';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Expected baseline' };

export default async function BaselinePage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
  const status = await getAssessmentStatus(id).catch(() => null);
  if (!status) notFound();
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
        <Link href={`/assessments/${id}`} className="hover:underline">
          {status.name}
        </Link>{' '}
        › expected baseline
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">Expected against measured</h1>
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">
        Upload what the team believes it sees — an ATT&amp;CK Navigator layer whose scores are visibility 0–4, as DeTT&amp;CT uses them, or a DeTT&amp;CT
        technique administration file (each technique’s newest visibility score, the highest over its <code>applicable_to</code> entries) or data-source
        administration file — and see it beside what this assessment measured, technique by technique. The file is read and compared, never stored.
      </p>
      <BaselineUpload assessmentId={id} />
      <p className="text-sm">
        <a href={`/api/assessments/${id}/baseline/dettect`} className="font-medium text-sky-700 hover:underline dark:text-sky-400" download>
          Download the measured visibility as a DeTT&amp;CT technique administration file (YAML)
        </a>{' '}
        <span className="text-slate-500">— version 1.2, each technique’s measured score in its visibility score_logbook.</span>
      </p>
    </div>
  );
}
