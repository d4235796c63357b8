import { requireApiSession } from '@/app/_lib/auth';
import { getSettings, saveSettings } from '@/lib/assessments/settings';
import { requireAssessment } from '@/lib/http/assessment-param';
import { route } from '@/lib/http/errors';

export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const id = await requireAssessment((await ctx.params).id);
  return Response.json(await getSettings(id));
});

export const PUT = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const id = await requireAssessment((await ctx.params).id);
  return Response.json(await saveSettings(id, await req.json()));
});
