// Exports of a shared report: the same files as for signed-in users, cut to what the link
// may show. A locked (password) link answers exactly like an unknown one until unlocked.
import { z } from 'zod';
import { readCookie } from '@/app/_lib/auth';
import { clientAddress } from '@/lib/auth/client-address';
import { route } from '@/lib/http/errors';
import { downloadResponse, EXPORT_FORMATS, exportFile, fileStem } from '@/lib/report/exports';
import { internalBaseUrl, renderPdf } from '@/lib/report/pdf';
import { assertPdfAvailable } from '@/lib/report/pdf-availability';
import { shareGoneResponse } from '@/lib/report/share-gone';
import { takeSharePdfRender } from '@/lib/report/share-pdf-limit';
import { isUnlocked, resolveShareToken, shareCookieName } from '@/lib/report/share-tokens';

export const dynamic = 'force-dynamic';

// A locked link's export answers exactly like a dead link (the proxy's answer).
const gone = shareGoneResponse;

export const GET = route(async (req: Request, ctx: { params: Promise<{ token: string; format: string }> }) => {
  const { token, format } = await ctx.params;
  const fmt = z.enum(EXPORT_FORMATS).safeParse(format);
  const share = await resolveShareToken(token);
  if (!fmt.success || !share) return gone();
  const cookie = readCookie(req, shareCookieName(share.linkId));
  if (!isUnlocked(share, cookie)) return gone();
  if (fmt.data !== 'pdf') return downloadResponse(exportFile(fmt.data, share));
  assertPdfAvailable();
  takeSharePdfRender(share.linkId, clientAddress(req.headers));
  const pdf = await renderPdf(
    {
      url: `${internalBaseUrl()}/r/${token}`,
      cookies: cookie ? [{ name: shareCookieName(share.linkId), value: cookie }] : [],
    },
    req.signal,
  );
  return downloadResponse({ body: pdf, contentType: 'application/pdf', filename: `${fileStem(share.title)}.pdf` });
});
