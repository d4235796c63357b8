import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/_lib/auth';
import { ActivityTable } from '@/components/activity-table';
import { AddressLink } from '@/components/address-link';
import { BlindSpotList } from '@/components/blind-spot-list';
import { CommunityId } from '@/components/community-id';
import { formatTs, isTimeZone } from '@/lib/format-time';
import { parsePageNumber } from '@/lib/queries/activity-filter';
import { getActivities } from '@/lib/queries/get-activities';
import { addressPath, getAddressBlindSpots, getAddressFlows, getAddressPeers, getAddressSummary, parseAddress } from '@/lib/queries/get-address';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Address' };

const ACTIVITY_PAGE = 50;
const FLOW_PAGE = 100;

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/**
 * One address of an assessment as a place: the hosts mapped to it, its flows (paged), the
 * activities it takes part in (as host or peer) and its blind spots. An address the assessment
 * never saw, or text that is no address, is a 404 (the layout above has already checked the id).
 */
export default async function AddressPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; ip: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSession();
  const { id, ip: raw } = await params;
  const search = await searchParams;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    notFound();
  }
  const asked = parseAddress(decoded);
  if (!asked) notFound();
  const summary = await getAddressSummary(id, asked);
  if (!summary) notFound();
  const ip = summary.ip;
  const tz = typeof search.tz === 'string' && isTimeZone(search.tz) ? search.tz : 'UTC';
  const page = parsePageNumber(search.page);
  const fpage = parsePageNumber(search.fpage);
  const cidr = `${ip}/${ip.includes(':') ? 128 : 32}`;
  const hostNames = summary.hosts.map((h) => h.name);
  const [activities, flows, peers, blind] = await Promise.all([
    getActivities(id, { subnet: cidr, limit: ACTIVITY_PAGE, offset: (page - 1) * ACTIVITY_PAGE }),
    getAddressFlows(id, ip, { limit: FLOW_PAGE, offset: (fpage - 1) * FLOW_PAGE }),
    getAddressPeers(id, ip),
    getAddressBlindSpots(id, ip, hostNames),
  ]);
  const here = addressPath(id, ip);
  const query = (changes: Record<string, number>) => {
    const p = new URLSearchParams();
    if (tz !== 'UTC') p.set('tz', tz);
    const next = { page, fpage, ...changes };
    if (next.page > 1) p.set('page', String(next.page));
    if (next.fpage > 1) p.set('fpage', String(next.fpage));
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  const f = summary.flows;
  const flowPages = Math.max(1, Math.ceil(f.total / FLOW_PAGE));
  const hasLogs = summary.hosts.some((h) => h.hasLogs);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
        <Link href={`/assessments/${id}`} className="hover:underline">
          Assessment
        </Link>{' '}
        › address
      </nav>
      <header className="card space-y-2">
        <h1 className="font-mono text-xl font-semibold" data-testid="address">
          {ip}
        </h1>
        <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="address-summary">
          {summary.hosts.length === 0 ? (
            'No host is mapped to this address, so no logs are matched to it.'
          ) : (
            <>
              {summary.hosts.length === 1 ? 'Host ' : 'Hosts '}
              {summary.hosts.map((h, i) => (
                <span key={h.name}>
                  {i > 0 && ', '}
                  <Link className="font-medium text-sky-700 hover:underline dark:text-sky-400" href={`/assessments/${id}/hosts/${encodeURIComponent(h.name)}`}>
                    {h.name}
                  </Link>
                  {h.role && <span className="text-slate-500"> ({h.role})</span>}
                  {h.shared && <span className="text-amber-700 dark:text-amber-300"> · shared address</span>}
                </span>
              ))}
              {hasLogs ? ' — sent logs.' : ' — sent no logs.'}
            </>
          )}{' '}
          {f.total === 0
            ? 'No flow involves it.'
            : `${f.total.toLocaleString('en')} flows: it started ${f.sent.toLocaleString('en')} and received ${f.received.toLocaleString('en')}, answering ${f.answered.toLocaleString('en')} of them; ${bytes(f.bytesOut)} out, ${bytes(f.bytesIn)} in, with ${f.peers.toLocaleString('en')} other addresses.`}
        </p>
        {f.first && f.last && (
          <p className="text-xs text-slate-500">
            First seen {formatTs(f.first, tz)} · last seen {formatTs(f.last, tz)} ({tz})
          </p>
        )}
      </header>
      <section className="card p-0" aria-labelledby="a-activities">
        <h2 id="a-activities" className="px-4 pt-4 text-lg font-semibold">
          Activities ({activities.total.toLocaleString('en')})
        </h2>
        {activities.total === 0 ? (
          <p className="p-4 text-sm text-slate-500">No activity involves this address.</p>
        ) : (
          <ActivityTable
            rows={activities.rows}
            total={activities.total}
            tz={tz}
            link={(a) => `/assessments/${id}/activities/${a.id}`}
            address={(a) => addressPath(id, a)}
            paging={{ page, pageSize: ACTIVITY_PAGE, href: (p) => `${here}${query({ page: p })}` }}
          />
        )}
      </section>
      <section className="card" aria-labelledby="a-blind">
        <h2 id="a-blind" className="text-lg font-semibold">
          Blind spots
        </h2>
        {blind.length === 0 ? <p className="mt-2 text-sm text-slate-500">None at this address.</p> : <BlindSpotList rows={blind} assessmentId={id} />}
      </section>
      {peers.length > 0 && (
        <section className="card" aria-labelledby="a-peers">
          <h2 id="a-peers" className="text-lg font-semibold">
            Most frequent peers
          </h2>
          <div className="overflow-x-auto">
            <table className="mt-2 w-full text-sm" data-testid="address-peers">
              <caption className="sr-only">Addresses this one exchanged most flows with</caption>
              <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
                <tr>
                  <th scope="col" className="py-2 pr-3">
                    Address
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right">
                    Flows
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right">
                    Bytes
                  </th>
                  <th scope="col" className="py-2">
                    Services
                  </th>
                </tr>
              </thead>
              <tbody>
                {peers.map((p) => (
                  <tr key={p.ip} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                    <td className="py-1.5 pr-3">
                      <AddressLink assessmentId={id} ip={p.ip} />
                    </td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{p.flows.toLocaleString('en')}</td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{bytes(p.bytes)}</td>
                    <td className="py-1.5 font-mono text-xs">{p.ports.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <section className="card p-0" aria-labelledby="a-flows">
        <h2 id="a-flows" className="px-4 pt-4 text-lg font-semibold">
          Flows ({f.total.toLocaleString('en')})
        </h2>
        {flows.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">{f.total === 0 ? 'No flow involves this address.' : 'No flows on this page.'}</p>
        ) : (
          <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="address-flows">
            {flows.map((r) => (
              <li key={r.id} className="grid grid-cols-1 gap-x-3 px-4 py-2 text-sm sm:grid-cols-[10rem_1fr]">
                <span className="tabular-nums text-slate-600 dark:text-slate-400">{formatTs(r.ts, tz)}</span>
                <span className="min-w-0">
                  <span className="block text-xs text-slate-500">
                    {r.path}:{r.line}
                    <CommunityId id={r.communityId} />
                  </span>
                  <span className="block whitespace-pre-wrap break-all font-mono text-xs">{r.text}</span>
                </span>
              </li>
            ))}
          </ol>
        )}
        {flowPages > 1 && (
          <nav aria-label="Flow pages" className="flex items-center justify-between px-4 py-2 text-xs text-slate-600 dark:text-slate-400">
            <span>
              {((fpage - 1) * FLOW_PAGE + 1).toLocaleString('en')}–{Math.min(f.total, fpage * FLOW_PAGE).toLocaleString('en')} of {f.total.toLocaleString('en')}{' '}
              flows
            </span>
            <span className="flex gap-2">
              {fpage > 1 && (
                <Link className="btn btn-secondary px-2 py-0.5" href={`${here}${query({ fpage: fpage - 1 })}`}>
                  Previous
                </Link>
              )}
              <span className="self-center">
                page {fpage} / {flowPages}
              </span>
              {fpage < flowPages && (
                <Link className="btn btn-secondary px-2 py-0.5" href={`${here}${query({ fpage: fpage + 1 })}`}>
                  Next
                </Link>
              )}
            </span>
          </nav>
        )}
      </section>
    </div>
  );
}
