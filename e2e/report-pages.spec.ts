// A huge report never answers with a huge page: the report and its share page show 100
// activities a page, with their log lines; the PDF (rendered with the server's print pass) holds them all.
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { seedManyActivities } from './db';

test('report and share pages list 100 activities a page; the PDF lists them all', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const id = await seedManyActivities(250);
  await page.goto(`/assessments/${id}`);
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  const rows = (p: typeof page) => p.getByTestId('activity-table').locator('tbody tr');
  const pager = (p: typeof page) => p.getByRole('navigation', { name: 'Activity pages' });
  await expect(rows(page)).toHaveCount(100);
  await expect(pager(page)).toContainText('1–100 of 250 activities');
  await expect(page.getByTestId('report-stat-activities')).toHaveText('250');

  const form = page.getByRole('form', { name: 'New share link' });
  await form.getByRole('button', { name: 'Create share link' }).click();
  const url = await page.getByRole('textbox', { name: 'New share link URL' }).inputValue();
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await anon.newPage();
  await viewer.goto(url);
  await expect(rows(viewer)).toHaveCount(100);
  await pager(viewer).getByRole('link', { name: 'Next' }).click();
  await expect(viewer).toHaveURL(/\?page=2$/);
  await expect(rows(viewer)).toHaveCount(100);
  await expect(pager(viewer)).toContainText('101–200 of 250 activities');
  await pager(viewer).getByRole('link', { name: 'Next' }).click();
  await expect(rows(viewer)).toHaveCount(50);
  // A page past the end is empty, not an error; the header's numbers stay whole.
  await viewer.goto(`${url}?page=99`);
  await expect(viewer.getByTestId('report-stat-activities')).toHaveText('250');

  // The share PDF holds every activity: each row names its technique once.
  const pdf = await viewer.request.get(`${url}/export/pdf`, { timeout: 180_000 });
  expect(pdf.status()).toBe(200);
  const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: await pdf.body(), maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  expect((text.match(/T1046/g) ?? []).length).toBeGreaterThanOrEqual(250);
  await anon.close();
});
