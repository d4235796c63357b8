// The share page's password form posts here (a plain HTML form: works without JavaScript).
// Success sets an http-only cookie scoped to this link's path; failure goes back with ?error.
import { assertSameOrigin } from '@/app/_lib/auth';
import { clientAddress } from '@/lib/auth/client-address';
import { isHttps } from '@/lib/auth/csrf';
import { AppError } from '@/lib/http/errors';
import { resolveShareToken, shareCookieName, unlockShare } from '@/lib/report/share-tokens';

const back = (token: string, query = '') => new Response(null, { status: 303, headers: { Location: `/r/${encodeURIComponent(token)}${query}` } });

export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  try {
    assertSameOrigin(req);
    const form = await req.formData();
    const password = String(form.get('password') ?? '').slice(0, 1024);
    const unlocked = await unlockShare(token, password, clientAddress(req.headers));
    const share = unlocked && (await resolveShareToken(token));
    if (!unlocked || !share) return back(token); // the page then shows the common 404
    const cookie = [
      `${shareCookieName(share.linkId)}=${unlocked.proof}`,
      `Path=/r/${encodeURIComponent(token)}`,
      'HttpOnly',
      'SameSite=Lax',
      `Expires=${unlocked.expiresAt.toUTCString()}`,
      isHttps(req.url) ? 'Secure' : '',
    ]
      .filter(Boolean)
      .join('; ');
    return new Response(null, { status: 303, headers: { Location: `/r/${encodeURIComponent(token)}`, 'Set-Cookie': cookie } });
  } catch (err) {
    if (err instanceof AppError && err.code === 'rate_limited') return back(token, '?error=rate');
    if (err instanceof AppError) return back(token, '?error=password');
    console.error('[sightline] share unlock failed', err);
    return back(token, '?error=server');
  }
}
