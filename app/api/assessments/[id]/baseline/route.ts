// Expected vs measured: the uploaded Navigator layer or DeTT&CT YAML file is read, compared and answered; never stored.
import { requireApiSession } from '@/app/_lib/auth';
import { getBaseline } from '@/lib/baseline/get-baseline';
import { MAX_BASELINE_BYTES } from '@/lib/baseline/read-navigator-layer';
import { requireAssessment } from '@/lib/http/assessment-param';
import { AppError, route } from '@/lib/http/errors';

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const assessmentId = await requireAssessment((await ctx.params).id);
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BASELINE_BYTES)
    throw new AppError('too_large', 'baseline too large', 'The file is larger than 2 MB.');
  return Response.json(await getBaseline(assessmentId, await req.text()));
});
