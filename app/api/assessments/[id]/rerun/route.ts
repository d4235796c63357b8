import { requireApiSession } from '@/app/_lib/auth';
import { requireAssessment } from '@/lib/http/assessment-param';
import { route } from '@/lib/http/errors';
import { rerunAnalysis } from '@/lib/pipeline/start';

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const id = await requireAssessment((await ctx.params).id);
  await rerunAnalysis(id);
  return Response.json({ queued: true }, { status: 202 });
});
