import { createDemoAssessment } from '@/lib/assessments/demo';
import { route } from '@/lib/http/errors';
import { requireApiSession } from '@/app/_lib/auth';

export const POST = route(async (req: Request) => {
  await requireApiSession(req);
  const id = await createDemoAssessment();
  return Response.json({ id }, { status: 201 });
});
