import { notFound } from 'next/navigation';
import { isUuid } from '@/lib/http/assessment-param';
import { assessmentExists } from '@/lib/queries/get-assessment-status';

/**
 * Every page of an assessment: an unknown or malformed id is a real HTTP 404 (this layout runs
 * before any page streams; the overview's loading skeleton sits below it, in (overview)).
 */
export default async function AssessmentLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id) || !(await assessmentExists(id))) notFound();
  return children;
}
