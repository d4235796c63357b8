import { expect, test } from '@playwright/test';
import { screenshot, waitForReady } from './helpers';

test('the demo button loads a realistic dataset into a new assessment', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.waitForURL(/\/assessments\//, { timeout: 60_000 });
  await waitForReady(page);
  const activities = Number(await page.getByTestId('stat-activities').textContent());
  expect(activities).toBeGreaterThan(3);
  // Both sources contribute: some activities only the network saw (on hosts whose logs hold
  // nothing of them, or that send no logs at all: `unknown` to the logs), some only the logs.
  const networkAlone = Number(await page.getByTestId('stat-network-only').textContent()) + Number(await page.getByTestId('stat-unknown').textContent());
  expect(networkAlone).toBeGreaterThan(0);
  expect(Number(await page.getByTestId('stat-logs-only').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('blind-spots')).toBeVisible();
  await screenshot(page, 'assessment');
});
