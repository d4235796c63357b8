import { z } from 'zod';
import { assertSameOrigin } from '@/app/_lib/auth';
import { signIn } from '@/lib/auth/accounts';
import { clientAddress } from '@/lib/auth/client-address';
import { isHttps } from '@/lib/auth/csrf';
import { sessionCookie } from '@/lib/auth/sessions';
import { route } from '@/lib/http/errors';

const ZLogin = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(1024) });

export const POST = route(async (req: Request) => {
  assertSameOrigin(req); // login CSRF: a foreign page must not sign the browser into another account
  const input = ZLogin.parse(await req.json());
  const s = await signIn({ ...input, ip: clientAddress(req.headers) });
  return Response.json({ ok: true }, { headers: { 'Set-Cookie': sessionCookie(s.token, s.expiresAt, { secure: isHttps(req.url) }) } });
});
