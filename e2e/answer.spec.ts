// The answer in words on top of the assessment, the report, the share page and the PDF, with the
// same numbers as the tiles and the chart (the chart's text equivalent).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { waitForReady } from './helpers';

const SERIES = ['Network only', 'Logs only', 'Both detected', 'One detected, evidence in the other', 'Unknown'];
const TILES = ['network-only', 'logs-only', 'both-detected', 'one-with-evidence', 'unknown'];

async function shot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return; // a test run never rewrites committed files
  const dir = path.join(import.meta.dirname, '..', 'docs', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Per series, the sum over stages of the chart's text equivalent. */
async function chartTotals(page: Page): Promise<number[]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: 'Activities per kill-chain stage and source' }) });
  await expect(table.locator('thead th')).toHaveText(['Stage', ...SERIES]);
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent) || 0)));
  return SERIES.map((_, i) => rows.reduce((n, r) => n + (r[i] ?? 0), 0));
}

test('the answer, the tiles and the chart tell the same numbers, from the dashboard to the PDF', async ({ page, browser, baseURL }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.waitForURL(/\/assessments\//, { timeout: 60_000 });
  await waitForReady(page);
  const lead = (await page.getByTestId('answer-lead').textContent()) ?? '';
  expect(lead).toMatch(/^Of \d+ attacker activit(y|ies), \d+ (was|were) seen by the network only/);
  const tiles = await Promise.all(TILES.map(async (t) => Number(await page.getByTestId(`stat-${t}`).textContent())));
  expect(await chartTotals(page)).toEqual(tiles);
  // The lead's numbers are the tiles' numbers, in the tiles' order.
  expect(lead.match(/\d+/g)?.slice(1, 6).map(Number)).toEqual(tiles);
  await expect(page.getByTestId('answer-stages').locator('li')).toHaveCount(7);
  await shot(page, 'answer');

  await page.getByRole('button', { name: 'Create report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('answer-lead')).toHaveText(lead);
  // Activities read as titles in words; the raw detail waits behind a disclosure.
  await expect(page.getByTestId('activity-title').first()).toHaveText(/ on \S+/);
  await expect(page.getByTestId('activity-table').locator('details').first()).not.toHaveAttribute('open');
  // The executive summary starts from the answer and stays editable.
  await expect(page.getByRole('form', { name: 'Edit report' }).getByLabel('Executive summary')).toHaveValue(
    new RegExp(`^${lead.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );

  const form = page.getByRole('form', { name: 'New share link' });
  await form.getByRole('button', { name: 'Create share link' }).click();
  const url = await page.getByRole('textbox', { name: 'New share link URL' }).inputValue();
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await anon.newPage();
  await viewer.goto(url);
  await expect(viewer.getByTestId('answer-lead')).toHaveText(lead);
  expect(await chartTotals(viewer)).toEqual(tiles);
  await shot(viewer, 'share-page');
  await anon.close();

  const pdf = await page.request.get(`${page.url().replace('/reports/', '/api/reports/')}/export/pdf`, {
    timeout: 120_000,
    headers: { Origin: baseURL ?? '' },
  });
  expect(pdf.status()).toBe(200);
  const file = path.join(os.tmpdir(), `sightline-${Date.now()}.pdf`);
  fs.writeFileSync(file, await pdf.body());
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8').replace(/\s+/g, ' ');
  // The answer comes first, before the activities table.
  const firstWords = lead.split(' ').slice(0, 8).join(' ');
  expect(text).toContain(firstWords);
  expect(text.indexOf(firstWords)).toBeLessThan(text.indexOf('Activities'));
  expect(text).toMatch(/\bNETWORK\b/); // the activities table's headers, whole (no column cut or squeezed)
  expect(text).toMatch(/\bLOGS\b/);
  // Every activity's Network and Logs cells made it onto the page (none cut at the edge).
  const activities = Number(await page.getByTestId('report-stat-activities').textContent());
  const badges = text.match(/\b(detected|evidence|blind|unknown)\b/g)?.length ?? 0;
  expect(badges).toBeGreaterThanOrEqual(2 * activities);
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    const stem = path.join(import.meta.dirname, '..', 'docs', 'screenshots', 'pdf-first-page');
    execFileSync('pdftoppm', ['-png', '-f', '1', '-l', '1', '-r', '80', '-singlefile', file, stem]);
  }
  fs.rmSync(file);
});
