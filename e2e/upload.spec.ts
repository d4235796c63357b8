import { expect, test } from '@playwright/test';
import path from 'node:path';
import { cliJson, e2eDataDir, generatedFiles, waitForReady } from './helpers';

test('uploading a log bundle and a flow export shows the same numbers as the CLI', async ({ page }) => {
  const files = generatedFiles();
  const name = `E2E upload ${Date.now()}`;
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByLabel('Log bundle').setInputFiles(files.logs);
  await page.getByLabel('Flow export').setInputFiles(files.flows);
  await page.getByLabel('Inventory (optional)').setInputFiles(files.inventory);
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\//);
  // Live progress appears without a reload, then the finished page.
  await waitForReady(page);
  await expect(page.getByRole('heading', { name })).toBeVisible();

  const doc = cliJson(['--logs', files.logs, ...files.flows.flatMap((f) => ['--flows', f]), '--inventory', files.inventory]);
  const total = doc.activities.length;
  const network = doc.activities.filter((a) => a.network !== 'blind').length;
  const logs = doc.activities.filter((a) => a.logs !== 'blind').length;
  const both = doc.activities.filter((a) => a.network !== 'blind' && a.logs !== 'blind').length;
  expect(total).toBeGreaterThan(0);
  await expect(page.getByTestId('stat-activities')).toHaveText(String(total));
  await expect(page.getByTestId('stat-network')).toHaveText(String(network));
  await expect(page.getByTestId('stat-logs')).toHaveText(String(logs));
  await expect(page.getByTestId('stat-both')).toHaveText(String(both));
  await expect(page.getByTestId('activity-table').locator('tbody tr')).toHaveCount(Math.min(total, 50));

  // The chart's text equivalent lists all seven stages with the CLI's counts.
  const table = page.locator('table', { has: page.locator('caption', { hasText: 'Activities per kill-chain stage and source' }) });
  for (const s of doc.stages) {
    if (s.stage === 'weaponization') continue;
    const row = table.locator('tbody tr').nth(doc.stages.indexOf(s));
    await expect(row.locator('td')).toHaveText([String(s.networkOnly), String(s.both), String(s.logsOnly)]);
  }
  await expect(table.locator('tbody tr').nth(1).locator('td').first()).toHaveText('not observable');
  await expect(page.getByTestId('stage-coverage-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();

  // Per-file results name each file with its format and record count.
  const fileTable = page.getByTestId('file-results');
  for (const f of doc.files) {
    await expect(fileTable.locator('tr', { hasText: f.path.split(':').pop() as string }).first()).toContainText(f.records.toLocaleString('en'));
  }
});

test('a file in no known format is reported with its name, and nothing else breaks', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill(`E2E bad file ${Date.now()}`);
  await page.getByLabel('Flow export').setInputFiles(path.join(e2eDataDir, 'garbage.bin'));
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\//);
  await expect(page.getByTestId('status').first()).toHaveText('failed', { timeout: 120_000 });
  await expect(page.getByText(/garbage\.bin: not a recognised flow export format/).first()).toBeVisible();
});
