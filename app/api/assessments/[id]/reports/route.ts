// "Create report": freezes the assessment's current results into an immutable snapshot.
import { z } from 'zod';
import { requireApiSession } from '@/app/_lib/auth';
import { requireAssessment } from '@/lib/http/assessment-param';
import { route } from '@/lib/http/errors';
import { createReport } from '@/lib/report/reports';

const Body = z.object({ title: z.string().max(200).optional() }).strict();

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireApiSession(req);
  const assessmentId = await requireAssessment((await ctx.params).id);
  const body = Body.parse(await req.json().catch(() => ({})));
  const id = await createReport({ assessmentId, title: body.title, userId: user.userId });
  return Response.json({ id }, { status: 201 });
});
