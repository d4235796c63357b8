import { requireApiSession } from '@/app/_lib/auth';
import { isUuid } from '@/lib/http/assessment-param';
import { AppError, route } from '@/lib/http/errors';
import { getAssessmentStatus } from '@/lib/queries/get-assessment-status';

export const dynamic = 'force-dynamic';

export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const { id } = await ctx.params;
  const status = isUuid(id) ? await getAssessmentStatus(id) : null;
  if (!status) throw new AppError('not_found', `assessment ${id} not found`, 'This assessment does not exist.');
  return Response.json(status, { headers: { 'Cache-Control': 'no-store' } });
});
