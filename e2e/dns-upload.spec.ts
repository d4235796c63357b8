// A Zeek dns.log uploaded through the browser: sniffed as zeek-dns, its queries counted in the file
// results, the tunnel found as one activity whose drill-down lists the DNS queries themselves.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { e2eDataDir, waitForReady } from './helpers';

const T0 = Date.parse('2024-03-07T10:00:00Z') / 1000;

function label(seed: number, n: number): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz234567';
  let x = seed * 2654435761;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += abc[Math.floor((x / 2147483648) * abc.length)];
  }
  return out;
}

function dnsLog(): string {
  const head = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tdns',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\tquery\tqtype\tqtype_name\trcode\trcode_name\tanswers',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tstring\tcount\tstring\tcount\tstring\tvector[string]',
  ];
  const rows: string[] = [];
  for (let i = 0; i < 150; i++) {
    const ts = (T0 + i * 0.25).toFixed(6);
    rows.push(
      [ts, `C${i}`, '10.40.0.5', 30000 + i, '10.40.0.53', 53, 'udp', i, `${label(i + 1, 56)}.tunnel-c2.net`, 16, 'TXT', 0, 'NOERROR', 'TXT 20 x'].join('\t'),
    );
    rows.push([ts, `D${i}`, '10.40.0.20', 40000 + i, '10.40.0.53', 53, 'udp', i, `host-${i}.eu.corp-example.com`, 1, 'A', 0, 'NOERROR', '10.1.2.3'].join('\t'));
  }
  return `${[...head, ...rows].join('\n')}\n`;
}

test('a Zeek dns.log upload finds the tunnel and drills down to its queries', async ({ page }) => {
  fs.mkdirSync(e2eDataDir, { recursive: true });
  const file = path.join(e2eDataDir, 'dns.log');
  fs.writeFileSync(file, dnsLog());
  const name = `E2E dns.log ${Date.now()}`;
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByLabel('Flow export').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\//);
  await waitForReady(page);
  const row = page.getByTestId('file-results').locator('tr', { hasText: 'dns.log' });
  await expect(row).toContainText('zeek-dns');
  await expect(row).toContainText('300');
  await expect(row).toContainText('300 DNS queries stored for the DNS-tunnel detector');
  const activities = page.getByTestId('activity-table').locator('tbody tr');
  await expect(activities).toHaveCount(1);
  await activities.first().getByTestId('activity-title').click();
  await page.waitForURL(/\/activities\/\d+/);
  await expect(page.getByTestId('evidence')).toContainText(/DNS 10\.40\.0\.5:\d+ → 10\.40\.0\.53:53 {2}TXT [a-z2-7]{56}\.tunnel-c2\.net/);
});
