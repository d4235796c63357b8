// Reports, share links and exports, as the SOC lead and as a manager without an account.
import { expect, type Page, test } from '@playwright/test';
import { expireShareLinks } from './db';
import { screenshot, waitForReady } from './helpers';

async function createReadyReport(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.waitForURL(/\/assessments\//, { timeout: 60_000 });
  await waitForReady(page);
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  return page.url();
}

async function shareLink(page: Page, opts: { password?: string; rawLines?: boolean } = {}): Promise<string> {
  const form = page.getByRole('form', { name: 'New share link' });
  if (opts.password) await form.getByLabel('Password (optional)').fill(opts.password);
  if (opts.rawLines) await form.getByLabel('Include raw log lines').check();
  await form.getByRole('button', { name: 'Create share link' }).click();
  const url = await page.getByRole('textbox', { name: 'New share link URL' }).inputValue();
  expect(url).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
  return url;
}

test('create a report, share it, open it without a session, revoke it', async ({ page, browser }) => {
  const reportUrl = await createReadyReport(page);
  const reportId = reportUrl.split('/').pop() as string;
  const title = `Board report ${Date.now()}`;
  const editor = page.getByRole('form', { name: 'Edit report' });
  await editor.getByLabel('Title').fill(title);
  await editor.getByLabel('Executive summary').fill('Logs miss the scan.\n<b>not bold</b>');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('report-title')).toHaveText(title);
  await expect(page.getByTestId('report-summary')).toContainText('<b>not bold</b>'); // text, not markup
  const activities = await page.getByTestId('report-stat-activities').textContent();

  const url = await shareLink(page);
  await screenshot(page, 'report');
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await anon.newPage();
  const res = await viewer.goto(url);
  expect(res?.status()).toBe(200);
  expect(res?.headers()['x-robots-tag']).toContain('noindex');
  await expect(viewer.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  await expect(viewer.getByTestId('report-title')).toHaveText(title);
  await expect(viewer.getByTestId('report-stat-activities')).toHaveText(activities ?? '');
  await expect(viewer.getByTestId('stage-coverage-chart').getByRole('application')).toBeVisible();
  await expect(viewer.getByTestId('report-evidence')).toHaveCount(0); // raw lines not allowed on this link
  // Nothing leads back into the app: no navigation, no ids.
  await expect(viewer.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  expect(await viewer.content()).not.toContain(reportId);
  expect(await viewer.locator('a[href^="/"]:not([href^="/r/"])').count()).toBe(0);
  await screenshot(viewer, 'shared-report');
  // The signed-in app stays closed to this visitor.
  await viewer.goto('/reports');
  await expect(viewer).toHaveURL(/\/login$/);

  await page.goto('/reports');
  await expect(page.getByTestId('reports-table')).toContainText(title);
  await screenshot(page, 'reports');
  await page.goto(reportUrl);
  await expect(page.getByTestId('share-link-views').first()).toHaveText('1');
  await page.getByRole('button', { name: 'Revoke' }).first().click();
  await expect(page.getByTestId('share-link-status').first()).toHaveText('revoked');

  const revoked = await viewer.goto(url);
  const unknown = await anon.newPage().then(async (p) => ({ res: await p.goto(`/r/${'x'.repeat(43)}`), text: await p.locator('main').innerText() }));
  expect(revoked?.status()).toBe(unknown.res?.status());
  expect(revoked?.status()).toBe(404);
  await expect(viewer.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  expect(await viewer.locator('main').innerText()).toBe(unknown.text);
  await anon.close();
});

test('an expired link answers like an unknown one', async ({ page, browser }) => {
  await createReadyReport(page);
  const url = await shareLink(page);
  await expireShareLinks(url);
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await anon.newPage();
  expect((await viewer.goto(url))?.status()).toBe(404);
  await expect(viewer.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  expect((await viewer.request.get(`${url}/export/json`)).status()).toBe(404);
  await page.reload();
  await expect(page.getByTestId('share-link-status').first()).toHaveText('expired');
  await anon.close();
});

test('a password-protected link opens only with its password and may show raw lines', async ({ page, browser }) => {
  await createReadyReport(page);
  const url = await shareLink(page, { password: 'board members only', rawLines: true });
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await anon.newPage();
  await viewer.goto(url);
  await expect(viewer.getByRole('heading', { name: 'This report is password-protected' })).toBeVisible();
  await expect(viewer.getByTestId('report')).toHaveCount(0);
  expect((await viewer.request.get(`${url}/export/csv`)).status()).toBe(404); // exports stay locked too
  await viewer.getByLabel('Password').fill('wrong password');
  await viewer.getByRole('button', { name: 'Open report' }).click();
  await expect(viewer.getByText('Wrong password.')).toBeVisible();
  await viewer.getByLabel('Password').fill('board members only');
  await viewer.getByRole('button', { name: 'Open report' }).click();
  await expect(viewer.getByTestId('report')).toBeVisible();
  await expect(viewer.getByTestId('report-evidence')).toBeVisible();
  const csv = await viewer.request.get(`${url}/export/csv`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\r\n')[0]).toMatch(/^stage,technique,host,/);
  await anon.close();
});

test('exports: a real PDF with the chart, CSV, JSON and a Navigator layer', async ({ page }) => {
  const reportUrl = await createReadyReport(page);
  const base = `${reportUrl.replace(/\/reports\//, '/api/reports/')}/export`;
  const pdf = await page.request.get(`${base}/pdf`, { timeout: 120_000 });
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(10_000);
  const { pages, text } = await readPdf(bytes);
  expect(pages).toBeGreaterThanOrEqual(1);
  // Every page is A4, portrait or (for a table too wide even wrapped) landscape, and numbered "n / N".
  const boxes = [...bytes.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
    Math.round(Number(m[1])),
    Math.round(Number(m[2])),
  ]);
  expect(boxes.length).toBe(pages);
  for (const [w, h] of boxes) expect([`${w}x${h}`]).toContainEqual(expect.stringMatching(/^(595x842|842x595|596x842|842x596)$/));
  // The activities table (nine columns) is wider than a portrait page even wrapped: its pages turn.
  expect(boxes.filter(([w, h]) => (w as number) > (h as number)).length).toBeGreaterThan(0);
  expect(boxes[0]?.[0]).toBeLessThan(boxes[0]?.[1] as number);
  // The chart is vector paths: its legend uses #c4b5fd ("One detected, evidence in the other"),
  // a colour nothing else on the page uses.
  expect(text).toMatch(/0?\.768\d* 0?\.709\d* 0?\.992\d* rg/);

  const csv = await page.request.get(`${base}/csv`);
  expect(csv.headers()['content-disposition']).toMatch(/attachment; filename=".+-activities\.csv"/);
  expect((await csv.text()).split('\r\n').length).toBeGreaterThan(2);
  const json = await (await page.request.get(`${base}/json`)).json();
  expect(json.version).toBe(1);
  expect(json.activities.length).toBeGreaterThan(0);
  const layer = await (await page.request.get(`${base}/navigator`)).json();
  expect(layer.versions.layer).toBe('4.5');
  expect(layer.domain).toBe('enterprise-attack');
  expect(layer.techniques.length).toBeGreaterThan(0);
  // One layer per source, of the same techniques, on the same 0–4 gradient.
  for (const source of ['network', 'logs']) {
    const res = await page.request.get(`${base}/navigator-${source}`);
    expect(res.headers()['content-disposition']).toContain(`-attack-navigator-layer-${source}.json`);
    const one = await res.json();
    expect(one.gradient).toEqual(layer.gradient);
    expect(one.techniques.map((t: { techniqueID: string }) => t.techniqueID)).toEqual(layer.techniques.map((t: { techniqueID: string }) => t.techniqueID));
  }
  expect(
    json.activities.every(
      (a: { techniqueVisibility: number; score?: number }) => a.score === undefined && a.techniqueVisibility >= 0 && a.techniqueVisibility <= 4,
    ),
  ).toBe(true);
});

/** Page count and the inflated content streams of a PDF (Chromium compresses them with Flate). */
async function readPdf(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const zlib = await import('node:zlib');
  const raw = bytes.toString('latin1');
  const pages = (raw.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  let text = '';
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      text += zlib.inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      // not a Flate stream (fonts, images): skip
    }
  }
  return { pages, text };
}
