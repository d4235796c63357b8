import { createDemoAssessment } from '@/lib/assessments/demo';
import { route } from '@/lib/http/errors';

export const POST = route(async () => {
  const id = await createDemoAssessment();
  return Response.json({ id }, { status: 201 });
});
