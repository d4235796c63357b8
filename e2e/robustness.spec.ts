// Issue 20: what a hostile or careless client sends to the pages answers with the right page,
// never a 200 for a dead share link, an error page for a bad filter or a 500 for a bad path.
import { expect, test } from '@playwright/test';
import { seedManyActivities } from './db';

const dead = `/r/${'x'.repeat(43)}`;

test('every method on every path under a dead share link answers the same 404 page', async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const get = await anon.get(dead);
  expect(get.status()).toBe(404);
  const page = await get.text();
  expect(page).toContain('This link does not work');
  for (const path of [dead, `${dead}/export/json`, `${dead}/export/pdf`, `${dead}/unlock`]) {
    const head = await anon.head(path);
    expect(head.status(), `HEAD ${path}`).toBe(404);
    expect(head.headers()['content-type']).toBe('text/html; charset=utf-8');
    const post = await anon.post(path, { form: { password: 'x' } });
    expect(post.status(), `POST ${path}`).toBe(404);
    expect(await post.text()).toBe(page);
    const again = await anon.get(path);
    expect(again.status(), `GET ${path}`).toBe(404);
    expect(await again.text()).toBe(page);
  }
  await anon.dispose();
});

test('a malformed path is a 400 page, not a 500', async ({ request }) => {
  const res = await request.get('/hosts/%E0%A4%A');
  expect(res.status()).toBe(400);
  expect(await res.text()).toContain('This address is malformed');
});

test('an upload without a session is refused and its connection closed', async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const res = await anon.post(`/api/assessments/${crypto.randomUUID()}/uploads?kind=logs&name=x.log`, { data: Buffer.alloc(1024 * 1024, 0x41) });
  expect(res.status()).toBe(401);
  expect(res.headers().connection).toBe('close');
  await anon.dispose();
});

test('bad filter values are ignored with a notice instead of an error page', async ({ page }) => {
  const id = await seedManyActivities(30);
  const res = await page.goto(`/assessments/${id}?subnet=10.0.0.1/8&from=275760-09-13&page=1e20`);
  expect(res?.status()).toBe(200);
  const notices = page.getByRole('status', { name: 'Filter notices' });
  await expect(notices).toContainText('Ignored subnet="10.0.0.1/8": not a valid value.');
  await expect(notices).toContainText('Ignored from="275760-09-13": not a valid value.');
  // The page shows the activities, unfiltered, from the first page (page=1e20 is not a page number).
  await expect(page.getByTestId('activity-title').first()).toBeVisible();
});
