import { readCookie, requireApiSession } from '@/app/_lib/auth';
import { isHttps } from '@/lib/auth/csrf';
import { clearedSessionCookie, deleteSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { route } from '@/lib/http/errors';

export const POST = route(async (req: Request) => {
  await requireApiSession(req);
  await deleteSession(readCookie(req, SESSION_COOKIE));
  return Response.json({ ok: true }, { headers: { 'Set-Cookie': clearedSessionCookie({ secure: isHttps(req.url) }) } });
});
