import { requireApiSession } from '@/app/_lib/auth';
import { route } from '@/lib/http/errors';
import { listReports } from '@/lib/report/reports';

export const GET = route(async (req: Request) => {
  await requireApiSession(req);
  return Response.json({ reports: await listReports() });
});
