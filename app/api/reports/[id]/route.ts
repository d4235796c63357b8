// One report: read it, edit its title and executive summary (the snapshot never changes), delete it.
import { z } from 'zod';
import { requireApiSession } from '@/app/_lib/auth';
import { AppError, route } from '@/lib/http/errors';
import { deleteReport, getReport, updateReport } from '@/lib/report/reports';

type Ctx = { params: Promise<{ id: string }> };

const Patch = z
  .object({ title: z.string().trim().min(1).max(200).optional(), summary: z.string().max(20_000).optional() })
  .strict()
  .refine((p) => p.title !== undefined || p.summary !== undefined, 'nothing to change');

export const GET = route(async (req: Request, ctx: Ctx) => {
  await requireApiSession(req);
  const { id } = await ctx.params;
  const report = await getReport(id);
  if (!report) throw new AppError('not_found', `report ${id} not found`, 'This report does not exist.');
  return Response.json(report);
});

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  await requireApiSession(req);
  const { id } = await ctx.params;
  await updateReport(id, Patch.parse(await req.json().catch(() => null)));
  return Response.json({ ok: true });
});

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  await requireApiSession(req);
  await deleteReport((await ctx.params).id);
  return new Response(null, { status: 204 });
});
