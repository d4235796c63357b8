import { z } from 'zod';
import { requireApiSession } from '@/app/_lib/auth';
import { createAssessment } from '@/lib/assessments/service';
import { route } from '@/lib/http/errors';

const ZCreate = z.object({
  name: z.string().trim().min(1).max(200),
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone')
    .default('UTC'),
});

export const POST = route(async (req: Request) => {
  await requireApiSession(req);
  const input = ZCreate.parse(await req.json());
  const id = await createAssessment(input);
  return Response.json({ id }, { status: 201 });
});
