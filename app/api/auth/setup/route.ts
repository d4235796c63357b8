import { z } from 'zod';
import { assertSameOrigin } from '@/app/_lib/auth';
import { createFirstUser } from '@/lib/auth/accounts';
import { isHttps } from '@/lib/auth/csrf';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/passwords';
import { sessionCookie } from '@/lib/auth/sessions';
import { route } from '@/lib/http/errors';

const ZSetup = z.object({
  username: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only'),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
});

export const POST = route(async (req: Request) => {
  assertSameOrigin(req);
  const input = ZSetup.parse(await req.json());
  const s = await createFirstUser(input);
  return Response.json({ ok: true }, { status: 201, headers: { 'Set-Cookie': sessionCookie(s.token, s.expiresAt, { secure: isHttps(req.url) }) } });
});
