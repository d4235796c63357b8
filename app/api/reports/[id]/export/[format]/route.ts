// Exports for the signed-in SOC lead: PDF (Chromium prints the report page with this
// session), CSV, JSON and an ATT&CK Navigator layer. The share route produces the same files.
import { z } from 'zod';
import { readCookie, requireApiSession } from '@/app/_lib/auth';
import { SESSION_COOKIE } from '@/lib/auth/sessions';
import { AppError, route } from '@/lib/http/errors';
import { downloadResponse, EXPORT_FORMATS, exportFile, fileStem } from '@/lib/report/exports';
import { internalBaseUrl, renderPdf } from '@/lib/report/pdf';
import { assertPdfAvailable } from '@/lib/report/pdf-availability';
import { getReport } from '@/lib/report/reports';

export const dynamic = 'force-dynamic';

export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string; format: string }> }) => {
  await requireApiSession(req);
  const { id, format } = await ctx.params;
  const fmt = z.enum(EXPORT_FORMATS).safeParse(format);
  const report = await getReport(id);
  if (!report || !fmt.success) throw new AppError('not_found', `no export ${format} of report ${id}`, 'This export does not exist.');
  if (fmt.data !== 'pdf') return downloadResponse(exportFile(fmt.data, report));
  assertPdfAvailable();
  const session = readCookie(req, SESSION_COOKIE);
  const pdf = await renderPdf(
    {
      url: `${internalBaseUrl()}/reports/${report.id}`,
      cookies: session ? [{ name: SESSION_COOKIE, value: session }] : [],
    },
    req.signal,
  );
  return downloadResponse({ body: pdf, contentType: 'application/pdf', filename: `${fileStem(report.title)}.pdf` });
});
