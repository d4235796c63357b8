// While the worker ingests each hostile input — every log regex's own worst line (test/complexity),
// a quarter of a megabyte long — the web server keeps answering: /login is asked again and again
// until the assessment settles. Each answer must come (HTTP 200); its time is measured and
// reported (not asserted: the machine is shared), the slowest per input in the test's annotations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { COMPLEXITY_CASES } from '../test/complexity/regex-cases';
import { syslogTime, T0, writeTarGz } from '../test/make-data';

/** The program a syslog line needs for its message to reach the pattern the case attacks. */
function program(name: string): string {
  const first = name.split(' ')[0] ?? '';
  const map: Record<string, string> = {
    cron: 'CRON',
    NetworkManager: 'NetworkManager',
    'dhclient/networkd/dhcpcd': 'dhclient',
    kernel: 'kernel',
    su: 'su',
    sudo: 'sudo',
    'shadow-utils': 'useradd',
    login: 'login',
    systemd: 'systemd',
    inetd: 'in.ftpd',
    syslog: 'sshd',
  };
  return map[first] ?? 'sshd';
}

const LINE_BYTES = 256 * 1024;

test('/login answers while the worker ingests each hostile line', async ({ page, playwright, baseURL }) => {
  test.setTimeout(900_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-e2e-hostile-'));
  const probe = await playwright.request.newContext({ baseURL });
  const report: string[] = [];
  for (const c of COMPLEXITY_CASES) {
    const unit = c.line(1).length;
    const line = c.line(Math.max(1, Math.floor(LINE_BYTES / Math.max(1, unit)))).slice(0, LINE_BYTES);
    const bundle = path.join(dir, `${c.name.replace(/\W+/g, '-')}.tar.gz`);
    await writeTarGz(bundle, [{ name: 'web01/var/log/auth.log', body: `${syslogTime(T0)} web01 ${program(c.name)}[1]: ${line}\n` }]);
    await page.goto('/');
    await page.getByRole('textbox', { name: 'Name' }).fill(`E2E hostile ${c.name}`);
    await page.getByLabel('Log bundle').setInputFiles(bundle);
    await page.getByRole('button', { name: 'Upload and analyze' }).click();
    await page.waitForURL(/\/assessments\//);
    // Ask /login until the page says the pipeline settled.
    const times: number[] = [];
    const status = page.getByTestId('status').first();
    do {
      const t = performance.now();
      const res = await probe.get('/login', { timeout: 120_000 });
      times.push(performance.now() - t);
      expect(res.status(), `${c.name}: /login`).toBe(200);
    } while (!/ready|failed/.test((await status.textContent()) ?? ''));
    const slowest = Math.max(...times);
    report.push(`${c.name}: ${times.length} answers, slowest ${slowest.toFixed(0)} ms`);
  }
  test.info().annotations.push({ type: '/login while ingesting (ms)', description: report.join('; ') });
  console.log(`/login while ingesting hostile lines:\n  ${report.join('\n  ')}`);
  await probe.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});
