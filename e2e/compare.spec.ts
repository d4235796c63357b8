// Compare two assessments of the same generated network — before and after adding the DMZ
// edge exporter — in the browser, freeze the comparison into a report and open its share link.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { cliJson, generatedFiles, screenshot, sectionScreenshot } from './helpers';

test('compare before/after, freeze the comparison into a report and share it', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const f = generatedFiles();
  const stamp = Date.now();
  const [collector, edge] = f.flows as [string, string];
  // Before: no audit.log from any host (auditd off) and only the core collector's flows.
  const noAudit = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-e2e-noaudit-'));
  fs.cpSync(path.join(path.dirname(f.logs), 'logs'), noAudit, { recursive: true, preserveTimestamps: true });
  for (const host of fs.readdirSync(noAudit)) fs.rmSync(path.join(noAudit, host, 'var', 'log', 'audit'), { recursive: true, force: true });
  const before = cliJson(['--logs', noAudit, '--flows', collector, '--inventory', f.inventory, '--name', `Before ${stamp}`]);
  // Read in place by the CLI, stored in the database: the copy is no longer needed.
  fs.rmSync(noAudit, { recursive: true, force: true });
  const after = cliJson(['--logs', f.logs, '--flows', collector, '--flows', edge, '--inventory', f.inventory, '--name', `After ${stamp}`]);
  const logsSaw = (d: typeof before) => d.activities.filter((a) => a.logs === 'detected' || a.logs === 'evidence').length;
  expect(logsSaw(after)).toBeGreaterThan(logsSaw(before));

  await page.goto('/compare');
  const form = page.getByRole('form', { name: 'Choose assessments' });
  await form.getByLabel(`Before ${stamp}`).check();
  await form.getByLabel(`After ${stamp}`).check();
  await form.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByTestId('comparison-words')).toContainText(`“After ${stamp}” against “Before ${stamp}”`);
  await expect(page.getByTestId('comparison-chart').locator('svg').first()).toBeVisible();
  // The table lists exactly as many activities that became visible as the words count.
  const words0 = (await page.getByTestId('comparison-words').textContent()) ?? '';
  const gained = Number(/(\d+) activit(?:y|ies) became visible/.exec(words0)?.[1]);
  expect(gained).toBeGreaterThan(0);
  await expect(page.getByTestId('comparison-activities').getByRole('row').filter({ hasText: 'became visible' })).toHaveCount(gained);
  await expect(page.getByTestId('verdict-trend').getByRole('row')).toHaveCount(8);
  await expect(page.getByTestId('comparison-techniques').getByRole('row').filter({ hasText: 'T1105' })).toHaveCount(1);
  await expect(page.getByTestId('verdict-trend').getByRole('columnheader')).toHaveText(['Stage', `Before ${stamp}`, `After ${stamp}`]);
  await screenshot(page, 'compare');

  await page.getByRole('button', { name: 'Freeze into a report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('report-title')).toHaveText(`After ${stamp} compared with Before ${stamp}`);
  const words = await page.getByTestId('comparison-words').textContent();
  expect(words).toContain(`“After ${stamp}” against “Before ${stamp}”`);

  const share = page.getByRole('form', { name: 'New share link' });
  await share.getByRole('button', { name: 'Create share link' }).click();
  const url = await page.getByRole('textbox', { name: 'New share link URL' }).inputValue();
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await anon.newPage();
  await viewer.goto(url);
  await expect(viewer.getByTestId('comparison-words')).toHaveText(words ?? '');
  await screenshot(viewer, 'shared-comparison');
  await anon.close();
});

test('the compare page refuses a single assessment with a clear message', async ({ page }) => {
  await page.goto('/compare?id=00000000-0000-0000-0000-000000000000');
  await expect(page.getByRole('form', { name: 'Choose assessments' }).getByRole('alert')).toHaveText('Choose at least two assessments to compare.');
});

test('a series of three assessments shows a trend line per stage and the verdicts across it', async ({ page }) => {
  test.setTimeout(300_000);
  const f = generatedFiles();
  const stamp = Date.now();
  const [collector] = f.flows as [string, string];
  const noFlows = cliJson(['--logs', f.logs, '--inventory', f.inventory, '--name', `January ${stamp}`]);
  cliJson(['--logs', f.logs, '--flows', collector, '--inventory', f.inventory, '--name', `February ${stamp}`]);
  const march = cliJson(['--logs', f.logs, ...f.flows.flatMap((x) => ['--flows', x]), '--inventory', f.inventory, '--name', `March ${stamp}`]);
  // Seen by the network: detected or evidence (without flows the network is `unknown`, not seeing).
  const netSaw = (doc: typeof march) => doc.activities.filter((a) => a.network === 'detected' || a.network === 'evidence').length;
  expect(netSaw(march)).toBeGreaterThan(netSaw(noFlows));

  await page.goto('/compare');
  const form = page.getByRole('form', { name: 'Choose assessments' });
  // Ticked out of order: the series is ordered by analysis time, oldest first.
  for (const name of ['March', 'January', 'February']) await form.getByLabel(`${name} ${stamp}`).check();
  await form.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByTestId('comparison-words')).toContainText(`“March ${stamp}” against “January ${stamp}”`);
  await expect(page.getByTestId('verdict-trend').getByRole('columnheader')).toHaveText(['Stage', `January ${stamp}`, `February ${stamp}`, `March ${stamp}`]);
  const trend = page.getByTestId('stage-trend-chart');
  await expect(trend.locator('.recharts-line')).toHaveCount(6);
  await expect(trend.getByText(`February ${stamp}`)).toBeVisible();
  // Delivery: the logs alone in January; the network added by March.
  const delivery = page.getByTestId('stage-trend-table').getByRole('row').filter({ hasText: 'Delivery' }).getByRole('cell');
  const [jan, , mar] = (await delivery.allTextContents()).map((t) => Number.parseInt(t, 10));
  expect(mar).toBeGreaterThan(jan as number);
  await sectionScreenshot(page.locator('section', { has: page.getByRole('heading', { name: /^Trend per stage/ }) }), 'compare-trend');

  // January had no flow export: its advice names the sensors that would have seen what its logs saw.
  await page.goto(`/assessments/${noFlows.assessmentId}`);
  const advice = page.locator('section', { has: page.getByRole('heading', { name: 'Advice that closes gaps, counted on this data' }) });
  await expect(advice.getByTestId('advice')).toContainText('Export flows on the path between');
  await sectionScreenshot(advice, 'advice-flow-sensor');
});
