// "Freeze this comparison into a report": the newer assessment's report carrying the comparison.
import { z } from 'zod';
import { requireApiSession } from '@/app/_lib/auth';
import { createComparisonReport } from '@/lib/compare/create-comparison-report';
import { route } from '@/lib/http/errors';

const Body = z.object({ beforeId: z.string().max(64), afterId: z.string().max(64) }).strict();

export const POST = route(async (req: Request) => {
  const user = await requireApiSession(req);
  const body = Body.parse(await req.json().catch(() => ({})));
  const id = await createComparisonReport({ ...body, userId: user.userId });
  return Response.json({ id }, { status: 201 });
});
