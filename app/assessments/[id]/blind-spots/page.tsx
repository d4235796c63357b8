import type { Metadata } from 'next';
import Link from 'next/link';
import { requireSession } from '@/app/_lib/auth';
import { BLIND_SPOT_LABEL, RankedBlindSpotList } from '@/components/blind-spot-list';
import { BLIND_SPOT_KINDS } from '@/lib/enums';
import { parsePageNumber } from '@/lib/queries/activity-filter';
import { BLIND_SPOT_SORTS, getBlindSpotPage, SORT_LABELS, ZBlindSpotQuery } from '@/lib/queries/get-blind-spot-page';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Blind spots' };

const PAGE = 50;
type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Every blind spot of an assessment, ranked by the activities each takes part in and then by
 * flows, filtered by kind and by text (an address, a host), a page at a time — the overview
 * shows the first few. The assessment's layout has already answered 404 for an unknown id.
 */
export default async function BlindSpotsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  await requireSession();
  const { id } = await params;
  const search = await searchParams;
  const query = ZBlindSpotQuery.parse({ kind: one(search.kind), q: one(search.q), sort: one(search.sort) });
  const page = parsePageNumber(search.page);
  const { rows, total, counts } = await getBlindSpotPage(id, query, { limit: PAGE, offset: (page - 1) * PAGE });
  const all = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const href = (p: number) => {
    const q = new URLSearchParams();
    if (query.kind) q.set('kind', query.kind);
    if (query.q) q.set('q', query.q);
    if (query.sort !== 'rank') q.set('sort', query.sort);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return s ? `?${s}` : '?';
  };
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
        <Link href={`/assessments/${id}`} className="hover:underline">
          Assessment
        </Link>{' '}
        › blind spots
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Blind spots</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          Where a source could not have seen anything: addresses in the flows that send no logs, hosts whose flows are missing, silences in either source. The
          ones that take part in the most activities come first, then the busiest.
        </p>
      </header>
      <form method="get" className="card flex flex-wrap items-end gap-3" aria-label="Filter blind spots">
        <label className="text-sm">
          <span className="block font-medium">Kind</span>
          <select
            name="kind"
            defaultValue={query.kind ?? ''}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-800"
          >
            <option value="">All kinds ({all.toLocaleString('en')})</option>
            {BLIND_SPOT_KINDS.filter((k) => counts[k]).map((k) => (
              <option key={k} value={k}>
                {BLIND_SPOT_LABEL[k] ?? k} ({(counts[k] ?? 0).toLocaleString('en')})
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">Address, host or text</span>
          <input
            name="q"
            type="search"
            maxLength={64}
            defaultValue={query.q ?? ''}
            placeholder="10.20.1."
            className="mt-1 w-56 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-800"
          />
        </label>
        <label className="text-sm">
          <span className="block font-medium">Order by</span>
          <select
            name="sort"
            defaultValue={query.sort}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-800"
          >
            {BLIND_SPOT_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary">
          Apply
        </button>
        {(query.kind || query.q || query.sort !== 'rank') && (
          <Link href={`/assessments/${id}/blind-spots`} className="btn btn-secondary">
            Clear
          </Link>
        )}
      </form>
      <section className="card" aria-labelledby="bs-list">
        <h2 id="bs-list" className="text-lg font-semibold" data-testid="blind-spot-count">
          {total.toLocaleString('en')} {total === 1 ? 'blind spot' : 'blind spots'}
          {total !== all && ` of ${all.toLocaleString('en')}`}
        </h2>
        {rows.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{total === 0 ? 'None match.' : 'No blind spots on this page.'}</p>
        ) : (
          <RankedBlindSpotList rows={rows} assessmentId={id} />
        )}
        {pages > 1 && (
          <nav aria-label="Blind spot pages" className="mt-2 flex items-center justify-between text-xs text-slate-600 dark:text-slate-400">
            <span>
              {((page - 1) * PAGE + 1).toLocaleString('en')}–{Math.min(total, page * PAGE).toLocaleString('en')} of {total.toLocaleString('en')}
            </span>
            <span className="flex gap-2">
              {page > 1 && (
                <Link className="btn btn-secondary px-2 py-0.5" href={href(page - 1)}>
                  Previous
                </Link>
              )}
              <span className="self-center">
                page {page} / {pages}
              </span>
              {page < pages && (
                <Link className="btn btn-secondary px-2 py-0.5" href={href(page + 1)}>
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
