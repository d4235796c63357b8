// Issue 23: one small file of each format a SOC's collectors write, uploaded through the form as a
// user does (name, file field, the upload button), is recognised as its format with the record
// count the CLI reads from the same file — and, where the format's own tool or test says it, that
// count too. An EVE file's records are its flows and its alerts (eve-small: 1 flow, 1 alert). Real public samples where the repository has them, generated files otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { decodePacketHeaders, newPacketHeaders } from '../lib/ingest/flows/packet-headers';
import { readClassicPcap } from '../test/kits/capture';
import { cliJson, e2eDataDir, waitForReady } from './helpers';

const ROOT = path.join(import.meta.dirname, '..');
const fixture = (...p: string[]) => path.join(ROOT, 'test', 'fixtures', ...p);
const dir = path.join(e2eDataDir, 'formats');

/** The recording's IPFIX export as an RFC 5655 file: its UDP payloads back to back. */
function ipfixFile(): string {
  const cap = readClassicPcap(fs.readFileSync(fixture('recordings', 'appliance-exfil', 'ipfix.pcap')));
  const headers = newPacketHeaders();
  const out: Buffer[] = [];
  for (const p of cap.packets) {
    if (!decodePacketHeaders(cap.linkType, p.data, headers) || headers.proto !== 17) continue;
    out.push(p.data.subarray(headers.payloadOffset, headers.payloadOffset + headers.payloadLength));
  }
  return write('export.ipfix', Buffer.concat(out));
}

function write(name: string, content: string | Buffer): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const sysmon = (id: number, utc: string, data: string) =>
  `${utc.replace(' ', 'T')}+00:00 web01 sysmon: <Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/><EventID>${id}</EventID><Version>5</Version><Computer>web01</Computer></System><EventData><Data Name="UtcTime">${utc}</Data>${data}</EventData></Event>`;

interface Case {
  format: string;
  field: 'Flow export' | 'Log bundle';
  file: () => string;
  /** The count the format's own tool or test gives, when there is one. */
  records?: number;
  note?: RegExp;
}

const CASES: Case[] = [
  { format: 'suricata-eve', field: 'Flow export', file: () => fixture('public', 'suricata', 'eve-small.log'), records: 2 },
  {
    format: 'suricata-eve',
    field: 'Flow export',
    file: () => fixture('public', 'suricata', 'wrccdc-2018-alerts.log'),
    records: 207,
    note: /207 Suricata alert event\(s\) stored as IDS alerts/,
  },
  { format: 'nfcapd', field: 'Flow export', file: () => fixture('generated', 'nfcapd', 'ftp-bruteforce.lz4.nfcapd') },
  { format: 'ipfix-file', field: 'Flow export', file: ipfixFile },
  {
    format: 'syslog-json',
    field: 'Log bundle',
    file: () =>
      write(
        'auth.json',
        [
          '{"timestamp":"2026-12-04T20:16:20.120Z","host":"web01","program":"sshd","pid":812,"msg":"Failed password for root from 203.0.113.66 port 51562 ssh2"}',
          '{"timestamp":"2026-12-04T20:16:25.000Z","host":"web01","program":"sshd","pid":813,"msg":"Accepted password for alice from 203.0.113.66 port 51570 ssh2"}',
          '{"timestamp":"2026-12-04T20:16:30.000Z","host":"web01","program":"CRON","pid":900,"msg":"(root) CMD (run-parts /etc/cron.hourly)"}',
        ].join('\n'),
      ),
    records: 3,
  },
  { format: 'redis-log', field: 'Log bundle', file: () => fixture('public', 'redis', 'beats-redis-test.log') },
  {
    format: 'mysql-general',
    field: 'Log bundle',
    file: () =>
      write(
        'mysql-general.log',
        [
          '/usr/sbin/mysqld, Version: 8.0.35 (MySQL Community Server - GPL). started with:',
          'Time                 Id Command    Argument',
          '2026-12-04T20:03:00.000000Z\t   21 Connect\twebapp@203.0.113.66 on shop using TCP/IP',
          "2026-12-04T20:03:00.100000Z\t   21 Query\tSELECT * FROM customers INTO OUTFILE '/tmp/.x/c.csv'",
          "2026-12-04T20:03:02.000000Z\t   22 Connect\tAccess denied for user 'root'@'203.0.113.66' (using password: YES)",
        ].join('\n'),
      ),
    records: 3,
  },
  { format: 'postgresql-log', field: 'Log bundle', file: () => fixture('public', 'postgresql', 'pgbadger-stderr-cet.log') },
  { format: 'utmp', field: 'Log bundle', file: () => fixture('utmp', 'webshop-alpha-btmp') },
  {
    format: 'syslog-iso8601',
    field: 'Log bundle',
    file: () =>
      write(
        'sysmon-syslog',
        [
          sysmon(
            1,
            '2026-12-04 20:16:20.118',
            '<Data Name="ProcessId">4242</Data><Data Name="Image">/usr/bin/bash</Data><Data Name="CommandLine">bash -i</Data><Data Name="User">www-data</Data>',
          ),
          sysmon(
            3,
            '2026-12-04 20:16:20.125',
            '<Data Name="ProcessId">4242</Data><Data Name="Image">/usr/bin/bash</Data><Data Name="Initiated">true</Data><Data Name="DestinationIp">203.0.113.7</Data><Data Name="DestinationPort">4444</Data>',
          ),
        ].join('\n'),
      ),
    records: 2,
  },
  { format: 'vsftpd-log', field: 'Log bundle', file: () => fixture('public', 'ftp', 'plaso-vsftpd.log'), records: 25 },
  {
    // bash with HISTTIMEFORMAT: 3 dated entries, 4 simple commands; the undated first line is only counted.
    format: 'shell-history',
    field: 'Log bundle',
    file: () =>
      write(
        '.bash_history',
        [
          'ls',
          '#1764878580',
          'sudo -u postgres pg_dump shopdb > /var/tmp/.x/db.sql',
          '#1764878640',
          'tar czf /var/tmp/.x/a.tgz /var/tmp/.x/db.sql && rm /var/tmp/.x/db.sql',
          '#1764878700',
          'history -c',
        ].join('\n'),
      ),
    records: 4,
    note: /1 command without timestamps/,
  },
];

for (const c of CASES) {
  test(`${c.format}: ${path.basename(c.file())} is recognised with its record count`, async ({ page }) => {
    const file = c.file();
    const doc = cliJson([c.field === 'Flow export' ? '--flows' : '--logs', file]);
    const cli = doc.files.find((f) => f.format !== null);
    expect(cli?.format).toBe(c.format);
    if (c.records !== undefined) expect(cli?.records).toBe(c.records);

    await page.goto('/');
    await page.getByRole('textbox', { name: 'Name' }).fill(`E2E ${c.format} ${Date.now()}`);
    await page.getByLabel(c.field).setInputFiles(file);
    await page.getByRole('button', { name: 'Upload and analyze' }).click();
    await page.waitForURL(/\/assessments\//);
    await waitForReady(page);
    const row = page
      .getByTestId('file-results')
      .locator('tr', { hasText: path.basename(file) })
      .first();
    await expect(row.locator('td').nth(2)).toHaveText(c.format);
    await expect(row.locator('td').nth(3)).toHaveText((cli?.records ?? -1).toLocaleString('en'));
    if (c.note) await expect(row.locator('td').nth(5)).toContainText(c.note);
  });
}

test('the upload page lists every format with an example and what Sightline takes from it', async ({ page }) => {
  await page.goto('/');
  const list = page.getByTestId('format-list');
  await list.locator('summary').click();
  await expect(list.locator('li')).toHaveCount(33);
  await expect(list).toContainText('vsftpd log (vsftpd.log)');
  await expect(list).toContainText('Shell history (bash, zsh, fish)');
  await expect(list).toContainText('Takes: FTP connects, logins and failed logins');
});
