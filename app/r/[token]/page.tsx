// A shared report: no login, read-only, shows only the snapshot (raw lines only if the link
// allows them), never an id or a link into the app. Unknown, expired and revoked tokens all
// end in the same notFound().
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { ExportLinks } from '@/components/report/export-links';
import { ReportBody } from '@/components/report/report-body';
import { parsePageNumber } from '@/lib/queries/activity-filter';
import { isPrintPass, PRINT_COOKIE, REPORT_PAGE_SIZE } from '@/lib/report/print-pass';
import { isUnlocked, recordShareView, resolveShareToken, shareCookieName } from '@/lib/report/share-tokens';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Shared report', robots: { index: false, follow: false } };

const ERRORS: Record<string, string> = {
  password: 'Wrong password.',
  rate: 'Too many wrong passwords. Wait 15 minutes and try again.',
  server: 'Something went wrong. Try again.',
};

export default async function SharedReportPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ error?: string; page?: string }>;
}) {
  const { token } = await params;
  const share = await resolveShareToken(token);
  if (!share) notFound();
  if (!isUnlocked(share, (await cookies()).get(shareCookieName(share.linkId))?.value)) {
    const error = ERRORS[(await searchParams).error ?? ''];
    return (
      <form method="post" action={`/r/${token}/unlock`} className="card mx-auto mt-10 max-w-sm space-y-3" aria-label="Unlock shared report">
        <h1 className="text-lg font-semibold">This report is password-protected</h1>
        <label className="block text-sm">
          <span className="font-medium">Password</span>
          <input
            name="password"
            type="password"
            required
            autoComplete="off"
            className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-800"
          />
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary w-full justify-center">
          Open report
        </button>
      </form>
    );
  }
  await recordShareView(share.linkId);
  // A page of activities at a time; the PDF renderer (with the print pass) reads them all.
  const jar = await cookies();
  const page = parsePageNumber((await searchParams).page);
  const paging = isPrintPass(jar.get(PRINT_COOKIE)?.value)
    ? undefined
    : { page, pageSize: REPORT_PAGE_SIZE, href: (p: number) => `/r/${token}${p > 1 ? `?page=${p}` : ''}` };
  return (
    <div className="space-y-6">
      <ExportLinks base={`/r/${token}/export`} />
      <ReportBody title={share.title} summary={share.summary} snapshot={share.snapshot} paging={paging} />
      <p className="text-xs text-slate-500">
        Read-only report shared from Sightline. This link expires {share.expiresAt.toISOString().slice(0, 10)}.
        {share.snapshot.secretsRedacted && ' Raw log lines are not shared, and secrets in command lines (passwords, tokens) are redacted.'}
      </p>
    </div>
  );
}
