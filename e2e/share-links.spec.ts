// Share links as a manager's browser uses them: every unlock is a real form submit in Chromium
// (no hand-built requests, no extra headers), so the origin check sees exactly what a browser sends.
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { MAX_PER_IP_AND_SUBJECT } from '../lib/auth/rate-limit';
import { expireShareLinks } from './db';
import { waitForReady } from './helpers';

test.describe.configure({ mode: 'serial' });

let reportUrl = '';

test.beforeAll(async ({ browser }) => {
  const page = await signedInPage(browser);
  await page.goto('/');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.waitForURL(/\/assessments\//, { timeout: 60_000 });
  await waitForReady(page);
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  reportUrl = page.url();
  await page.context().close();
});

async function signedInPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext(); // the config's storageState: the signed-in SOC lead
  return ctx.newPage();
}

async function newShareLink(browser: Browser, password?: string): Promise<{ url: string; lead: Page }> {
  const lead = await signedInPage(browser);
  await lead.goto(reportUrl);
  const form = lead.getByRole('form', { name: 'New share link' });
  if (password) await form.getByLabel('Password (optional)').fill(password);
  await form.getByRole('button', { name: 'Create share link' }).click();
  const url = await lead.getByRole('textbox', { name: 'New share link URL' }).inputValue();
  expect(url).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
  return { url, lead };
}

async function anonymous(browser: Browser): Promise<{ ctx: BrowserContext; viewer: Page }> {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return { ctx, viewer: await ctx.newPage() };
}

async function submitPassword(viewer: Page, password: string): Promise<void> {
  await viewer.getByLabel('Password').fill(password);
  await Promise.all([viewer.waitForNavigation(), viewer.getByRole('button', { name: 'Open report' }).click()]);
}

// The unlock form's own message (Next's route announcer is an alert region too).
const formAlert = (p: Page) => p.getByRole('form', { name: 'Unlock shared report' }).getByRole('alert');
const notFoundHeading = (p: Page) => p.getByRole('heading', { name: 'This link does not work' });

test('the right password opens the report, a wrong one says so', async ({ browser }) => {
  const { url } = await newShareLink(browser, 'board members only');
  const { ctx, viewer } = await anonymous(browser);
  await viewer.goto(url);
  await expect(viewer.getByRole('heading', { name: 'This report is password-protected' })).toBeVisible();
  // A browser sends the page's referrer policy's Origin on this POST; it must be the real origin, not "null".
  const posted = viewer.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/unlock'));
  await submitPassword(viewer, 'wrong password');
  expect((await posted).headers().origin).toBe(new URL(url).origin);
  await expect(formAlert(viewer)).toHaveText('Wrong password.');
  await expect(viewer.getByTestId('report')).toHaveCount(0);

  await submitPassword(viewer, 'board members only');
  await expect(viewer.getByTestId('report')).toBeVisible();
  // The unlock cookie holds: a reload stays open.
  await viewer.reload();
  await expect(viewer.getByTestId('report')).toBeVisible();
  await ctx.close();
});

test(`after ${MAX_PER_IP_AND_SUBJECT} wrong passwords even the right one is refused for a while`, async ({ browser }) => {
  const { url } = await newShareLink(browser, 'correct horse battery');
  const { ctx, viewer } = await anonymous(browser);
  await viewer.goto(url);
  for (let i = 0; i < MAX_PER_IP_AND_SUBJECT; i++) {
    await submitPassword(viewer, `guess ${i}`);
    await expect(formAlert(viewer)).toHaveText('Wrong password.');
  }
  await submitPassword(viewer, 'correct horse battery');
  await expect(formAlert(viewer)).toHaveText('Too many wrong passwords. Wait 15 minutes and try again.');
  await expect(viewer.getByTestId('report')).toHaveCount(0);
  await ctx.close();
});

test('a link opened after expiry, and a password form submitted after expiry, show the common not-found page', async ({ browser }) => {
  const { url } = await newShareLink(browser, 'quarterly review');
  const { ctx, viewer } = await anonymous(browser);
  await viewer.goto(url);
  await expect(viewer.getByRole('heading', { name: 'This report is password-protected' })).toBeVisible();
  await expireShareLinks(url);
  // The form was on screen before the link expired: submitting it must not open the report.
  await submitPassword(viewer, 'quarterly review');
  await expect(notFoundHeading(viewer)).toBeVisible();
  await expect(viewer.getByTestId('report')).toHaveCount(0);
  // Opened fresh after expiry.
  const fresh = await ctx.newPage();
  expect((await fresh.goto(url))?.status()).toBe(404);
  await expect(notFoundHeading(fresh)).toBeVisible();
  await ctx.close();
});

test('a revoked link stops working for a viewer who already unlocked it', async ({ browser }) => {
  const { url, lead } = await newShareLink(browser, 'until revoked');
  const { ctx, viewer } = await anonymous(browser);
  await viewer.goto(url);
  await submitPassword(viewer, 'until revoked');
  await expect(viewer.getByTestId('report')).toBeVisible();

  await lead.reload();
  await lead.getByRole('button', { name: 'Revoke' }).first().click();
  await expect(lead.getByTestId('share-link-status').first()).toHaveText('revoked');

  expect((await viewer.reload())?.status()).toBe(404);
  await expect(notFoundHeading(viewer)).toBeVisible();
  await expect(viewer.getByTestId('report')).toHaveCount(0);
  await ctx.close();
  await lead.context().close();
});
