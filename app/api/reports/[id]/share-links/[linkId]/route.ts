// Revoking a share link takes effect at once: the share page looks the link up on every view.
import { requireApiSession } from '@/app/_lib/auth';
import { AppError, route } from '@/lib/http/errors';
import { revokeShareLink } from '@/lib/report/share-tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string; linkId: string }> }) => {
  await requireApiSession(req);
  const { id, linkId } = await ctx.params;
  if (!UUID.test(id) || !UUID.test(linkId)) throw new AppError('not_found', `share link ${linkId} not found`, 'This share link does not exist.');
  await revokeShareLink(id, linkId);
  return new Response(null, { status: 204 });
});
