// One hour of a single host's own routine: cron, systemd timers, apt, NTP, DNS, and what its
// role does on the network (browsing for workstations, database queries for web servers …).
// Volumes are chosen to sit below every detector's default threshold (docs/DETECTORS.md) — this is
// the haystack.

import { cronJob, exec, systemdRun } from './actions';
import { connectEvent } from './audit-format';
import { type Ctx, ephemeralPort, tcpSession, udpExchange } from './ctx';
import type { Rng } from './prng';
import { type Host, peersOf, type World } from './world';

const MIN = 60_000;

/** 1 during office hours on weekdays, low at night and at weekends (UTC = local time here). */
export function officeFactor(t: number): number {
  const d = new Date(t);
  const h = d.getUTCHours();
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  const base = h >= 8 && h < 18 ? 1 : h === 7 || (h >= 18 && h < 20) ? 0.3 : 0.03;
  return weekend ? base * 0.1 : base;
}

/** Public web traffic: lower at night but never zero. */
export function publicFactor(t: number): number {
  const h = new Date(t).getUTCHours();
  return 0.35 + 0.65 * Math.sin((Math.PI * Math.max(0, h - 5)) / 19) ** 2;
}

export function dnsServer(world: World): Host | undefined {
  return world.hosts.find((h) => h.role === 'dns');
}

/** A lookup through the internal resolver; a cache miss is forwarded to a public resolver. */
export function dnsLookup(ctx: Ctx, rng: Rng, host: Host, t: number): void {
  const ns = dnsServer(ctx.world);
  if (!ns || ns === host) return;
  ctx.flow(udpExchange({ t, src: host.ip, sport: ephemeralPort(rng), dst: ns.ip, dport: 53, up: rng.int(30, 60), down: rng.int(60, 280) }));
  if (rng.chance(0.3)) {
    const fwd = rng.pick(peersOf(ctx.world, 'dns'));
    ctx.flow(udpExchange({ t: t + 1, src: ns.ip, sport: ephemeralPort(rng), dst: fwd.ip, dport: 53, up: rng.int(40, 70), down: rng.int(70, 300) }));
  }
}

function ntpPolls(ctx: Ctx, rng: Rng, host: Host, hourStart: number): void {
  // systemd-timesyncd polls every 34 min once synchronised.
  const ntp = peersOf(ctx.world, 'ntp')[0];
  if (!ntp) return;
  for (let k = 0; k < 2; k++) {
    if (k === 1 && rng.chance(0.25)) continue;
    ctx.flow(
      udpExchange({
        t: hourStart + rng.int(0, 59) * MIN + rng.int(0, 59_999),
        src: host.ip,
        sport: ephemeralPort(rng),
        dst: ntp.ip,
        dport: 123,
        up: 48,
        down: 48,
      }),
    );
  }
}

function aptRun(ctx: Ctx, rng: Rng, host: Host, t: number, upgrade: boolean): void {
  const unit = upgrade ? 'apt-daily-upgrade' : 'apt-daily';
  const desc = upgrade ? 'Daily apt upgrade and clean activities' : 'Daily apt download activities';
  const durMs = rng.int(8_000, upgrade ? 240_000 : 60_000);
  systemdRun(ctx, { host, t, unit, description: desc, durMs });
  const argv = ['/bin/sh', '/usr/lib/apt/apt.systemd.daily', upgrade ? 'install' : 'update'];
  const sh = exec(ctx, { host, t: t + 50, argv, uid: 0, auid: 4294967295, ses: 4294967295, tty: '(none)', ppid: 1, cwd: '/' });
  for (const mirror of peersOf(ctx.world, 'update')) {
    const tc = t + rng.int(500, 4_000);
    const proc = { ...sh, pid: sh.pid + rng.int(3, 30), ppid: sh.pid, uid: 42, gid: 65534, comm: 'http', exe: '/usr/lib/apt/methods/http' };
    ctx.audit(host, tc, connectEvent(proc, ['/usr/lib/apt/methods/http'], mirror.ip, 80, true));
    const down = upgrade ? Math.round(rng.logNormal(6e6, 1.2)) : Math.round(rng.logNormal(4e5, 0.8));
    ctx.flow(
      tcpSession({
        t: tc,
        durMs: Math.min(durMs, 1_000 + down / 4_000),
        src: host.ip,
        sport: ephemeralPort(rng),
        dst: mirror.ip,
        dport: 80,
        up: rng.int(2_000, 9_000),
        down,
      }),
    );
  }
}

function browse(ctx: Ctx, rng: Rng, host: Host, hourStart: number): void {
  const f = officeFactor(hourStart);
  const web = ctx.world.peers.filter((p) => p.weight > 0);
  const n = rng.poisson(26 * f);
  for (let i = 0; i < n; i++) {
    const t = hourStart + rng.int(0, 3_599_000);
    if (rng.chance(0.5)) dnsLookup(ctx, rng, host, t - rng.int(5, 80));
    const peer = rng.weighted(
      web,
      web.map((p) => p.weight),
    );
    const down = Math.min(5e7, Math.round(rng.logNormal(55_000, 1.6)));
    const up = Math.max(500, Math.round(down * 0.05 * rng.logNormal(1, 0.5)));
    const durMs = Math.min(900_000, Math.round(rng.logNormal(6_000, 1.4)));
    ctx.flow(tcpSession({ t, durMs, src: host.ip, sport: ephemeralPort(rng), dst: peer.ip, dport: rng.chance(0.93) ? 443 : 80, up, down }));
  }
  const mail = ctx.world.hosts.find((h) => h.role === 'mail');
  if (mail && f >= 0.3) {
    // The mail client checks IMAP every 10 minutes.
    for (let m = rng.int(0, 9); m < 60; m += 10) {
      ctx.flow(
        tcpSession({
          t: hourStart + m * MIN + rng.int(0, 59_000),
          durMs: rng.int(300, 2_500),
          src: host.ip,
          sport: ephemeralPort(rng),
          dst: mail.ip,
          dport: 993,
          up: rng.int(900, 2_500),
          down: Math.round(rng.logNormal(4_000, 1.2)),
        }),
      );
    }
  }
}

function desktopSession(ctx: Ctx, rng: Rng, host: Host, hourStart: number): void {
  const d = new Date(hourStart);
  const weekday = d.getUTCDay() >= 1 && d.getUTCDay() <= 5;
  if (!weekday || (d.getUTCHours() !== 8 && d.getUTCHours() !== 17)) return;
  const t = hourStart + rng.int(0, 50) * MIN + rng.int(0, 59_999);
  const pid = ctx.pidAt(host, t);
  if (d.getUTCHours() === 8) {
    const ses = ctx.nextSes(host);
    ctx.log(host, t, 'auth', `gdm-password]: pam_unix(gdm-password:session): session opened for user ${host.user}(uid=${host.uid}) by (uid=0)`);
    ctx.log(host, t + 40, 'auth', `systemd-logind[${ctx.daemonPid(host, 'systemd-logind')}]: New session ${ses} of user ${host.user}.`);
  } else {
    ctx.log(host, t, 'auth', `gdm-password]: pam_unix(gdm-password:session): session closed for user ${host.user}`);
    ctx.log(host, t + 1, 'syslog', `systemd[1]: session-c${pid % 9}.scope: Deactivated successfully.`);
  }
}

function serverTraffic(ctx: Ctx, rng: Rng, host: Host, hourStart: number): void {
  const { world } = ctx;
  const dbs = world.hosts.filter((h) => h.role === 'db');
  if ((host.role === 'web' || host.role === 'app') && dbs.length > 0) {
    const n = rng.poisson(host.role === 'web' ? 14 : 8);
    for (let i = 0; i < n; i++) {
      const db = dbs[(host.index + i) % dbs.length] as Host;
      ctx.flow(
        tcpSession({
          t: hourStart + rng.int(0, 3_599_000),
          durMs: rng.int(40, 4_000),
          src: host.ip,
          sport: ephemeralPort(rng),
          dst: db.ip,
          dport: 5432,
          up: rng.int(800, 9_000),
          down: Math.round(rng.logNormal(12_000, 1.3)),
        }),
      );
    }
  }
  if (host.role === 'web') {
    const app = world.hosts.find((h) => h.role === 'app');
    const n = app ? rng.poisson(10) : 0;
    for (let i = 0; i < n && app; i++) {
      ctx.flow(
        tcpSession({
          t: hourStart + rng.int(0, 3_599_000),
          durMs: rng.int(20, 1_500),
          src: host.ip,
          sport: ephemeralPort(rng),
          dst: app.ip,
          dport: 8000,
          up: rng.int(400, 3_000),
          down: Math.round(rng.logNormal(6_000, 1)),
        }),
      );
    }
    // Uptime ping every 5 minutes: a benign cron-driven curl to an external host.
    const hc = peersOf(world, 'healthcheck')[0];
    for (let m = 3; m < 60 && hc; m += 5) {
      const t = hourStart + m * MIN;
      const cmd = 'curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/5f2e1c0a-77d4-4b8e-9a61-3c2d0e8b9f14';
      const sh = cronJob(ctx, { host, t, cmd });
      const curl = exec(ctx, {
        host,
        t: t + 9,
        argv: cmd.split(' '),
        uid: 0,
        auid: 0,
        ses: sh.ses,
        tty: '(none)',
        ppid: sh.pid,
        cwd: '/root',
        pid: sh.pid + 1,
      });
      ctx.audit(host, t + 40, connectEvent(curl, cmd.split(' '), hc.ip, 443, true));
      ctx.flow(
        tcpSession({
          t: t + 40,
          durMs: rng.int(120, 600),
          src: host.ip,
          sport: ephemeralPort(rng),
          dst: hc.ip,
          dport: 443,
          up: rng.int(700, 900),
          down: rng.int(3_800, 4_600),
        }),
      );
    }
  }
  if (host.role === 'mail') {
    const mx = peersOf(world, 'mail');
    const n = rng.poisson(6 * publicFactor(hourStart));
    for (let i = 0; i < n; i++) {
      const t = hourStart + rng.int(0, 3_599_000);
      ctx.flow(
        tcpSession({
          t,
          durMs: rng.int(300, 4_000),
          src: host.ip,
          sport: ephemeralPort(rng),
          dst: rng.pick(mx).ip,
          dport: 25,
          up: Math.round(rng.logNormal(25_000, 1.3)),
          down: rng.int(600, 1_400),
        }),
      );
    }
  }
  if (host.role !== 'dns' && rng.chance(0.8)) {
    for (let i = rng.poisson(3); i > 0; i--) dnsLookup(ctx, rng, host, hourStart + rng.int(0, 3_599_000));
  }
}

/** Everything `host` does on its own during the hour starting at `hourStart`. */
export function benignHostHour(ctx: Ctx, rng: Rng, host: Host, hourStart: number): void {
  const h = new Date(hourStart).getUTCHours();
  const isServer = host.role !== 'workstation';
  cronJob(ctx, { host, t: hourStart + 17 * MIN + rng.int(0, 900), cmd: '   cd / && run-parts --report /etc/cron.hourly' });
  if (isServer) {
    for (let m = 5; m < 60; m += 10)
      cronJob(ctx, { host, t: hourStart + m * MIN + rng.int(0, 700), cmd: 'command -v debian-sa1 > /dev/null && debian-sa1 1 1' });
  }
  if (h === 0) systemdRun(ctx, { host, t: hourStart + rng.int(0, 4_000), unit: 'logrotate', description: 'Rotate log files', durMs: rng.int(300, 2_500) });
  if (h === 6) {
    cronJob(ctx, { host, t: hourStart + 25 * MIN + rng.int(0, 900), cmd: 'test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )' });
    aptRun(ctx, rng, host, hourStart + rng.int(0, 55) * MIN, true);
  }
  if (h === (host.index % 12) + 6) aptRun(ctx, rng, host, hourStart + rng.int(0, 59) * MIN, false);
  if (host.role === 'web' && (h === 3 || h === 15))
    systemdRun(ctx, { host, t: hourStart + rng.int(0, 59) * MIN, unit: 'certbot', description: 'Certbot', durMs: rng.int(2_000, 9_000) });
  ntpPolls(ctx, rng, host, hourStart);
  if (isServer) serverTraffic(ctx, rng, host, hourStart);
  else {
    browse(ctx, rng, host, hourStart);
    desktopSession(ctx, rng, host, hourStart);
  }
}
