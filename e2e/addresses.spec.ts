// Addresses are places: an address in the heat map, in the activities and in the blind spots
// opens a page of its flows, activities and blind spots; an address the assessment never saw,
// text that is no address and an unknown assessment answer a real 404.
import { expect, test } from '@playwright/test';
import { cliJson, generatedFiles } from './helpers';

test.describe.configure({ mode: 'serial' });

let id = '';

test.beforeAll(() => {
  // No inventory: hosts nobody named show as their addresses.
  const f = generatedFiles();
  id = cliJson(['--logs', f.logs, '--flows', f.flows[0] as string, '--name', `Addresses ${Date.now()}`]).assessmentId;
});

test('an address in the heat map opens its page of flows, activities and blind spots', async ({ page }) => {
  await page.goto(`/assessments/${id}`);
  const link = page.getByTestId('heatmap').locator('a[href*="/addresses/"]').first();
  const ip = (await link.textContent()) ?? '';
  expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${id}/addresses/${ip.replace(/\./g, '\\.')}`));
  await expect(page.getByTestId('address')).toHaveText(ip);
  await expect(page.getByTestId('address-summary')).toContainText('flows');
  // It is the host of at least one activity (that is why it has a heat-map row), and has flows.
  const rows = page.getByTestId('activity-table').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(page.getByTestId('address-flows').locator('li').first()).toContainText(ip);
});

test('a peer in the activity table opens its page, which lists that activity', async ({ page }) => {
  await page.goto(`/assessments/${id}`);
  const row = page
    .getByTestId('activity-table')
    .locator('tbody tr')
    .filter({ has: page.locator('td[data-label="Peer"] a') })
    .first();
  const title = (await row.getByTestId('activity-title').textContent()) ?? '';
  const peer = row.locator('td[data-label="Peer"] a');
  const ip = (await peer.textContent()) ?? '';
  await peer.click();
  await expect(page.getByTestId('address')).toHaveText(ip);
  await expect(page.getByTestId('activity-table').getByTestId('activity-title').filter({ hasText: title }).first()).toBeVisible();
  // From there, on to the activity and back to the address through its peer field.
  await page.getByTestId('activity-table').getByRole('link', { name: title }).first().click();
  await expect(page).toHaveURL(/\/activities\/\d+/);
  await page.getByTestId('address-link').filter({ hasText: ip }).first().click();
  await expect(page.getByTestId('address')).toHaveText(ip);
});

test('an address in the blind spots opens its page, which lists the blind spot', async ({ page }) => {
  await page.goto(`/assessments/${id}`);
  const link = page.getByTestId('blind-spots').getByTestId('address-link').first();
  const ip = (await link.textContent()) ?? '';
  await link.click();
  await expect(page.getByTestId('address')).toHaveText(ip);
  await expect(page.getByTestId('blind-spots')).toContainText(ip);
});

test('an unknown address, text that is no address and an unknown assessment answer 404', async ({ page }) => {
  const notFound = page.getByRole('heading', { name: 'Not found' });
  for (const path of [
    `/assessments/${id}/addresses/198.18.0.254`,
    `/assessments/${id}/addresses/web01`,
    `/assessments/${id}/addresses/10.0.0.0%2F8`,
    `/assessments/${id}/addresses/2001:db8::dead`,
    `/assessments/00000000-0000-4000-8000-000000000000/addresses/10.0.0.1`,
    '/assessments/00000000-0000-4000-8000-000000000000',
    '/assessments/not-a-uuid',
    `/assessments/${id}/hosts/no-such-host`,
    `/assessments/${id}/activities/999999999`,
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(notFound).toBeVisible();
  }
  // A known one is a 200.
  const known = await page.goto(`/assessments/${id}`);
  expect(known?.status()).toBe(200);
});
