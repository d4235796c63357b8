import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, fixture, fixturesDir } from '../../../test/fixtures';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { SNIFF_BYTES } from '../format';
import { isoSyslogFormat, rfc3164Format, syslogFormats } from './syslog-formats';

const head = (buf: Buffer) => buf.subarray(0, SNIFF_BYTES);
const scores = (buf: Buffer) => Object.fromEntries(syslogFormats.map((f) => [f.id, f.sniff(head(buf))]));
const best = (buf: Buffer) => {
  const s = scores(buf);
  const [id, score] = Object.entries(s).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return score >= 0.5 ? id : undefined;
};

describe('syslog sniffers', () => {
  it.each([
    ['Mar  7 14:02:11 web01 sshd[812]: Accepted password for bob from 10.0.0.1 port 1 ssh2\n', 'syslog-rfc3164'],
    ['<13>Mar  7 14:02:11 web01 app: x\n', 'syslog-rfc3164'],
    ['2019-06-14T10:40:20.912134+01:30 web01 sudo: x\n2019-06-14T10:40:21Z web01 cron[1]: y\n', 'syslog-iso8601'],
    ['<34>1 2003-10-11T22:14:15.003Z host su - ID47 - msg\n', 'syslog-rfc5424'],
    ['{"__REALTIME_TIMESTAMP":"1700000000000000","MESSAGE":"x","_HOSTNAME":"h"}\n', 'journald-json'],
  ])('%j → %s', (text, id) => {
    expect(best(Buffer.from(text))).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['nfdump CSV', 'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt\n2024-03-07 14:02:11,2024-03-07 14:02:12,1.000,10.0.0.1,10.0.0.2,1,22,TCP\n'],
    ['auditd', 'type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e syscall=2 success=no exit=-13\n'],
    ['auditd with node=', 'node=web01 type=EXECVE msg=audit(1451781471.394:194435): argc=1 a0="ls"\n'],
    ['Zeek JSON', '{"ts":1591367999.305988,"uid":"C5bLoe2Mvxqhawzqqd","id.orig_h":"192.168.4.76"}\n'],
    ['Zeek TSV', '#separator \\x09\n#set_separator\t,\n#fields\tts\tuid\n'],
    ['VPC flow log', 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n'],
    ['prose', 'Dear reader: this is not a log.\nNor is this: really.\n'],
    ['binary', '\x00\x01\x02\x03Mar  7 14:02:11 h a: x\n'],
  ])('%s scores 0', (_name, text) => {
    expect(scores(Buffer.from(text, 'latin1'))).toEqual({ 'syslog-rfc3164': 0, 'syslog-iso8601': 0, 'syslog-rfc5424': 0, 'journald-json': 0 });
  });

  it('leaves audit records forwarded through syslog to a dedicated reader (score ≤ 0.5)', () => {
    const line = 'Mar  7 14:02:11 web01 audispd: node=web01 type=EXECVE msg=audit(1451781471.394:194435): argc=1 a0="ls"\n';
    expect(scores(Buffer.from(line.repeat(10)))['syslog-rfc3164']).toBe(0.5);
  });

  it('still reads a file with a few NUL bytes (a zero-filled block after a crash, a hostile user name)', () => {
    const text = `${'Mar  7 14:02:11 web01 sshd[1]: x\n'.repeat(20)}Mar  7 14:02:12 web01 sshd[2]: Invalid user a\u0000b from 192.0.2.1\n${'\u0000'.repeat(16)}\n`;
    expect(scores(Buffer.from(text))['syslog-rfc3164']).toBeGreaterThan(0.8);
  });

  it('refuses binary data full of NUL bytes', () => {
    const text = `${'Mar  7 14:02:11 web01 sshd[1]: x\n'.repeat(5)}${'\u0000'.repeat(400)}`;
    expect(scores(Buffer.from(text))['syslog-rfc3164']).toBe(0);
  });

  it('ignores a cut-off last line in a full sniff head', () => {
    const text = `${'Mar  7 14:02:11 web01 sshd[1]: x\n'.repeat(100)}garbage-cut-off-mid-li`;
    expect(scores(Buffer.from(text))['syslog-rfc3164']).toBe(0.9);
  });
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

describeFixtures('syslog sniffers on every shared fixture', () => {
  it('claim the syslog fixtures and nothing else', () => {
    const claimed: string[] = [];
    for (const file of listFiles(fixturesDir)) {
      const fd = fs.openSync(file, 'r');
      const buf = Buffer.alloc(SNIFF_BYTES);
      const n = fs.readSync(fd, buf, 0, SNIFF_BYTES, 0);
      fs.closeSync(fd);
      const id = best(buf.subarray(0, n));
      if (id) claimed.push(`${path.relative(fixturesDir, file)} ${id}`);
    }
    expect(claimed.sort()).toEqual([
      'logs/syslog/elastic-beats/system-auth/test.log syslog-rfc3164',
      'logs/syslog/elastic-beats/system-auth/timestamp.log syslog-iso8601',
      'logs/syslog/elastic-beats/system-syslog/tz-offset.log syslog-iso8601',
      'logs/syslog/loghub/Linux/Linux_2k.log syslog-rfc3164',
      'logs/syslog/loghub/OpenSSH/OpenSSH_2k.log syslog-rfc3164',
    ]);
  });
});

describeFixtures('elastic-beats system module samples', () => {
  const ctx = { path: 'auth.log', timeZone: 'UTC', mtimeMs: Date.UTC(2016, 2, 1) };

  it('auth.log (not in time order): sudo, useradd, groupadd, ssh', () => {
    const buf = fs.readFileSync(fixture('logs/syslog/elastic-beats/system-auth/test.log'));
    const out = parseWithSplits(() => rfc3164Format.createParser(ctx), buf);
    expect(out.invalid).toEqual([]);
    expect(out.records.map((r) => `${r.hostName} ${r.kind} ${r.userName ?? ''} ${r.srcIp ?? ''}`)).toEqual([
      'localhost ssh_accepted vagrant 10.0.2.2',
      'localhost ssh_accepted vagrant 192.168.33.1',
      'localhost ssh_invalid_user test 10.0.2.2',
      'slave22 ssh_failed root 216.160.83.57',
      'localhost sudo vagrant ',
      'slave22 ssh_no_ident  2.125.160.217',
      'localhost sudo vagrant ',
      'precise32 sudo_denied tsg ',
      'localhost group_add apache ',
      'localhost user_add apache ',
    ]);
    expect(out.records[6]).toMatchObject({ argv: ['/bin/cat', '/var/log/secure'], cwd: '/home/vagrant', result: 'USER=root' });
    expect(out.records[9]).toMatchObject({ uid: 48, pid: 6995 });
    expect(new Date(out.records[3]?.tsMs ?? 0).toISOString()).toBe('2016-02-20T08:35:22.000Z');
  });

  it('ISO timestamps with +01:30, +0400, +04:00 and no zone', () => {
    const zoned = { ...ctx, timeZone: 'America/Chicago' };
    const files = ['system-auth/timestamp.log', 'system-syslog/tz-offset.log'];
    const out = files.flatMap((f) => {
      const buf = fs.readFileSync(fixture(`logs/syslog/elastic-beats/${f}`));
      const r = parseWithSplits(() => isoSyslogFormat.createParser(zoned), buf);
      expect(r.invalid).toEqual([]);
      expect(r.notes).toEqual(['timestamps without a zone read as America/Chicago']);
      return r.records.map((x) => `${new Date(x.tsMs).toISOString()} ${x.hostName} ${x.program} ${x.pid ?? '-'}`);
    });
    expect(out).toEqual([
      '2019-06-14T15:40:20.912Z localhost sudo -',
      '2019-06-14T11:31:15.412Z localhost pam -',
      '1986-04-25T21:23:45.101Z rmbkmonitor04 shutdown 2649',
      '1986-04-25T21:23:45.388Z rmbkmonitor04 thermald -',
      '2019-06-14T15:40:20.912Z localhost sudo -',
    ]);
    expect(parseAll(isoSyslogFormat.createParser(zoned), Buffer.alloc(0))).toEqual({ records: [], invalid: [], notes: [] });
  });
});
