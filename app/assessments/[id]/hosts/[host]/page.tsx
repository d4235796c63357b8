import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/_lib/auth';
import { ActivityTable } from '@/components/activity-table';
import { AddressLink, WithAddressLinks } from '@/components/address-link';
import { StageCoverageChart } from '@/components/charts/stage-coverage-chart';
import { HostIdentity } from '@/components/host-identity';
import { isTimeZone } from '@/lib/format-time';
import { isUuid } from '@/lib/http/assessment-param';
import { getActivities } from '@/lib/queries/get-activities';
import { addressPath } from '@/lib/queries/get-address';
import { getBlindSpots } from '@/lib/queries/get-blind-spots';
import { getClassFacts } from '@/lib/queries/get-class-facts';
import { getHosts } from '@/lib/queries/get-hosts';
import { buildAnswer } from '@/lib/report/answer';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Host' };

export default async function HostPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; host: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requireSession();
  const { id, host: raw } = await params;
  const search = await searchParams;
  const name = decodeURIComponent(raw);
  if (!isUuid(id)) notFound();
  const hosts = await getHosts(id);
  const host = hosts.find((h) => h.name === name);
  if (!host) notFound();
  const tz = isTimeZone(search.tz) ? search.tz : 'UTC';
  const [facts, activities, blind] = await Promise.all([getClassFacts(id, { host: name }), getActivities(id, { host: name, limit: 200 }), getBlindSpots(id)]);
  const mine = blind.filter((b) => b.host === name || (b.ip !== null && host.ips.includes(b.ip)));
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
        <Link href={`/assessments/${id}`} className="hover:underline">
          Assessment
        </Link>{' '}
        › host
      </nav>
      <header className="card">
        <h1 className="text-xl font-semibold">
          {host.name} {host.role && <span className="text-sm font-normal text-slate-500">{host.role}</span>}
        </h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Addresses:{' '}
          {host.ips.length ? (
            host.ips.map((ip, i) => (
              <span key={ip}>
                {i > 0 && ', '}
                <AddressLink assessmentId={id} ip={ip} />
              </span>
            ))
          ) : (
            <span className="font-mono">unknown — map it in Settings</span>
          )}{' '}
          · known from {host.source} · {host.hasLogs ? 'sent logs' : 'sent no logs'}
          {host.sharedIps.length > 0 && ` · shared address ${host.sharedIps.join(', ')} (NAT?): flows to it are not attributed`}
        </p>
      </header>
      <HostIdentity host={host} />
      <section className="card" aria-labelledby="h-coverage">
        <h2 id="h-coverage" className="text-lg font-semibold">
          Coverage on {host.name}
        </h2>
        <StageCoverageChart data={buildAnswer(facts).stages} />
      </section>
      <section className="card p-0" aria-labelledby="h-activities">
        <h2 id="h-activities" className="px-4 pt-4 text-lg font-semibold">
          Activities
        </h2>
        <ActivityTable
          rows={activities.rows}
          total={activities.total}
          tz={tz}
          link={(a) => `/assessments/${id}/activities/${a.id}`}
          address={(ip) => addressPath(id, ip)}
        />
      </section>
      <section className="card" aria-labelledby="h-blind">
        <h2 id="h-blind" className="text-lg font-semibold">
          Blind spots
        </h2>
        {mine.length === 0 ? (
          <p className="text-sm text-slate-500">None for this host.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {mine.map((b, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list rendered once, never reordered
              <li key={i}>
                <WithAddressLinks assessmentId={id} text={b.detail} ip={b.ip} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
