import { expect, test } from '@playwright/test';
import { screenshot, waitForReady } from './helpers';

test('the demo button loads a realistic dataset into a new assessment', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.waitForURL(/\/assessments\//, { timeout: 60_000 });
  await waitForReady(page);
  const activities = Number(await page.getByTestId('stat-activities').textContent());
  expect(activities).toBeGreaterThan(3);
  // Both sources contribute: the network holds activities of its own (seen by it alone, on a
  // host that sends no logs, or detected by it with only evidence in the logs: the shell a web
  // exploit spawned), and the logs some the network did not see at all.
  const networkSide = ['network-only', 'unknown', 'one-with-evidence'];
  const counts = await Promise.all(networkSide.map(async (t) => Number(await page.getByTestId(`stat-${t}`).textContent())));
  expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect(Number(await page.getByTestId('stat-logs-only').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('blind-spots')).toBeVisible();
  await screenshot(page, 'assessment');
});
