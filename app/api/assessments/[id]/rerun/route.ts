import { requireApiSession } from '@/app/_lib/auth';
import { rerunAnalysis } from '@/lib/assessments/settings';
import { requireAssessment } from '@/lib/http/assessment-param';
import { route } from '@/lib/http/errors';

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const id = await requireAssessment((await ctx.params).id);
  await rerunAnalysis(id);
  return Response.json({ queued: true }, { status: 202 });
});
