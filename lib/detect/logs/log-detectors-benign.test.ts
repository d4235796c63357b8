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

describe('log detectors: benign admin activity stays quiet or low', () => {
  it('admin sudo, cron runs, apt downloads, package-created units and system users, boot module loads', async () => {
    const found = await detect([
      {
        ts: at(0),
        kind: 'sudo',
        user: 'alice',
        exe: '/usr/bin/apt',
        argv: ['/usr/bin/apt', 'upgrade'],
        result: 'USER=root',
      },
      {
        ts: at(1),
        kind: 'cron_run',
        user: 'root',
        argv: ['/bin/sh', '-c', 'run-parts /etc/cron.hourly'],
      },
      exec(2, ['/usr/lib/apt/methods/http'], { user: '_apt', uid: 105 }),
      {
        ts: at(3),
        kind: 'connect',
        exe: '/usr/lib/apt/methods/http',
        program: 'http',
        dst: '91.189.91.39',
        dport: 80,
      },
      {
        ts: at(4),
        kind: 'file_create',
        exe: '/usr/bin/dpkg',
        paths: ['/lib/systemd/system/nginx.service'],
      },
      {
        ts: at(5),
        kind: 'user_add',
        user: 'postgres',
        uid: 113,
        raw: 'useradd[9]: new user: name=postgres, UID=113, GID=120',
      },
      {
        ts: at(6),
        kind: 'module_load',
        exe: '/usr/lib/systemd/systemd-modules-load',
        paths: ['loop'],
      },
      {
        ts: at(7),
        kind: 'connect',
        exe: '/usr/sbin/chronyd',
        dst: '162.159.200.1',
        dport: 123,
      },
      exec(8, ['curl', '-o', 'report.pdf', 'https://example.com/report.pdf']),
    ]);
    expect(found.every((d) => d.severity === 'low')).toBe(true);
    // A user's curl of a named site into the working folder is the host's normal life, not Delivery (issue 22 §7).
    expect(found.map((d) => d.detector).sort()).toEqual(['logs.account-creation', 'logs.kernel-module', 'logs.systemd-unit']);
  });
});
