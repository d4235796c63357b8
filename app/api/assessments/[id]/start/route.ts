import { requireApiSession } from '@/app/_lib/auth';
import { requireAssessment } from '@/lib/http/assessment-param';
import { route } from '@/lib/http/errors';
import { startAssessment } from '@/lib/pipeline/start';

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const id = await requireAssessment((await ctx.params).id);
  const queued = await startAssessment(id);
  return Response.json({ queued }, { status: 202 });
});
