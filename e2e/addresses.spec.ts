// Addresses are places: an address in the heat map, in the activities and in the blind spots
// opens a page of its flows, activities and blind spots; an address the assessment never saw,
// text that is no address and an unknown assessment answer a real 404.
import { expect, test } from '@playwright/test';
import { seedBlindSpots } from './db';
import { cliJson, generatedFiles, screenshot } from './helpers';

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
  await screenshot(page, 'address');
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

test('the blind spots page and filter instead of scrolling inside a box', async ({ page }) => {
  // The recording ranks only addresses that behave as hosts (about ten here): 60 more silent
  // addresses, seeded, make the list long enough to page.
  await seedBlindSpots(id, 60);
  await page.goto(`/assessments/${id}`);
  const shown = page.getByTestId('blind-spots').getByTestId('blind-spot');
  expect(await shown.count()).toBeLessThanOrEqual(8);
  // The list is no scroll box: its height is its content's.
  const box = await page
    .getByTestId('blind-spots')
    .evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight, overflow: getComputedStyle(el).overflowY }));
  expect(box.scroll).toBeLessThanOrEqual(box.client);
  expect(box.overflow).toBe('visible');
  // Ranked: activities first, then flows.
  const weights = (await page.getByTestId('blind-spots').getByTestId('blind-spot').allTextContents()).map((t) => {
    const a = Number(/([\d,]+) activit/.exec(t)?.[1]?.replace(/,/g, '') ?? 0);
    const f = Number(/([\d,]+) flows?$/.exec(t.trim())?.[1]?.replace(/,/g, '') ?? 0);
    return [a, f] as const;
  });
  for (let i = 1; i < weights.length; i++) {
    const [a0, f0] = weights[i - 1] as readonly [number, number];
    const [a1, f1] = weights[i] as readonly [number, number];
    expect(a0 > a1 || (a0 === a1 && f0 >= f1), `rank order at ${i}: ${weights.join(' | ')}`).toBe(true);
  }
  await page.getByRole('link', { name: /^All [\d,]+ blind spots$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${id}/blind-spots$`));
  const total = Number(/^([\d,]+)/.exec((await page.getByTestId('blind-spot-count').textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  expect(total).toBeGreaterThan(50);
  await expect(page.getByTestId('blind-spot')).toHaveCount(50);
  await screenshot(page, 'blind-spots');
  // Page 2 continues the list.
  await page.getByRole('navigation', { name: 'Blind spot pages' }).getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId('blind-spot')).toHaveCount(Math.min(50, total - 50));

  // One kind, by flows, then one address: real form submits.
  const form = page.getByRole('form', { name: 'Filter blind spots' });
  const option = form.getByLabel('Kind').locator('option', { hasText: 'Seen in flows, no logs' });
  const kindCount = Number(/\(([\d,]+)\)/.exec((await option.textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  await form.getByLabel('Kind').selectOption('host_without_logs');
  await form.getByLabel('Order by').selectOption('flows');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/kind=host_without_logs/);
  await expect(page.getByTestId('blind-spot-count')).toHaveText(new RegExp(`^${kindCount.toLocaleString('en')} blind spots? of`));
  const flows = (await page.getByTestId('blind-spot-weight').allTextContents()).map((t) => Number(/([\d,]+) flows?/.exec(t)?.[1]?.replace(/,/g, '') ?? 0));
  expect(flows).toEqual([...flows].sort((a, b) => b - a));
  const first = (await page.getByTestId('blind-spot').first().getByTestId('address-link').textContent()) ?? '';
  await form.getByLabel('Address, host or text').fill(first);
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('blind-spot').first()).toContainText(first);
  for (const t of await page.getByTestId('blind-spot').allTextContents()) expect(t).toContain(first);
  await page.getByTestId('blind-spot').first().getByTestId('address-link').click();
  await expect(page.getByTestId('address')).toHaveText(first);
});
