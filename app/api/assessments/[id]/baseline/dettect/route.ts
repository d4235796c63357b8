// The measured visibility as a DeTT&CT technique administration file (download).
import { requireApiSession } from '@/app/_lib/auth';
import { getDettectExport } from '@/lib/baseline/get-dettect-export';
import { requireAssessment } from '@/lib/http/assessment-param';
import { route } from '@/lib/http/errors';

export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const { filename, yaml } = await getDettectExport(await requireAssessment((await ctx.params).id));
  return new Response(yaml, { headers: { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` } });
});
