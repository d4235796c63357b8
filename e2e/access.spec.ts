// Every page and API under app/ refuses a visitor without a valid session, except the
// sign-in, first-run setup and shared-report routes. The list comes from the folder, so a
// new route is covered the day it is added.
import fs from 'node:fs';
import path from 'node:path';
import { expect, request, test } from '@playwright/test';

const appDir = path.join(import.meta.dirname, '..', 'app');
const PUBLIC = [/^\/login$/, /^\/setup$/, /^\/api\/auth\/(login|setup)$/, /^\/r\//];
const FAKE_ID = '00000000-0000-4000-8000-000000000000';

interface Entry {
  path: string;
  kind: 'page' | 'api';
  methods: string[];
}

function walk(dir: string, segments: string[] = []): Entry[] {
  const out: Entry[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.isDirectory()) {
      if (d.name.startsWith('_')) continue; // private folders are not routes
      const seg = d.name.startsWith('(') ? null : d.name.replace(/^\[.+\]$/, FAKE_ID);
      out.push(...walk(path.join(dir, d.name), seg ? [...segments, seg] : segments));
    } else if (/^page\.tsx?$/.test(d.name)) {
      out.push({ path: `/${segments.join('/')}`, kind: 'page', methods: ['GET'] });
    } else if (/^route\.tsx?$/.test(d.name)) {
      const src = fs.readFileSync(path.join(dir, d.name), 'utf8');
      const methods = [...src.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1] as string);
      out.push({ path: `/${segments.join('/')}`, kind: 'api', methods });
    }
  }
  return out;
}

const routes = walk(appDir).filter((r) => !PUBLIC.some((p) => p.test(r.path)));

test('the route list is complete enough to mean something', () => {
  expect(routes.filter((r) => r.kind === 'page').length).toBeGreaterThanOrEqual(5);
  expect(routes.filter((r) => r.kind === 'api').length).toBeGreaterThanOrEqual(8);
  expect(routes.map((r) => r.path)).toContain(`/api/assessments/${FAKE_ID}/uploads`);
});

for (const cookie of ['none', 'forged'] as const) {
  test(`every non-share route refuses a visitor with ${cookie === 'none' ? 'no session cookie' : 'a forged session cookie'}`, async ({ baseURL }) => {
    // Forged: well-formed, so it passes proxy.ts's cheap check and only the handlers' DB lookup can refuse it.
    const ctx = await request.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { Origin: baseURL ?? '', ...(cookie === 'forged' ? { Cookie: `sightline_session=${'A'.repeat(43)}` } : {}) },
    });
    const failures: string[] = [];
    for (const r of routes) {
      for (const method of r.methods) {
        const res = await ctx.fetch(r.path, { method, maxRedirects: 0, data: method === 'GET' ? undefined : '{}' });
        if (r.kind === 'api') {
          const body = await res.text();
          if (res.status() !== 401 || !body.includes('"unauthorized"')) failures.push(`${method} ${r.path} → ${res.status()} ${body.slice(0, 80)}`);
        } else {
          // A redirect to /login: a 307 from proxy or the page, or (when the page had already
          // started streaming) Next's in-document redirect; never the page's content.
          const location = res.headers().location ?? '';
          const body = res.status() === 200 ? await res.text() : '';
          const redirected = ([303, 307, 308].includes(res.status()) && /\/login$/.test(location)) || /NEXT_REDIRECT[^"]*\/login/.test(body);
          if (!redirected) failures.push(`${method} ${r.path} → ${res.status()} ${location}`);
        }
      }
    }
    expect(failures).toEqual([]);
    await ctx.dispose();
  });
}

test('setup is closed once an account exists, and a wrong password does not sign in', async ({ baseURL }) => {
  const ctx = await request.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { Origin: baseURL ?? '' } });
  const setup = await ctx.post('/api/auth/setup', { data: { username: 'intruder', password: 'a long enough password' } });
  expect(setup.status()).toBe(409);
  const login = await ctx.post('/api/auth/login', { data: { username: 'soc-lead', password: 'not the password' } });
  expect(login.status()).toBe(401);
  expect(login.headers()['set-cookie']).toBeUndefined();
  // Cross-site writes are refused even before credentials are looked at.
  const csrf = await ctx.post('/api/auth/login', { data: { username: 'x', password: 'y' }, headers: { Origin: 'https://evil.example' } });
  expect(csrf.status()).toBe(403);
  await ctx.dispose();
});
