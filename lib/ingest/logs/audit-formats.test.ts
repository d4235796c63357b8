import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { SNIFF_BYTES } from '../format';
import { sniffFormat } from '../sniff';
import { auditFormats, sniffAuditd, sniffAuoms, sniffLaurel } from './audit-formats';
import { syslogFormats } from './syslog-formats';

function head(relative: string): Buffer {
  const buf = fs.readFileSync(fixture(relative));
  return buf.subarray(0, SNIFF_BYTES);
}

function listFiles(relative: string): string[] {
  const dir = fixture(relative);
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(fixture(''), path.join(e.parentPath, e.name)));
}

const scores = (buf: Buffer) => ({ auditd: sniffAuditd(buf), laurel: sniffLaurel(buf), auoms: sniffAuoms(buf) });

describe('audit sniffers on small inputs', () => {
  it.each([
    ['node=h type=SYSCALL msg=audit(1700000000.123:1): arch=c000003e\n', 'auditd'],
    ['type=SYSCALL msg=audit(05/30/2018 10:11:12.123:456) : arch=x86_64\n----\n', 'auditd'],
    ['{"ID":"1615114232.375:15558","SYSCALL":{"arch":"0xc000003e"}}\n', 'laurel'],
    ['type=AUOMS_EXECVE audit(1652292621.986:84138): SchemaVersion="1"\n', 'auoms'],
    ['{"TenantId":"x","SyslogMessage":"type=AUOMS_EXECVE audit(1652292621.986:84138): a=1","Computer":"h"}\n', 'auoms'],
  ])('%s → %s', (text, winner) => {
    const s = scores(Buffer.from(text));
    expect(s[winner as keyof typeof s]).toBeGreaterThanOrEqual(0.9);
    expect(Object.values(s).filter((v) => v > 0)).toHaveLength(1);
  });

  it.each([
    'Mar  7 14:02:11 web01 audispd: node=h type=SYSCALL msg=audit(1700000000.123:1): arch=c000003e',
    '{"ts":1591367999.305988,"uid":"C","id.orig_h":"10.0.0.1"}',
    '{"ID":"not-an-audit-id","SYSCALL":{}}',
    'ts,te,td,sa,da,sp,dp,pr',
    '',
  ])('claims nothing of %j', (text) => {
    expect(Object.values(scores(Buffer.from(text)))).toEqual([0, 0, 0]);
  });
});

describeFixtures('audit sniffers on the fixtures', () => {
  const all = [...syslogFormats, ...auditFormats];

  it('picks auditd for every raw audit log', () => {
    const files = listFiles('logs/auditd').filter((f) => /\.(log|txt)$/.test(f) && !/README|LICENSE/.test(f));
    for (const f of files) {
      // laurel's commented fixtures (`# …` lines) and lone laurel records are still mostly records.
      expect(sniffFormat(head(f), all).format?.id, f).toBe('auditd');
    }
  });

  it('picks laurel-json for laurel output and auoms for the OTRF rows and lines', () => {
    for (const f of listFiles('logs/auditd/laurel').filter((x) => x.endsWith('.json'))) {
      expect(sniffFormat(head(f), all).format?.id, f).toBe('laurel-json');
    }
    const otrf = 'paired/otrf-log4shell-jndi';
    expect(sniffFormat(head(`${otrf}/derived_auoms_syslogmessage_lines.log`), all).format?.id).toBe('auoms');
    expect(sniffFormat(head(`${otrf}/syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json`), all).format?.id).toBe('auoms');
  });

  it('claims no syslog, Sysmon JSON, Zeek, VPC, nfdump CSV or golden JSON file', () => {
    const others = [
      ...listFiles('logs/syslog'),
      ...listFiles('flows/elastic-beats'),
      ...listFiles('flows/rita'),
      ...listFiles('flows/derived').filter((f) => f.endsWith('.csv')),
      ...listFiles('paired/otrf-log4shell-jndi').filter((f) => !f.includes('auoms') && !f.endsWith('.pcap')),
      ...listFiles('logs/auditd').filter((f) => f.endsWith('.golden') || f.endsWith('.yaml') || f.endsWith('.ref') || f.endsWith('expected.json')),
    ];
    expect(others.length).toBeGreaterThan(20);
    for (const f of others) expect(scores(head(f)), f).toEqual({ auditd: 0, laurel: 0, auoms: 0 });
  });
});
