import { requireApiSession } from '@/app/_lib/auth';
import { createDemoAssessment } from '@/lib/assessments/demo';
import { route } from '@/lib/http/errors';

export const POST = route(async (req: Request) => {
  await requireApiSession(req);
  const id = await createDemoAssessment();
  return Response.json({ id }, { status: 201 });
});
