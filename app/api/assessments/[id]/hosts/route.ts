import { z } from 'zod';
import { requireApiSession } from '@/app/_lib/auth';
import { mapHostManually, unmapHost } from '@/lib/hosts/host-rows';
import { requireAssessment } from '@/lib/http/assessment-param';
import { route } from '@/lib/http/errors';

const ZMapping = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/, 'not a host name'),
  ip: z.union([z.ipv4(), z.ipv6()]),
});

/** Manual host mapping: the SOC lead maps or corrects a name ↔ address (kept across re-runs). */
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const id = await requireAssessment((await ctx.params).id);
  const m = ZMapping.parse(await req.json());
  await mapHostManually(id, m.name, m.ip);
  return Response.json(m, { status: 201 });
});

export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireApiSession(req);
  const id = await requireAssessment((await ctx.params).id);
  const m = ZMapping.parse(await req.json());
  return Response.json({ removed: await unmapHost(id, m.name, m.ip) });
});
