import { requireApiSession } from '@/app/_lib/auth';
import { startAssessment } from '@/lib/assessments/start';
import { getPrisma } from '@/lib/db/client';
import { AppError, route } from '@/lib/http/errors';

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const { id } = await ctx.params;
  const a = await getPrisma()
    .assessment.findUnique({ where: { id } })
    .catch(() => null);
  if (!a) throw new AppError('not_found', `assessment ${id} not found`, 'This assessment does not exist.');
  const queued = await startAssessment(id);
  return Response.json({ queued }, { status: 202 });
});
