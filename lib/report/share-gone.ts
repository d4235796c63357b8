// The one answer for unknown, expired and revoked share links, whatever the method (GET, HEAD,
// POST) and whichever path under the link (page, export, unlock), and for a locked link's
// export: the same status, headers and page, so nothing tells the cases apart (issue 20,
// finding 13). The page matches app/r/[token]/not-found.tsx.
const GONE_HTML = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Not found</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;color:#0f172a;background:#f8fafc"><main style="max-width:32rem;margin:4rem auto;text-align:center">
<h1 style="font-size:1.125rem">This link does not work</h1>
<p style="color:#475569;font-size:.875rem">It may be mistyped, expired or withdrawn. Ask the sender for a new one.</p></main></body></html>`;

export const SHARE_GONE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'X-Robots-Tag': 'noindex, nofollow',
  'Cache-Control': 'no-store',
};

export function shareGoneBody(): string {
  return GONE_HTML;
}

/** Paths under a share link: `/r/<token>`, `/r/<token>/export/<format>`, `/r/<token>/unlock`. */
export const SHARE_PATH = /^\/r\/([^/]+)(?:\/export\/[^/]+|\/unlock)?\/?$/;

export function shareGoneResponse(): Response {
  return new Response(GONE_HTML, { status: 404, headers: SHARE_GONE_HEADERS });
}
