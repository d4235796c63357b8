import { expect, type Page, test } from '@playwright/test';
import { screenshot, waitForReady } from './helpers';

async function demoAssessment(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await waitForReady(page);
  return page.url().split('/').pop() as string;
}

test.describe.configure({ mode: 'serial' });

// One demo assessment serves every test of this file (they only read it, but the settings test,
// which changes it, runs last among them).
let shared: string | undefined;
async function demo(page: Page): Promise<string> {
  if (!shared) shared = await demoAssessment(page);
  else {
    await page.goto(`/assessments/${shared}`);
    await waitForReady(page);
  }
  return shared;
}

test('filters change the numbers, show as removable chips and survive a reload', async ({ page }) => {
  test.setTimeout(300_000);
  const id = await demo(page);
  const all = Number(await page.getByTestId('stat-activities').textContent());
  await page.getByLabel('Stage', { exact: true }).selectOption('recon');
  await expect(page).toHaveURL(/stage=recon/);
  const chip = page.getByRole('button', { name: 'Remove filter stage: Reconnaissance' });
  await expect(chip).toBeVisible();
  const recon = Number(await page.getByTestId('stat-activities').textContent());
  expect(recon).toBeGreaterThan(0);
  expect(recon).toBeLessThan(all);
  // Every listed activity is a recon one.
  const stages = await page.getByTestId('activity-table').locator('tbody tr td:first-child').allTextContents();
  expect(new Set(stages)).toEqual(new Set(['Reconnaissance']));
  await page.reload();
  await expect(chip).toBeVisible();
  await expect(page.getByTestId('stat-activities')).toHaveText(String(recon));
  await chip.click();
  await expect(page).not.toHaveURL(/stage=recon/);
  await expect(page.getByTestId('stat-activities')).toHaveText(String(all));
  // A source filter: only what the logs alone saw.
  await page.getByLabel('Seen by', { exact: true }).selectOption('logs-only');
  await expect(page.getByTestId('stat-network-only')).toHaveText('0');
  await page.goto(`/assessments/${id}`);
  await screenshot(page, 'overview');
});

test('drill-down shows the exact log lines and flow records behind an activity', async ({ page }) => {
  test.setTimeout(300_000);
  const id = await demo(page);
  // An activity both sources saw has evidence of both kinds.
  await page.getByLabel('Seen by', { exact: true }).selectOption('both');
  await expect(page).toHaveURL(/source=both/);
  await page.getByTestId('activity-table').locator('tbody tr').first().getByTestId('activity-title').click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${id}/activities/\\d+`));
  const evidence = page.getByTestId('evidence');
  await expect(evidence).toBeVisible();
  // Both sources on one time axis; the tabs keep one of them (a long flow list can fill the first pages).
  const tabs = page.getByRole('navigation', { name: 'Evidence source' });
  const flows = Number(/\((\d[\d,]*)\)/.exec((await tabs.getByRole('link', { name: /^Flows/ }).textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  const lines = Number(/\((\d[\d,]*)\)/.exec((await tabs.getByRole('link', { name: /^Log lines/ }).textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  expect(flows).toBeGreaterThan(0);
  expect(lines).toBeGreaterThan(0);
  await tabs.getByRole('link', { name: /^Log lines/ }).click();
  await expect(page).toHaveURL(/source=logs/);
  await expect(evidence.locator('li')).toHaveCount(Math.min(lines, 100));
  await expect(evidence.getByText('flow', { exact: true })).toHaveCount(0);
  // Each record names its file and line.
  await expect(evidence.locator('li').first()).toContainText(/auth\.log[^:]*:\d+|audit\.log[^:]*:\d+|syslog[^:]*:\d+/);
  await tabs.getByRole('link', { name: /^Flows/ }).click();
  await expect(page).toHaveURL(/source=network/);
  await expect(evidence.getByText('log', { exact: true })).toHaveCount(0);
  await expect(evidence.locator('li').first()).toContainText(/\.csv:\d+|\.pcap[^:]*:\d+/);
  // …and its Community ID, to find the same flow in Zeek, Suricata, Arkime or Elastic.
  await expect(evidence.locator('li').first().getByTestId('community-id')).toHaveText(/^Community ID 1:[A-Za-z0-9+/]{27}=$/);
  await tabs.getByRole('link', { name: /^Both sources/ }).click();
  await expect(evidence.locator('li')).toHaveCount(Math.min(flows + lines, 100));
  await screenshot(page, 'activity');
  // From the activity to its host's page.
  const hostLink = page.locator('dd a[href*="/hosts/"]').first();
  if (await hostLink.count()) await hostLink.click();
  else await page.goto(`/assessments/${id}/hosts/web01`); // a sweep of many addresses names no single host
  await expect(page.getByRole('heading', { name: /Coverage on/ })).toBeVisible();
  await screenshot(page, 'host');
});

test('settings list every detector and re-run applies changed thresholds', async ({ page }) => {
  test.setTimeout(300_000);
  const id = await demo(page);
  const before = Number(await page.getByTestId('stat-activities').textContent());
  await page.getByRole('link', { name: 'Settings & re-run' }).click();
  await expect(page.getByRole('heading', { name: 'Detector thresholds' })).toBeVisible();
  await screenshot(page, 'settings');
  // Switch off every network detector: afterwards the network detects nothing.
  const boxes = page.locator('fieldset', { hasText: 'network ·' }).getByRole('checkbox');
  for (const box of await boxes.all()) await box.uncheck();
  await page.getByRole('button', { name: 'Save and re-run analysis' }).click();
  await page.waitForURL(new RegExp(`/assessments/${id}$`));
  await waitForReady(page);
  const badges = await page.getByTestId('activity-table').locator('tbody tr td:nth-child(6)').allTextContents();
  expect(badges).not.toContain('detected');
  expect(Number(await page.getByTestId('stat-activities').textContent())).toBeLessThan(before);
});

test('dark mode is kept across reloads (the app hydrates under a nonce-based CSP)', async ({ page }) => {
  const res = await page.goto('/');
  const csp = res?.headers()['content-security-policy'] ?? '';
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await toggle.click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await screenshot(page, 'home-dark');
  await page.goto('/detectors');
  await screenshot(page, 'detectors-dark');
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});
