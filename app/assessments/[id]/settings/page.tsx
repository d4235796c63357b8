import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/_lib/auth';
import { HostMapping } from '@/components/host-mapping';
import { SettingsForm } from '@/components/settings-form';
import { getSettings } from '@/lib/assessments/settings';
import { detectors } from '@/lib/detect/registry';
import { isUuid } from '@/lib/http/assessment-param';
import { getAssessmentStatus } from '@/lib/queries/get-assessment-status';
import { getHostMappings } from '@/lib/queries/get-host-mappings';
import { STAGE_LABELS } from '@/lib/stages';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const status = await getAssessmentStatus(id);
  if (!status) notFound();
  const [settings, mappings] = await Promise.all([getSettings(id), getHostMappings(id)]);
  const info = detectors.map((d) => ({
    id: d.id,
    title: d.title,
    stage: STAGE_LABELS[d.stage],
    source: d.source,
    thresholds: Object.entries(d.thresholds).map(([key, t]) => ({ key, label: t.label, default: t.default, unit: t.unit, anchor: t.anchor })),
  }));
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
        <Link href={`/assessments/${id}`} className="hover:underline">
          {status.name}
        </Link>{' '}
        › settings
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <HostMapping assessmentId={id} {...mappings} />
      <SettingsForm assessmentId={id} initial={settings} detectors={info} />
    </div>
  );
}
