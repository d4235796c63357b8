// Benign activity that involves more than one host or the internet: public web and mail
// clients, the background radiation of internet scanners (kept below scan and brute-force
// thresholds on purpose), admins working through the bastion, and the nightly backup pulls.

import { cronJob, exec, type Login, sshFailedPassword, sshLogin, sudo, systemdStart } from './actions';
import { connectEvent } from './audit-format';
import { officeFactor, publicFactor } from './benign-host';
import { type Ctx, ephemeralPort, tcpSession } from './ctx';
import type { Rng } from './prng';
import type { Host } from './world';

const MIN = 60_000;

// Source ranges of public clients and scanners: the MaxMind GeoIP test networks plus the
// documentation ranges, so every address looks public and none belongs to anyone real.
const CLIENT_NETS = ['81.2.69.', '89.160.20.', '175.16.199.', '67.43.156.', '216.160.83.', '2.125.160.', '198.51.100.', '203.0.113.'];

export function publicIp(rng: Rng, reserved: ReadonlySet<string>): string {
  for (;;) {
    const ip = `${rng.pick(CLIENT_NETS)}${rng.int(2, 250)}`;
    if (!reserved.has(ip)) return ip;
  }
}

function dmzHosts(ctx: Ctx): Host[] {
  return ctx.world.hosts.filter((h) => h.segment === 'dmz');
}

/** UFW's default LOG rule is rate limited (3/min, burst 10): a port scan leaves at most a few lines. */
export interface ProbeOpts {
  /** The owner of the address, if any host has it. */
  host: Host | undefined;
  dstIp: string;
  t: number;
  src: string;
  sport: number;
  dport: number;
  step?: string;
}

export function ufwBlock(ctx: Ctx, o: ProbeOpts & { host: Host }): void {
  const { host, t, src, sport, dport, step } = o;
  const up = Math.floor((t - ctx.world.startMs) / 1000) + 86_400 * 3 + (host.index % 17) * 3_607;
  const ms = String(t % 1000).padStart(3, '0');
  ctx.log(
    host,
    t,
    'syslog',
    `kernel: [${up}.${ms}${String((host.index * 37) % 1000).padStart(3, '0')}] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:${(host.index % 256).toString(16).padStart(2, '0')}:01:52:54:00:9a:3e:11:08:00 SRC=${src} DST=${host.ip} LEN=44 TOS=0x00 PREC=0x00 TTL=${240 + (sport % 14)} ID=${(sport * 7) % 65536} PROTO=TCP SPT=${sport} DPT=${dport} WINDOW=1024 RES=0x00 SYN URGP=0 `,
    step,
  );
}

/** One SYN probe from the internet: open ports answer (the scanner then resets), closed ports are dropped. */
export function probe(ctx: Ctx, o: ProbeOpts): boolean {
  const { host, dstIp, t, src, sport, dport, step } = o;
  const open = host?.openPorts.includes(dport) ?? false;
  ctx.flow({
    startMs: t,
    durationMs: open ? 1 : 0,
    proto: 'tcp',
    src,
    sport,
    dst: dstIp,
    dport,
    pkts: open ? 2 : 1,
    bytes: open ? 84 : 44,
    rpkts: open ? 1 : 0,
    rbytes: open ? 44 : 0,
    shape: open ? 'syn-ack-rst' : 'syn-only',
    ...(step ? { step } : {}),
  });
  return !open;
}

const NOISE_PORTS = [23, 445, 3389, 5900, 8443, 2323, 1433, 6379, 9200, 5555, 81, 8888];

function internetNoise(ctx: Ctx, rng: Rng, hourStart: number, reserved: ReadonlySet<string>): void {
  const dmz = dmzHosts(ctx);
  if (dmz.length === 0) return;
  if (rng.chance(0.45)) {
    // A stray scanner trying a handful of ports on one address (< 10: below any port-scan rule).
    const host = rng.pick(dmz);
    const src = publicIp(rng, reserved);
    let t = hourStart + rng.int(0, 3_500_000);
    const ports = new Set<number>();
    for (let i = rng.int(2, 8); i > 0; i--) ports.add(rng.pick(NOISE_PORTS));
    for (const port of ports) {
      const sport = rng.int(1_024, 65_000);
      const p = { host, dstIp: host.ip, t, src, sport, dport: port };
      if (probe(ctx, p)) ufwBlock(ctx, p);
      t += rng.int(200, 9_000);
    }
  }
  if (rng.chance(0.3)) {
    // Version grabbing: connect to 22, read the banner, hang up without an identification string.
    const host = rng.pick(dmz);
    const src = publicIp(rng, reserved);
    const t = hourStart + rng.int(0, 3_500_000);
    const sport = rng.int(1_024, 65_000);
    ctx.flow(tcpSession({ t, durMs: rng.int(200, 10_000), src, sport, dst: host.ip, dport: 22, up: 0, down: 41 }));
    ctx.log(host, t + rng.int(200, 9_000), 'auth', `sshd[${ctx.pidAt(host, t)}]: Did not receive identification string from ${src} port ${sport}`);
  }
  if (rng.chance(0.15)) {
    // An SSH bot making one to three guesses, far slower than any brute-force rule counts.
    const host = rng.pick(dmz);
    const src = publicIp(rng, reserved);
    let t = hourStart + rng.int(0, 3_300_000);
    for (let i = rng.int(1, 3); i > 0; i--) {
      const sport = rng.int(1_024, 65_000);
      const user = rng.pick(['admin', 'test', 'ubuntu', 'oracle', 'git', 'user']);
      ctx.flow(tcpSession({ t, durMs: rng.int(2_500, 6_000), src, sport, dst: host.ip, dport: 22, up: 1_900, down: 2_600 }));
      sshFailedPassword(ctx, { host, t: t + 400, pid: ctx.pidAt(host, t), user, validUser: false, from: src, port: sport });
      ctx.log(host, t + 2_600, 'auth', `sshd[${ctx.pidAt(host, t)}]: Connection closed by invalid user ${user} ${src} port ${sport} [preauth]`);
      t += rng.int(40_000, 240_000);
    }
  }
}

function publicClients(ctx: Ctx, rng: Rng, hourStart: number, reserved: ReadonlySet<string>): void {
  for (const web of ctx.world.hosts.filter((h) => h.role === 'web')) {
    const n = rng.poisson(30 * publicFactor(hourStart));
    for (let i = 0; i < n; i++) {
      const t = hourStart + rng.int(0, 3_599_000);
      const tls = rng.chance(0.85);
      const down = tls ? Math.round(rng.logNormal(38_000, 1.4)) : rng.int(300, 600);
      ctx.flow(
        tcpSession({
          t,
          durMs: Math.round(rng.logNormal(2_500, 1)),
          src: publicIp(rng, reserved),
          sport: rng.int(1_024, 65_000),
          dst: web.ip,
          dport: tls ? 443 : 80,
          up: rng.int(500, 2_500),
          down,
        }),
      );
    }
    // A partner integration polls the API on 8080.
    for (let i = rng.poisson(3); i > 0; i--) {
      ctx.flow(
        tcpSession({
          t: hourStart + rng.int(0, 3_599_000),
          durMs: rng.int(50, 900),
          src: '203.0.113.60',
          sport: rng.int(32_768, 60_999),
          dst: web.ip,
          dport: 8080,
          up: rng.int(400, 1_200),
          down: rng.int(900, 8_000),
        }),
      );
    }
  }
  const mail = ctx.world.hosts.find((h) => h.role === 'mail');
  if (!mail) return;
  for (let i = rng.poisson(10 * publicFactor(hourStart)); i > 0; i--) {
    const t = hourStart + rng.int(0, 3_590_000);
    const src = rng.chance(0.5) ? rng.pick(['203.0.113.33', '192.0.2.60']) : publicIp(rng, reserved);
    const pid = ctx.pidAt(mail, t);
    const dur = rng.int(400, 6_000);
    const qid = rng.hex(10).toUpperCase();
    ctx.flow(
      tcpSession({
        t,
        durMs: dur,
        src,
        sport: rng.int(1_024, 65_000),
        dst: mail.ip,
        dport: 25,
        up: Math.round(rng.logNormal(30_000, 1.4)),
        down: rng.int(700, 1_500),
      }),
    );
    ctx.log(mail, t + 20, 'syslog', `postfix/smtpd[${pid}]: connect from unknown[${src}]`);
    ctx.log(mail, t + 300, 'syslog', `postfix/smtpd[${pid}]: ${qid}: client=unknown[${src}]`);
    ctx.log(mail, t + dur, 'syslog', `postfix/smtpd[${pid}]: disconnect from unknown[${src}] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`);
  }
}

const ADMIN_COMMANDS: Record<string, string[][]> = {
  web: [
    ['systemctl', 'restart', 'nginx'],
    ['tail', '-n', '200', '/var/log/nginx/error.log'],
    ['apt', 'install', '-y', 'htop'],
  ],
  db: [
    ['journalctl', '-u', 'postgresql', '--since', 'today'],
    ['df', '-h'],
  ],
  any: [
    ['df', '-h'],
    ['systemctl', 'status', 'cron'],
    ['apt', 'install', '-y', 'ncdu'],
    ['ls', '-la', '/etc/cron.d'],
  ],
};

function adminWork(ctx: Ctx, rng: Rng, hourStart: number): void {
  const jump = ctx.world.hosts.find((h) => h.role === 'bastion');
  if (!jump) return;
  const servers = ctx.world.hosts.filter((h) => h.role !== 'workstation' && h !== jump);
  for (const admin of ctx.world.admins) {
    if (!rng.chance(0.22 * officeFactor(hourStart))) continue;
    const ws = admin.workstation;
    const t0 = hourStart + rng.int(0, 50) * MIN + rng.int(0, 59_999);
    const dur = rng.int(8, 45) * MIN;
    const port = ephemeralPort(rng);
    // The bastion takes passwords; admins mistype one now and then (1–2 failures: below 8/120 s).
    const typos = rng.chance(0.3) ? rng.int(1, 2) : 0;
    exec(ctx, {
      host: ws,
      t: t0 - 800,
      argv: ['ssh', 'jump01'],
      uid: admin.uid,
      auid: admin.uid,
      ses: ctx.nextSes(ws),
      tty: 'pts/1',
      ppid: ctx.pidAt(ws, t0 - 60_000),
      cwd: `/home/${admin.user}`,
    });
    const login = sshLogin(ctx, { host: jump, t: t0, user: admin.user, uid: admin.uid, from: ws.ip, port, method: 'password', typos, durationMs: dur });
    ctx.flow(
      tcpSession({
        t: t0 - 600,
        durMs: dur + 9_000 * typos + 2_000,
        src: ws.ip,
        sport: port,
        dst: jump.ip,
        dport: 22,
        up: rng.int(40_000, 400_000),
        down: rng.int(80_000, 2_000_000),
      }),
    );
    let t = t0 + 30_000 + typos * 9_000;
    for (let hop = rng.int(1, 3); hop > 0 && t < t0 + dur - 3 * MIN; hop--) {
      const srv = rng.pick(servers);
      const hopDur = Math.min(rng.int(2, 12) * MIN, t0 + dur - t - 60_000);
      const sp = ephemeralPort(rng);
      const sshProc = exec(ctx, {
        host: jump,
        t,
        argv: ['ssh', srv.name],
        uid: admin.uid,
        auid: admin.uid,
        ses: login.ses,
        tty: login.tty,
        ppid: login.pid + 3,
        cwd: `/home/${admin.user}`,
      });
      ctx.audit(jump, t + 20, connectEvent(sshProc, ['ssh', srv.name], srv.ip, 22));
      ctx.flow(
        tcpSession({ t: t + 20, durMs: hopDur, src: jump.ip, sport: sp, dst: srv.ip, dport: 22, up: rng.int(20_000, 200_000), down: rng.int(40_000, 900_000) }),
      );
      const inner: Login = sshLogin(ctx, {
        host: srv,
        t: t + 300,
        user: admin.user,
        uid: admin.uid,
        from: jump.ip,
        port: sp,
        method: 'publickey',
        durationMs: hopDur - 600,
      });
      const cmds = [...(ADMIN_COMMANDS[srv.role] ?? []), ...(ADMIN_COMMANDS.any ?? [])];
      const cmd = rng.pick(cmds);
      const tc = t + rng.int(20, 90) * 1_000;
      sudo(ctx, { login: inner, host: srv, t: tc, argv: cmd });
      if (cmd[0] === 'systemctl' && cmd[1] === 'restart')
        systemdStart(ctx, { host: srv, t: tc + 900, unit: 'nginx', description: 'A high performance web server and a reverse proxy server' });
      if (cmd[0] === 'apt') {
        const mirror = ctx.world.peers.find((p) => p.kind === 'update');
        if (mirror)
          ctx.flow(
            tcpSession({
              t: tc + 1_500,
              durMs: rng.int(1_500, 9_000),
              src: srv.ip,
              sport: ephemeralPort(rng),
              dst: mirror.ip,
              dport: 80,
              up: rng.int(1_500, 4_000),
              down: rng.int(200_000, 3_000_000),
            }),
          );
      }
      t += hopDur + rng.int(30, 300) * 1_000;
    }
  }
}

function nightlyBackup(ctx: Ctx, rng: Rng, hourStart: number): void {
  const backup = ctx.world.hosts.find((h) => h.role === 'backup');
  if (!backup || new Date(hourStart).getUTCHours() !== 1) return;
  const t0 = hourStart + 30 * MIN;
  const job = cronJob(ctx, { host: backup, t: t0, cmd: '/usr/local/sbin/nightly-backup.sh' });
  let t = t0 + 2_000;
  for (const srv of ctx.world.hosts.filter((h) => h.role !== 'workstation' && h !== backup)) {
    const bytes = Math.round(rng.logNormal(srv.role === 'db' ? 4e8 : 6e7, 0.5));
    const dur = Math.round(bytes / 45_000) + rng.int(2_000, 9_000); // ~45 MB/s over the LAN
    const port = ephemeralPort(rng);
    const argv = ['rsync', '-aHz', '--delete', '-e', 'ssh -i /root/.ssh/backup_ed25519', `backup@${srv.name}:/srv/`, `/backup/${srv.name}/`];
    const rs = exec(ctx, { host: backup, t, argv, uid: 0, auid: 0, ses: job.ses, tty: '(none)', ppid: job.pid, cwd: '/root' });
    const ssh = { ...rs, pid: rs.pid + 1, ppid: rs.pid, comm: 'ssh', exe: '/usr/bin/ssh' };
    ctx.audit(
      backup,
      t + 30,
      connectEvent(ssh, ['ssh', '-i', '/root/.ssh/backup_ed25519', '-l', 'backup', srv.name, 'rsync', '--server', '--sender'], srv.ip, 22),
    );
    ctx.flow(tcpSession({ t: t + 30, durMs: dur, src: backup.ip, sport: port, dst: srv.ip, dport: 22, up: Math.round(bytes / 300), down: bytes }));
    const login = sshLogin(ctx, {
      host: srv,
      t: t + 400,
      user: 'backup',
      uid: 998,
      from: backup.ip,
      port,
      method: 'publickey',
      durationMs: dur - 800,
      keyFp: 'bK2f8mZQ1yV7cN0tW4pR9sLhD3gE6aJxU5oTiYqC1nM',
    });
    exec(ctx, {
      host: srv,
      t: t + 900,
      argv: ['rsync', '--server', '--sender', '-logDtprze.iLsfxCIvu', '.', '/srv/'],
      uid: 998,
      auid: 998,
      ses: login.ses,
      tty: '(none)',
      ppid: login.pid + 2,
      cwd: '/home/backup',
    });
    t += dur + rng.int(3_000, 20_000);
  }
}

/** Benign cross-host and internet activity for one hour. */
export function benignGlobalHour(ctx: Ctx, rngs: { internet: Rng; admins: Rng; backup: Rng }, hourStart: number, reserved: ReadonlySet<string>): void {
  internetNoise(ctx, rngs.internet, hourStart, reserved);
  publicClients(ctx, rngs.internet, hourStart, reserved);
  adminWork(ctx, rngs.admins, hourStart);
  nightlyBackup(ctx, rngs.backup, hourStart);
}
