// A report's share links: list them, or create one (its token is returned once, never stored).
import { z } from 'zod';
import { requireApiSession } from '@/app/_lib/auth';
import { AppError, route } from '@/lib/http/errors';
import { getReport } from '@/lib/report/reports';
import { createShareLink, DEFAULT_SHARE_EXPIRY_DAYS, listShareLinks, SHARE_EXPIRY_DAYS } from '@/lib/report/share-tokens';

type Ctx = { params: Promise<{ id: string }> };

const Body = z
  .object({
    expiresInDays: z.literal([...SHARE_EXPIRY_DAYS]).default(DEFAULT_SHARE_EXPIRY_DAYS),
    password: z.string().min(8, 'a share password needs at least 8 characters').max(1024).optional(),
    showRawLines: z.boolean().default(false),
  })
  .strict();

async function reportOrThrow(id: string) {
  const report = await getReport(id);
  if (!report) throw new AppError('not_found', `report ${id} not found`, 'This report does not exist.');
  return report;
}

export const GET = route(async (req: Request, ctx: Ctx) => {
  await requireApiSession(req);
  const report = await reportOrThrow((await ctx.params).id);
  return Response.json({ links: await listShareLinks(report.id) });
});

export const POST = route(async (req: Request, ctx: Ctx) => {
  await requireApiSession(req);
  const report = await reportOrThrow((await ctx.params).id);
  const body = Body.parse(await req.json().catch(() => ({})));
  const link = await createShareLink({ reportId: report.id, ...body });
  return Response.json({ id: link.id, path: `/r/${link.token}`, expiresAt: link.expiresAt }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
