import { requireApiSession } from '@/app/_lib/auth';
import { deleteAssessment } from '@/lib/assessments/delete';
import { requireAssessment } from '@/lib/http/assessment-param';
import { route } from '@/lib/http/errors';

/** Deletes an assessment (and cancels its pipeline if it is still running). */
export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const id = await requireAssessment((await ctx.params).id);
  await deleteAssessment(id);
  return new Response(null, { status: 204 });
});
