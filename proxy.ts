// First gate for every request. Next.js 16 renamed middleware to "proxy" and runs it on the
// Node.js runtime (node_modules/next/dist/docs/.../proxy.md: "Proxy defaults to using the
// Node.js runtime", not configurable), so the real database checks can run here.
// They must: the root app/loading.tsx makes every page stream, and once streaming started a
// page's redirect('/login') or notFound() can no longer change the HTTP status (it answers
// 200 and redirects in the document). Checking here gives real 307 / 401 / 404 answers.
// Pages and handlers still check the session themselves (requireSession / requireApiSession):
// a matcher change must never open a route.
import crypto from 'node:crypto';
import { type NextRequest, NextResponse } from 'next/server';
import { getSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { SHARE_GONE_HEADERS, SHARE_PATH, shareGoneBody } from '@/lib/report/share-gone';
import { isLiveShareToken } from '@/lib/report/share-tokens';

/** Paths anyone may open: sign-in, first-run setup, shared reports. */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/login' || pathname === '/setup' || pathname === '/api/auth/login' || pathname === '/api/auth/setup' || pathname.startsWith('/r/');
}

/**
 * Content Security Policy: no inline script runs unless it carries this request's nonce (Next
 * adds it to its own scripts when it finds the policy on the request), nothing loads from
 * another origin, no framing. Styles allow inline attributes: React and recharts set `style=`,
 * which a nonce cannot cover; style attributes cannot run code.
 */
export function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : '';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function proxy(req: NextRequest): Promise<NextResponse> {
  const nonce = crypto.randomBytes(16).toString('base64');
  const policy = contentSecurityPolicy(nonce);
  const res = await gate(req, policy, nonce);
  res.headers.set('Content-Security-Policy', policy);
  return res;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

// A path Next.js cannot decode (`/hosts/%E0%A4%A`) used to end in a 500; it is the client's
// mistake, so it gets a plain 400 page before anything else looks at it.
const BAD_PATH_HTML = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad request</title></head>
<body style="font-family:system-ui,sans-serif"><main style="max-width:32rem;margin:4rem auto;text-align:center">
<h1 style="font-size:1.125rem">This address is malformed</h1><p>Check the link and try again.</p></main></body></html>`;

async function gate(req: NextRequest, policy: string, nonce: string): Promise<NextResponse> {
  const { pathname } = req.nextUrl;
  if (safeDecode(pathname) === undefined) {
    return new NextResponse(req.method === 'HEAD' ? null : BAD_PATH_HTML, { status: 400, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  }
  // Every method, every path under a link: HEAD and POST on a dead link used to answer 200.
  const share = SHARE_PATH.exec(pathname);
  if (share && !(await isLiveShareToken(safeDecode(share[1] ?? '') ?? ''))) {
    return new NextResponse(req.method === 'HEAD' ? null : shareGoneBody(), { status: 404, headers: SHARE_GONE_HEADERS });
  }
  if (isPublicPath(pathname) || (await getSession(req.cookies.get(SESSION_COOKIE)?.value))) {
    const headers = new Headers(req.headers);
    headers.set('x-nonce', nonce);
    headers.set('Content-Security-Policy', policy);
    return NextResponse.next({ request: { headers } });
  }
  if (pathname.startsWith('/api/')) {
    return NextResponse.json({ error: 'unauthorized', message: 'Sign in to continue.' }, { status: 401 });
  }
  return NextResponse.redirect(new URL('/login', req.url));
}

export const config = {
  matcher: [
    // Static assets, Next internals and the upload route stay out. Uploads because Next
    // buffers (and cuts at 10 MB, `proxyClientMaxBodySize`) the body of every POST that
    // proxy runs on; that handler checks the session itself before reading the body.
    '/((?!_next/static|_next/image|favicon\\.ico|robots\\.txt|api/assessments/[^/]+/uploads).*)',
  ],
};
