// Every page usable from a phone (390 px) to a desktop (1440 px): no page is wider than the window
// (wide tables scroll inside their own box, long strings wrap), the timeline's axis labels do not
// overlap, all seven stages of the heat map are on screen at 1440 px, and Sign out and the theme
// toggle are on screen on a phone. The pages are reached as a user reaches them: by clicks and
// form submits in Chromium.
import { type Browser, expect, type Page, test } from '@playwright/test';
import { waitForReady } from './helpers';

test.describe.configure({ mode: 'serial' });

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

interface Target {
  name: string;
  url: string;
  anonymous?: boolean;
}

let targets: Target[] = [];

async function loadDemo(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await waitForReady(page);
  return page.url();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(600_000);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const before = await loadDemo(page);
  const overview = await loadDemo(page);
  const path = (u: string) => new URL(u).pathname + new URL(u).search;

  // The activities list, filtered (its own URL), and an activity's drill-down.
  await page.getByLabel('Seen by', { exact: true }).selectOption('both');
  await expect(page).toHaveURL(/source=both/);
  const activities = page.url();
  await page.getByTestId('activity-table').getByTestId('activity-title').first().click();
  await expect(page).toHaveURL(/\/activities\/\d+/);
  const activity = page.url();
  // An address: the activity's peer.
  await page.getByTestId('address-link').first().click();
  await expect(page).toHaveURL(/\/addresses\//);
  const address = page.url();

  // The hosts list on the overview and one host's page.
  await page.goto(overview);
  const hostLink = page.locator('section[aria-labelledby="hosts-heading"] a').first();
  await hostLink.scrollIntoViewIfNeeded();
  const hosts = `${overview}#hosts-heading`;
  await hostLink.click();
  await expect(page).toHaveURL(/\/hosts\//);
  const host = page.url();

  await page.goto(overview);
  await page.getByRole('link', { name: 'Settings & re-run' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  const settings = page.url();

  // Compare the two demo assessments through the form.
  await page.goto('/compare');
  const form = page.getByRole('form', { name: 'Choose assessments' });
  const beforeId = before.split('/').pop() as string;
  const afterId = overview.split('/').pop() as string;
  await form.locator(`input[value="${beforeId}"]`).check();
  await form.locator(`input[value="${afterId}"]`).check();
  await form.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByTestId('comparison-words')).toBeVisible();
  const compare = page.url();

  // A report of the second one, and its share link opened without a session.
  await page.goto(overview);
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  const report = page.url();
  const share = page.getByRole('form', { name: 'New share link' });
  await share.getByLabel('Include raw log lines').check();
  await share.getByRole('button', { name: 'Create share link' }).click();
  const shareUrl = await page.getByRole('textbox', { name: 'New share link URL' }).inputValue();
  expect(shareUrl).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
  await ctx.close();

  targets = [
    { name: 'home', url: '/' },
    { name: 'assessment overview', url: path(overview) },
    { name: 'activities', url: path(activities) },
    { name: 'activity drill-down', url: path(activity) },
    { name: 'address', url: path(address) },
    { name: 'hosts', url: path(hosts) },
    { name: 'host', url: path(host) },
    { name: 'settings', url: path(settings) },
    { name: 'baseline', url: `${path(overview)}/baseline` },
    { name: 'blind spots', url: `${path(overview)}/blind-spots` },
    { name: 'detectors', url: '/detectors' },
    { name: 'reports', url: '/reports' },
    { name: 'report', url: path(report) },
    { name: 'compare', url: path(compare) },
    { name: 'share page', url: path(shareUrl), anonymous: true },
  ];
});

/** Why the page is wider than its window: the widest elements that stick out, for the failure message. */
async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= window.innerWidth) return null;
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.right <= window.innerWidth + 0.5 || r.width === 0) continue;
      // Only the outermost element that sticks out (not everything inside it), outside any scroll box.
      const parent = el.parentElement;
      if (parent && parent.getBoundingClientRect().right > window.innerWidth + 0.5) continue;
      // A scroll box clips what it contains — but an absolutely positioned element (a visually
      // hidden label) only when the box also contains the element's containing block.
      const pos = getComputedStyle(el).position;
      const from = pos === 'absolute' || pos === 'fixed' ? (el as HTMLElement).offsetParent : el.parentElement;
      let clipped = false;
      for (let a = from; a && a !== document.body; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') clipped = true;
      }
      if (clipped) continue;
      const id = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.getAttribute('class') ?? '')
        .split(' ')
        .slice(0, 4)
        .join('.')}`;
      culprits.push(`${id} (right edge ${Math.round(r.right)} px: "${(el.textContent ?? '').trim().slice(0, 40)}")`);
      if (culprits.length >= 5) break;
    }
    return `page is ${root.scrollWidth} px wide in a ${window.innerWidth} px window; ${culprits.join('; ')}`;
  });
}

/** Pairs of the timeline's tick labels that overlap, per axis. */
async function overlappingTicks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    // Recharts draws each axis's labels in a group of their own (outside the axis's group).
    for (const axis of Array.from(document.querySelectorAll('[data-testid="timeline"] .recharts-cartesian-axis-tick-labels'))) {
      const ticks = Array.from(axis.querySelectorAll('.recharts-cartesian-axis-tick-value'))
        .map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }))
        .filter((t) => t.r.width > 0);
      for (let i = 0; i < ticks.length; i++)
        for (let j = i + 1; j < ticks.length; j++) {
          const a = ticks[i]?.r as DOMRect;
          const b = ticks[j]?.r as DOMRect;
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
            found.push(`"${ticks[i]?.text}" overlaps "${ticks[j]?.text}"`);
        }
    }
    return found;
  });
}

/** Heat-map column headers that are not fully on screen (cut by the window or by an inner scroll box). */
async function hiddenStages(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hidden: string[] = [];
    for (const th of Array.from(document.querySelectorAll('[data-testid="heatmap"] thead th')).slice(1)) {
      const r = th.getBoundingClientRect();
      let left = 0;
      let right = window.innerWidth;
      for (let a = th.parentElement; a; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox !== 'visible') {
          const box = a.getBoundingClientRect();
          left = Math.max(left, box.left);
          right = Math.min(right, box.right);
        }
      }
      if (r.left < left - 0.5 || r.right > right + 0.5) hidden.push(th.textContent ?? '');
    }
    return hidden;
  });
}

async function pageFor(browser: Browser, t: Target, viewport: { width: number; height: number }): Promise<Page> {
  const ctx = t.anonymous ? await browser.newContext({ viewport, storageState: { cookies: [], origins: [] } }) : await browser.newContext({ viewport });
  return ctx.newPage();
}

for (const vp of VIEWPORTS) {
  test(`every page fits a ${vp.width}×${vp.height} window (${vp.name})`, async ({ browser }) => {
    test.setTimeout(300_000);
    const problems: string[] = [];
    for (const t of targets) {
      const page = await pageFor(browser, t, vp);
      const res = await page.goto(t.url);
      expect(res?.status(), `${t.name} (${t.url})`).toBe(200);
      await page.waitForLoadState('networkidle');
      // VIEWPORT_SHOTS=<folder> keeps a full-page picture of each visit, to look at.
      if (process.env.VIEWPORT_SHOTS)
        await page.screenshot({ path: `${process.env.VIEWPORT_SHOTS}/${vp.name}-${t.name.replace(/\W+/g, '-')}.png`, fullPage: true });
      const wide = await overflow(page);
      if (wide) problems.push(`${t.name} (${t.url}): ${wide}`);
      if ((await page.getByTestId('timeline').count()) > 0) {
        await page.getByTestId('timeline').scrollIntoViewIfNeeded();
        await expect(page.getByTestId('timeline').locator('.recharts-cartesian-axis-tick-value').first()).toBeVisible();
        const ticks = await overlappingTicks(page);
        if (ticks.length) problems.push(`${t.name}: ${ticks.length} overlapping timeline axis labels, e.g. ${ticks.slice(0, 3).join('; ')}`);
      }
      if (vp.width >= 1440 && (await page.getByTestId('heatmap').count()) > 0) {
        await expect(page.getByTestId('heatmap').locator('thead th')).toHaveCount(8);
        const hidden = await hiddenStages(page);
        if (hidden.length) problems.push(`${t.name}: heat map stages off screen: ${hidden.join(', ')}`);
      }
      if (!t.anonymous) {
        // Sign out and the theme toggle on screen (or one tap away), on every signed-in page.
        await page.evaluate(() => window.scrollTo(0, 0));
        const menu = page.getByRole('button', { name: 'Menu' });
        if (await menu.isVisible()) await menu.click();
        for (const control of [page.getByRole('button', { name: 'Sign out' }), page.getByRole('button', { name: 'Dark mode' })]) {
          if (!(await control.isVisible())) {
            problems.push(`${t.name}: ${await control.first().textContent()} not visible`);
            continue;
          }
          const box = await control.boundingBox();
          if (!box || box.x < 0 || box.x + box.width > vp.width) problems.push(`${t.name}: a header control is off screen (${JSON.stringify(box)})`);
        }
      }
      await page.context().close();
    }
    expect(problems).toEqual([]);
  });
}

test('the theme toggle works on a phone', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await page.goto('/');
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  const dark = (await toggle.getAttribute('aria-pressed')) === 'true';
  await toggle.click();
  await expect(page.locator('html')).toHaveClass(dark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
  await toggle.click(); // back as it was, for the other specs sharing this browser profile
  await ctx.close();
});
