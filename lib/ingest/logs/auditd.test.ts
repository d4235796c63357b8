import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../../../test/fixtures';
import { byTime, content, contextFor, parseFixture, readFixture, serialOf } from '../../../test/kits/audit-fixtures';
import { parseAll } from '../../../test/kits/chunk-parser';
import type { LogRecord } from '../../records/records';
import { createAuditdParser } from './auditd';

const GO = 'logs/auditd/go-libaudit';
const BEATS = 'logs/auditd/elastic-beats';
const USERSPACE = 'logs/auditd/audit-userspace';

const parse = (relative: string) => parseFixture(relative, createAuditdParser);

function parseText(text: string): LogRecord[] {
  const result = parseAll(createAuditdParser(contextFor('inline.log')), Buffer.from(text));
  expect(result.invalid).toEqual([]);
  return result.records;
}

describeFixtures('auditd: go-libaudit reassembly (the same 5 events written 4 ways)', () => {
  const normal = parse(`${GO}/testdata/normal.log`);

  it('assembles the 5 events of normal.log', () => {
    expect(normal.invalid).toEqual([]);
    expect(normal.records.map((r) => [serialOf(r), r.kind])).toEqual([
      [58, 'connect'],
      [59, 'exec'],
      [60, 'exec'],
      [61, 'audit'], // connect to the unix socket public/pickup: local IPC, not network
      [62, 'accept'],
    ]);
    const [connect, grep] = normal.records;
    expect(connect).toMatchObject({ dstIp: '169.254.169.254', dstPort: 80, result: 'in_progress', pid: 1172 });
    expect(connect?.exe).toBe('/usr/bin/python2.7;58d1ccfb (deleted)');
    expect(grep).toMatchObject({ argv: ['grep', '--color=auto', 'mapping'], cwd: '/home/andrew_kroh', uid: 1000, auid: 1000, ppid: 12041 });
    // The socket's name as logged, and resolved against the CWD record (postfix runs in its spool).
    expect(normal.records[3]?.paths).toEqual(['public/pickup', '/var/spool/postfix/public/pickup']);
  });

  it('gives the same events when records are interleaved out of order', () => {
    const shuffled = parse(`${GO}/testdata/out_of_order.log`);
    expect(shuffled.invalid).toEqual([]);
    expect(byTime(shuffled.records).map(content)).toEqual(byTime(normal.records).map(content));
    // The late PATH record of event 60 (line 13) joined its event.
    expect(shuffled.records.find((r) => serialOf(r) === 60)?.raw.split('\n')).toHaveLength(5);
  });

  it('gives the same events when serials have gaps (lost messages)', () => {
    const lost = parse(`${GO}/testdata/lost_messages.log`);
    expect(lost.records.map(content)).toEqual(normal.records.map(content));
    expect(lost.records.map(serialOf)).toEqual([49, 59, 60, 61, 62]);
  });

  it('keeps events apart across serial roll-over (4294967295 → 0)', () => {
    const rolled = parse(`${GO}/testdata/rollover.log`);
    expect(rolled.records.map(serialOf)).toEqual([4294967294, 4294967295, 0, 1, 2]);
    expect(rolled.records.map((r) => r.kind)).toEqual(['connect', 'exec', 'connect', 'accept', 'accept']);
  });
});

interface GoldenRecord {
  record_type: string;
  sequence: number;
  data?: Record<string, unknown>;
}

const num = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
const id = (v: unknown) => (v === 'unset' ? undefined : num(v));

describeFixtures('auditd: go-libaudit auparse goldens (per-record fields Sightline keeps)', () => {
  const files = ['audit-rhel6.log', 'audit-rhel7.log', 'audit-ubuntu14.log', 'audit-ubuntu16.log', 'audit-ubuntu17.log', 'test2.log', 'test3.log'];
  it.each(files)('%s', (file) => {
    const { records, invalid } = parse(`${GO}/auparse/testdata/${file}`);
    // The golden holds null for the line it cannot parse (rhel7's `type=UNKNOWN[1329] msg=?`).
    const golden = (JSON.parse(readFixture(`${GO}/auparse/testdata/${file}.golden`).toString()) as (GoldenRecord | null)[]).filter((g) => g !== null);
    let compared = 0;
    for (const g of golden) {
      const d = g.data;
      const ev = records.find((r) => serialOf(r) === g.sequence && r.raw.includes(`type=${g.record_type.toUpperCase()} `));
      if (d === undefined || ev === undefined) continue;
      const isSyscall = g.record_type === 'syscall';
      if (isSyscall || g.record_type.startsWith('user_') || g.record_type === 'add_user' || g.record_type === 'add_group') {
        if (typeof d.pid === 'string') expect(ev.pid, `pid of ${g.sequence}`).toBe(num(d.pid));
        if (typeof d.auid === 'string') expect(ev.auid, `auid of ${g.sequence}`).toBe(id(d.auid));
        if (typeof d.uid === 'string') expect(ev.uid, `uid of ${g.sequence}`).toBe(id(d.uid));
        if (typeof d.exe === 'string') expect(ev.exe, `exe of ${g.sequence}`).toBe(d.exe);
        if (d.result === 'success' || d.result === 'fail') expect(['success', 'in_progress', 'failed']).toContain(ev.result);
        compared++;
      }
      if (isSyscall && typeof d.ppid === 'string') expect(ev.ppid).toBe(num(d.ppid));
      if (typeof d.cmd === 'string') expect(ev.argv?.join(' '), `cmd of ${g.sequence}`).toBe(d.cmd);
      if (typeof d.cwd === 'string') expect(ev.cwd, `cwd of ${g.sequence}`).toBe(d.cwd);
      if (g.record_type === 'execve') expect(ev.argv?.length).toBe(num(d.argc));
      // A SOCKADDR alone (no SYSCALL) says nothing about direction, so only user-space addr= counts.
      if (typeof d.addr === 'string' && /^[\d.]+$/.test(d.addr) && g.record_type !== 'sockaddr') expect(ev.srcIp).toBe(d.addr);
      if (g.record_type === 'path' && typeof d.name === 'string') {
        expect(ev.paths).toContain(d.name);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
    // `type=UNKNOWN[1329] msg=?` (rhel7) has no stamp: the one located problem.
    expect(invalid.map((i) => i.reason)).toEqual(file === 'audit-rhel7.log' ? ['audit record without an audit(…) stamp'] : []);
  });

  it('decodes hex exe, cwd, proctitle, acct and EXECVE arguments', () => {
    const { records } = parse(`${GO}/auparse/testdata/audit-rhel7.log`);
    expect(records.find((r) => serialOf(r) === 1208725)?.cwd).toBe('/tmp/a b c');
    const jq = records.find((r) => serialOf(r) === 1075898);
    expect(jq?.argv?.[2]).toMatch(/^\{\n {8}"dev": "08:01",/);
    const ubuntu16 = parse(`${GO}/auparse/testdata/audit-ubuntu16.log`).records;
    // acct=28696E76616C6964207573657229 is "(invalid user)": a marker, not an account name.
    expect(ubuntu16[0]).toMatchObject({ kind: 'login', result: 'failed', srcIp: '179.38.151.221' });
    expect(ubuntu16[0]?.userName).toBeUndefined();
  });
});

describeFixtures('auditd: Filebeat useradd.log vs its expected output', () => {
  it('keeps what Filebeat keeps: action, outcome, exe, pid, ids, source address', () => {
    const { records } = parse(`${BEATS}/useradd.log`);
    const expected = JSON.parse(readFixture(`${BEATS}/useradd.log-expected.json`).toString()) as Record<string, unknown>[];
    expect(records).toHaveLength(expected.length);
    const kindOf: Record<string, string> = {
      ADD_GROUP: 'group_add',
      ADD_USER: 'user_add',
      USER_CHAUTHTOK: 'passwd_change',
      USER_AUTH: 'auth',
      USER_ACCT: 'audit',
    };
    expected.forEach((e, i) => {
      const r = records[i] as LogRecord;
      expect(serialOf(r)).toBe(e['auditd.log.sequence']);
      expect(r.kind).toBe(kindOf[e['auditd.log.record_type'] as string]);
      expect(r.tsMs).toBe(Date.parse(e['@timestamp'] as string));
      expect(r.result).toBe(e['event.outcome'] === 'success' ? 'success' : 'failed');
      expect(r.exe).toBe(e['process.executable']);
      expect(r.pid).toBe(e['process.pid']);
      expect(r.auid).toBe(num(e['user.audit.id']));
      expect(r.srcIp).toBe(e['source.ip']);
      if (typeof e['user.name'] === 'string') expect(r.userName).toBe(e['user.name']);
    });
    // `op=adding group to /etc/group` has spaces; the inner uid=1004 of pam_tally2 wins over uid=0.
    expect(records[0]?.raw).toContain('op=adding group to /etc/group id=1004');
    expect(records[4]).toMatchObject({ uid: 1004, program: 'pam_tally2' });
    expect(records[5]).toMatchObject({ kind: 'passwd_change', userName: 'charlie' });
  });
});

describeFixtures('auditd: other variants', () => {
  it('reads ausearch -i interpreted values, hex exe and KERN_MODULE (beats test.log)', () => {
    const { records, invalid } = parse(`${BEATS}/test.log`);
    expect(invalid).toEqual([]);
    expect(records).toHaveLength(15);
    const top = records.find((r) => r.raw.includes('syscall=execve'));
    expect(top).toMatchObject({ kind: 'exec', userName: 'vagrant', exe: '/usr/bin/top', pid: 2614, ppid: 2563 });
    expect(top?.uid).toBeUndefined();
    expect(records.find((r) => r.raw.includes('KERN_MODULE'))).toMatchObject({ kind: 'module_load', paths: ['mymodule'] });
    expect(records[1]?.exe).toBe('/usr/libexec/strongswan/charon (deleted)');
    // TTY data (pam_tty_audit keystrokes) is hex with control characters.
    expect(records[4]?.argv?.[0]).toMatch(/^eh\x7f\x7fecho test\rvim \/etc\/pam\.d\/password-auth-ac\r/);
    expect(records[2]).toMatchObject({ kind: 'priv_cmd', argv: ['/usr/lib64/nagios/plugins/check_asterisk_sip_peers', '-p', '202'], cwd: '/' });
    // Events from different years sit in one file; each keeps its own time.
    expect(new Set(records.map((r) => new Date(r.tsMs).getUTCFullYear()))).toEqual(new Set([2016, 2017, 2019, 2020]));
  });

  it('takes the host from node= (audit-cent7-node.log) and ctx.hostHint otherwise', () => {
    const { records } = parse(`${BEATS}/audit-cent7-node.log`);
    expect(records).toHaveLength(10);
    expect(new Set(records.map((r) => r.hostName))).toEqual(new Set(['localhost.localdomain']));
    expect(records.filter((r) => r.kind === 'service_start').map((r) => r.paths?.[0])).toEqual([
      'auditd',
      'systemd-update-utmp',
      'rngd',
      'irqbalance',
      'abrtd',
      'abrt-xorg',
    ]);
    const hinted = parseAll(createAuditdParser(contextFor('x', { hostHint: 'web01' })), readFixture(`${BEATS}/useradd.log`));
    expect(new Set(hinted.records.map((r) => r.hostName))).toEqual(new Set(['web01']));
  });

  it('groups auparse_test.ref events: test.log 7 events, test2.log 7, test4.log 2 with argc 48 and 216', () => {
    expect(parse(`${USERSPACE}/test.log`).records.map((r) => r.raw.split('\n').length)).toEqual([4, 1, 1, 3, 1, 1, 1]);
    expect(parse(`${USERSPACE}/test2.log`).records).toHaveLength(7);
    const long = parse(`${USERSPACE}/test4.log`).records;
    expect(long.map((r) => r.raw.split('\n').length)).toEqual([7, 6]);
    expect(long.map((r) => r.argv?.length)).toEqual([48, 216]);
    expect(long[0]?.argv?.slice(0, 3)).toEqual(['/bin/sh', '-efu', '/usr/bin/ld']);
    const ref = readFixture(`${USERSPACE}/auparse_test.ref`).toString();
    expect(ref).toContain('argc=48');
    const node = parse(`${USERSPACE}/test3.log`).records;
    expect(node.every((r) => r.hostName === 'auditdtest.a1959.org')).toBe(true);
    expect(node.find((r) => r.kind === 'group_add')?.userName).toBe('frodo');
  });
});

describe('auditd: event assembly rules', () => {
  it('merges a user-space record with the kernel records of its serial (SERVICE_START + SYSCALL)', () => {
    const records = parseText(
      [
        'type=SERVICE_START msg=audit(1661853391.646:7): pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'unit=cron comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=success\'',
        'type=SYSCALL msg=audit(1661853391.646:7): arch=c000003e syscall=44 success=yes exit=120 a0=2e a1=7fff698a0190 a2=78 a3=0 items=0 ppid=0 pid=1 auid=4294967295 uid=0 gid=0 euid=0 comm="systemd" exe="/usr/lib/systemd/systemd" key=(null)',
        'type=EOE msg=audit(1661853391.646:7): ',
      ].join('\n'),
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'service_start', paths: ['cron'], result: 'success' });
    expect(records[0]?.raw.split('\n')).toHaveLength(2);
  });

  it('reads ausearch -i local times in the upload zone and says so', () => {
    const text = 'type=SYSCALL msg=audit(05/30/2018 10:11:12.123:456) : arch=x86_64 syscall=execve success=yes exit=0 pid=7 uid=root\n----\n';
    const result = parseAll(createAuditdParser(contextFor('x', { timeZone: 'Europe/Berlin' })), Buffer.from(text));
    expect(result.records[0]).toMatchObject({ kind: 'exec', tsMs: Date.UTC(2018, 4, 30, 8, 11, 12, 123), userName: 'root', pid: 7 });
    expect(result.notes).toEqual(['ausearch -i times have no zone; read as Europe/Berlin']);
  });

  it('classifies file creation, writes by open flags and wr_* watch keys', () => {
    const stamp = (n: number) => `msg=audit(1700000000.000:${n}):`;
    const sys = (n: number, rest: string) => `type=SYSCALL ${stamp(n)} arch=c000003e ${rest} items=2 ppid=1 pid=9 auid=1000 uid=0 euid=0 comm="x" exe="/bin/x"`;
    const records = parseText(
      [
        sys(1, 'syscall=257 success=yes exit=3 a0=ffffff9c a1=55 a2=241 a3=1b6'),
        `type=PATH ${stamp(1)} item=0 name="/etc/cron.d/" nametype=PARENT`,
        `type=PATH ${stamp(1)} item=1 name="/etc/cron.d/evil" nametype=CREATE`,
        sys(2, 'syscall=2 success=yes exit=3 a0=55 a1=401 a2=1b6 a3=0'),
        `type=PATH ${stamp(2)} item=0 name="/root/.ssh/authorized_keys" nametype=NORMAL`,
        sys(3, 'syscall=82 success=yes exit=0 a0=1 a1=2 a2=0 a3=0 key="wr_cron"'),
        `type=PATH ${stamp(3)} item=0 name="/etc/crontab" nametype=NORMAL`,
        sys(4, 'syscall=2 success=yes exit=3 a0=55 a1=0 a2=0 a3=0'),
        sys(5, 'syscall=313 success=yes exit=0 a0=3 a1=0 a2=0 a3=0'),
      ].join('\n'),
    );
    expect(records.map((r) => [r.kind, r.paths])).toEqual([
      ['file_create', ['/etc/cron.d/evil']],
      ['file_write', ['/root/.ssh/authorized_keys']],
      ['file_write', ['/etc/crontab']],
      ['audit', undefined],
      ['module_load', undefined],
    ]);
  });

  it('closes an event without EOE once it falls far enough behind, and keeps node apart', () => {
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) lines.push(`type=SYSCALL msg=audit(1700000000.000:${i}): arch=c000003e syscall=0 success=yes exit=0 pid=${i}`);
    // A straggler for event 0 after 600 other records arrives after event 0 was closed.
    lines.push('type=CWD msg=audit(1700000000.000:0): cwd="/late"');
    lines.push('node=a type=CWD msg=audit(1700000000.000:1): cwd="/a"');
    const records = parseText(lines.join('\n'));
    expect(records).toHaveLength(602);
    expect(records.filter((r) => serialOf(r) === 0).map((r) => r.cwd)).toEqual([undefined, '/late']);
    expect(records.find((r) => r.hostName === 'a')?.cwd).toBe('/a');
  });
});

describe('auditd: relative PATH names', () => {
  // Redis (as deploy) writing its dump file into ~/.ssh after `CONFIG SET dir` (the redis-jsonlog
  // recording, test/fixtures/recordings): it chdir'd there, so the kernel logs bare names.
  const lines = [
    'node=cache type=SYSCALL msg=audit(1796475909.323:1055): arch=c000003e syscall=257 success=yes exit=8 a0=ffffff9c a1=7ffff01b1cd0 a2=241 a3=1b6 items=2 ppid=28096 pid=28100 auid=1001 uid=1001 gid=1001 euid=1001 suid=1001 fsuid=1001 egid=1001 sgid=1001 fsgid=1001 tty=(none) ses=392 comm="redis-server" exe="/usr/bin/redis-check-rdb" key="ssh_keys"',
    'node=cache type=CWD msg=audit(1796475909.323:1055): cwd="/home/deploy/.ssh"',
    'node=cache type=PATH msg=audit(1796475909.323:1055): item=0 name="/home/deploy/.ssh" inode=6556178 dev=fe:00 mode=040700 ouid=1001 ogid=1001 rdev=00:00 nametype=PARENT cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
    'node=cache type=PATH msg=audit(1796475909.323:1055): item=1 name="temp-28100.rdb" inode=6558090 dev=fe:00 mode=0100644 ouid=1001 ogid=1001 rdev=00:00 nametype=CREATE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
    'node=cache type=PROCTITLE msg=audit(1796475909.323:1055): proctitle=74696D656F7574003730300073657470726976002D2D72657569643D6465706C6F79002D2D72656769643D6465706C6F79002D2D696E69742D67726F75707300656E7600484F4D453D2F686F6D652F6465706C6F7900555345523D6465706C6F79004C4F474E414D453D6465706C6F790072656469732D736572766572002F73',
    'node=cache type=SYSCALL msg=audit(1796475909.327:1056): arch=c000003e syscall=82 success=yes exit=0 a0=7ffff01b1cd0 a1=7f324c908b40 a2=fffffffffffff5b8 a3=7f324c804de0 items=4 ppid=28096 pid=28100 auid=1001 uid=1001 gid=1001 euid=1001 suid=1001 fsuid=1001 egid=1001 sgid=1001 fsgid=1001 tty=(none) ses=392 comm="redis-server" exe="/usr/bin/redis-check-rdb" key="ssh_keys"',
    'node=cache type=CWD msg=audit(1796475909.327:1056): cwd="/home/deploy/.ssh"',
    'node=cache type=PATH msg=audit(1796475909.327:1056): item=0 name="/home/deploy/.ssh" inode=6556178 dev=fe:00 mode=040700 ouid=1001 ogid=1001 rdev=00:00 nametype=PARENT cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
    'node=cache type=PATH msg=audit(1796475909.327:1056): item=1 name="/home/deploy/.ssh" inode=6556178 dev=fe:00 mode=040700 ouid=1001 ogid=1001 rdev=00:00 nametype=PARENT cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
    'node=cache type=PATH msg=audit(1796475909.327:1056): item=2 name="temp-28100.rdb" inode=6558090 dev=fe:00 mode=0100644 ouid=1001 ogid=1001 rdev=00:00 nametype=DELETE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
    'node=cache type=PATH msg=audit(1796475909.327:1056): item=3 name="authorized_keys" inode=6558090 dev=fe:00 mode=0100644 ouid=1001 ogid=1001 rdev=00:00 nametype=CREATE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
    'node=cache type=PROCTITLE msg=audit(1796475909.327:1056): proctitle=74696D656F7574003730300073657470726976002D2D72657569643D6465706C6F79002D2D72656769643D6465706C6F79002D2D696E69742D67726F75707300656E7600484F4D453D2F686F6D652F6465706C6F7900555345523D6465706C6F79004C4F474E414D453D6465706C6F790072656469732D736572766572002F73',
  ];
  it('keeps the name as logged and adds it resolved against the PARENT directory', () => {
    const [create, rename] = parseText(`${lines.join('\n')}\n`);
    expect(create).toMatchObject({ kind: 'file_create', cwd: '/home/deploy/.ssh', paths: ['temp-28100.rdb', '/home/deploy/.ssh/temp-28100.rdb'] });
    expect(rename?.kind).toBe('file_create');
    expect(rename?.paths).toEqual(['authorized_keys', '/home/deploy/.ssh/authorized_keys']);
  });
  it('resolves a name with a directory part against the CWD record, and leaves absolute names alone', () => {
    const text = [
      'type=SYSCALL msg=audit(1700000000.000:7): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c items=2 ppid=1 pid=2 auid=1001 uid=1001 comm="sh" exe="/bin/sh"',
      'type=CWD msg=audit(1700000000.000:7): cwd="/srv/app"',
      'type=PATH msg=audit(1700000000.000:7): item=0 name="conf/" inode=1 nametype=PARENT',
      'type=PATH msg=audit(1700000000.000:7): item=1 name="conf/../.env" inode=2 nametype=CREATE',
      'type=EOE msg=audit(1700000000.000:7):',
      'type=SYSCALL msg=audit(1700000001.000:8): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c items=2 ppid=1 pid=2 auid=1001 uid=1001 comm="sh" exe="/bin/sh"',
      'type=CWD msg=audit(1700000001.000:8): cwd="/srv/app"',
      'type=PATH msg=audit(1700000001.000:8): item=0 name="/tmp/" inode=1 nametype=PARENT',
      'type=PATH msg=audit(1700000001.000:8): item=1 name="/tmp/x" inode=2 nametype=CREATE',
      'type=EOE msg=audit(1700000001.000:8):',
    ];
    const [relative, absolute] = parseText(`${text.join('\n')}\n`);
    expect(relative?.paths).toEqual(['conf/../.env', '/srv/app/.env']);
    expect(absolute?.paths).toEqual(['/tmp/x']);
  });
});
