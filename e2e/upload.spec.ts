import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { at, syslogTime, writeTarGz } from '../test/make-data';
import { cliJson, e2eDataDir, generatedFiles, waitForReady } from './helpers';

test('uploading a log bundle and a flow export shows the same numbers as the CLI', async ({ page }) => {
  const files = generatedFiles();
  const name = `E2E upload ${Date.now()}`;
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByLabel('Log bundle').setInputFiles(files.logs);
  await page.getByLabel('Flow export').setInputFiles(files.flows);
  await page.getByLabel('Inventory (optional)').setInputFiles(files.inventory);
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\//);
  // Live progress appears without a reload, then the finished page.
  await waitForReady(page);
  await expect(page.getByRole('heading', { name })).toBeVisible();

  const doc = cliJson(['--logs', files.logs, ...files.flows.flatMap((f) => ['--flows', f]), '--inventory', files.inventory]);
  const total = doc.activities.length;
  const bothDetected = doc.activities.filter((a) => a.network === 'detected' && a.logs === 'detected').length;
  const oneWithEvidence = doc.activities.filter((a) => a.network !== 'blind' && a.logs !== 'blind').length - bothDetected;
  const oneBlind = total - bothDetected - oneWithEvidence;
  const tile = async (id: string) => Number(await page.getByTestId(id).textContent());
  expect(total).toBeGreaterThan(0);
  await expect(page.getByTestId('stat-activities')).toHaveText(String(total));
  await expect(page.getByTestId('stat-both-detected')).toHaveText(String(bothDetected));
  await expect(page.getByTestId('stat-one-with-evidence')).toHaveText(String(oneWithEvidence));
  // One source blind: network only, logs only, or unknown when the silent source does not cover the host.
  expect((await tile('stat-network-only')) + (await tile('stat-logs-only')) + (await tile('stat-unknown'))).toBe(oneBlind);
  await expect(page.getByTestId('activity-table').locator('tbody tr')).toHaveCount(Math.min(total, 50));

  // The chart's text equivalent lists all seven stages with the CLI's counts.
  const table = page.locator('table', { has: page.locator('caption', { hasText: 'Activities per kill-chain stage and source' }) });
  for (const s of doc.stages) {
    if (s.stage === 'weaponization') continue;
    const row = table.locator('tbody tr').nth(doc.stages.indexOf(s));
    const cells = (await row.locator('td').allTextContents()).map(Number);
    expect(cells.reduce((n, c) => n + c, 0)).toBe(s.networkOnly + s.both + s.logsOnly);
  }
  await expect(table.locator('tbody tr').nth(1).locator('td').first()).toHaveText('not observable');
  await expect(page.getByTestId('stage-coverage-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();

  // Per-file results name each file with its format and record count.
  const fileTable = page.getByTestId('file-results');
  for (const f of doc.files) {
    // The CLI names a file given directly by its path as given; the page by its name.
    const shown = f.path.includes(':') ? (f.path.split(':').pop() as string) : path.basename(f.path);
    await expect(fileTable.locator('tr', { hasText: shown }).first()).toContainText(f.records.toLocaleString('en'));
  }
});

test('a file in no known format is reported with its name, and nothing else breaks', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill(`E2E bad file ${Date.now()}`);
  await page.getByLabel('Flow export').setInputFiles(path.join(e2eDataDir, 'garbage.bin'));
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\//);
  await expect(page.getByTestId('status').first()).toHaveText('failed', { timeout: 120_000 });
  await expect(page.getByText(/garbage\.bin: not a recognised flow export format/).first()).toBeVisible();
  // What failed, why and what to do — not an all-zero dashboard.
  await page.reload();
  const failed = page.getByTestId('assessment-failed');
  await expect(failed).toContainText('garbage.bin could not be read.');
  await expect(failed.getByTestId('failure-reason')).toContainText('not a recognised flow export format');
  await expect(failed.getByRole('link', { name: 'Upload another file' })).toBeVisible();
  await expect(failed.getByRole('button', { name: /Delete/ })).toBeVisible();
  await expect(page.getByTestId('stat-activities')).toHaveCount(0);
});

test('an upload whose Content-Length is past the limit is refused before its body is read', async ({ page, baseURL }) => {
  await page.goto('/');
  const created = await page.request.post('/api/assessments', { data: { name: `E2E too large ${Date.now()}` }, headers: { Origin: baseURL ?? '' } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  // A raw request that announces 20 GiB and sends a few bytes: the answer must come without
  // waiting for the rest of the body.
  const http = await import('node:http');
  const url = new URL(`/api/assessments/${id}/uploads?kind=logs&name=huge.log`, baseURL);
  const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'Content-Length': String(20 * 1024 ** 3), Cookie: cookie, Origin: url.origin, 'Content-Type': 'application/octet-stream' } },
      (r) => {
        let body = '';
        r.on('data', (d) => {
          body += String(d);
        });
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.write('x'.repeat(1024));
  });
  expect(res.status).toBe(413);
  expect(JSON.parse(res.body).message).toMatch(/^huge\.log is larger than the \d+ GiB upload limit\.$/);
});

test('file problems are counted per file and per line; empty and binary log files are skipped, not problems', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-e2e-skipped-'));
  const line = (s: number) => `${syslogTime(at(s))} web01 sshd[1]: Accepted publickey for ops from 10.0.0.7 port 2 ssh2\n`;
  const bundle = path.join(dir, 'bundle.tar.gz');
  await writeTarGz(bundle, [
    { name: 'web01/var/log/auth.log', body: `${line(1)}this is no syslog line\n${line(2)}` },
    { name: 'web01/var/log/empty.log', body: '' },
    { name: 'web01/var/log/wtmp', body: Buffer.from(Array.from({ length: 768 }, (_, i) => (i % 5 === 0 ? 0 : (i * 37) % 256))) },
    { name: 'web01/var/log/garbage.bin', body: fs.readFileSync(path.join(e2eDataDir, 'garbage.bin')) },
  ]);
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill(`E2E skipped files ${Date.now()}`);
  await page.getByLabel('Log bundle').setInputFiles(bundle);
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\//);
  await waitForReady(page);
  await expect(page.getByTestId('problem-counts')).toHaveText(
    'Problems: 1 file in no format Sightline reads; 1 unreadable line or record in 1 file. 2 empty or binary files were skipped (not problems).',
  );
  const row = (name: string) => page.getByTestId('file-results').locator('tr', { hasText: name });
  await expect(row('wtmp')).toContainText('skipped');
  await expect(row('wtmp')).toContainText('login records');
  await expect(row('empty.log')).toContainText('empty file');
  await expect(row('garbage.bin')).toContainText('not recognised');
  await expect(row('auth.log')).toContainText('syslog');
  fs.rmSync(dir, { recursive: true, force: true });
});
