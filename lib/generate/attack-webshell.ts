// Scenario "webshell": a PHP web shell already dropped on a web server (under the upload folder)
// is used from outside — a few GETs to a script nobody else ever requested, each answered 200 —
// and the shell, running inside php-fpm as www-data, opens a connection to the operator's
// second server to fetch its next stage (fsockopen: no process is started, so only the
// connect() is on the host). The web server writes its access log (nginx combined) for the
// whole period, so rarity has a background to be measured against. Benign look-alikes beside it
// (issue 15): the shop's popular scripts requested by many clients all along, and the app's
// checkout calling the payment provider as www-data a few times a day right after a popular
// script; an administrator opening a new report page once, then apt fetching from the mirror;
// root's cron pinging a health-check service. Only generated when the scenario is asked for:
// the other scenarios' output stays byte-identical.

import type { TruthStepDraft } from '../eval/truth';
import { cronJob, exec } from './actions';
import { type AuditProc, connectEvent, UNSET } from './audit-format';
import { type Ctx, ephemeralPort, tcpSession } from './ctx';
import type { Rng } from './prng';
import { clfTime } from './sources';
import { iso } from './time-format';
import { type Host, peersOf, type World } from './world';

const S = 1_000;
const MIN = 60_000;

/** The operator's addresses (TEST-NET-1, outside every benign draw of the generator). */
export const WEBSHELL_ACTORS = { operator: '192.0.2.220', stage2: '192.0.2.230' } as const;

export const WEBSHELL_PATH = '/wp-content/uploads/2026/03/thumb-cache.php';

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0',
];
const POPULAR = ['/index.php', '/product.php?id=42', '/search.php?q=lamp', '/cart.php', '/checkout.php', '/account.php'];
const STATIC = ['/', '/static/site.css', '/static/app.js', '/img/logo.png'];
const CLIENT_NETS = ['81.2.69.', '89.160.20.', '175.16.199.', '67.43.156.'];

type Draft = Omit<TruthStepDraft, 'scenario' | 'start' | 'end'> & { start: number; end: number };

function draft(d: Draft): TruthStepDraft {
  return { ...d, scenario: 'webshell', start: iso(d.start), end: iso(Math.max(d.start, d.end)) };
}

/** A web server with auditd, other than web01 (the web-exploit scenario's) when there is one. */
export function webshellHost(world: World): Host {
  const web = world.hosts.filter((h) => h.role === 'web' && h.hasAuditd);
  return web.find((h) => h.name !== 'web01') ?? web[0] ?? (world.byName.get('web01') as Host);
}

function accessLine(ctx: Ctx, host: Host, t: number, client: string, method: string, path: string, status: number, bytes: number, ua: string, step?: string) {
  ctx.logs.other(host, t, 'nginx/access.log', (shown) => `${client} - - ${clfTime(shown)} "${method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${ua}"`, step);
}

/** php-fpm's pool worker: a daemon process of www-data, no login session. */
function fpmWorker(ctx: Ctx, host: Host, t: number): AuditProc {
  return {
    pid: ctx.pidAt(host, t - 3_600_000, 7),
    ppid: 900 + (host.index % 90),
    uid: 33,
    gid: 33,
    auid: UNSET,
    ses: UNSET,
    tty: '(none)',
    comm: 'php-fpm8.1',
    exe: '/usr/sbin/php-fpm8.1',
  };
}

export function webshell(ctx: Ctx, rng: Rng): TruthStepDraft[] {
  const { world } = ctx;
  const { operator: op, stage2 } = WEBSHELL_ACTORS;
  const w = webshellHost(world);
  const period = world.endMs - world.startMs;
  const payments = world.peers.find((p) => p.name === 'crm-saas') ?? peersOf(world, 'saas')[0];
  const mirror = peersOf(world, 'update')[0];
  const health = peersOf(world, 'healthcheck')[0];
  const admin = world.admins[0]?.workstation.ip ?? world.natIp;
  const bg = rng.fork('background');

  // The shop's traffic, hour by hour: many clients on the popular scripts and static files.
  ctx.everyHour((hourStart) => {
    const n = bg.poisson(18);
    for (let i = 0; i < n; i++) {
      const t = hourStart + bg.int(0, 3_599_000);
      const client = `${bg.pick(CLIENT_NETS)}${bg.int(2, 250)}`;
      const ua = bg.pick(BROWSERS);
      const page = bg.pick(POPULAR);
      accessLine(ctx, w, t, client, 'GET', page, 200, bg.int(3_000, 40_000), ua);
      accessLine(ctx, w, t + bg.int(50, 900), client, 'GET', bg.pick(STATIC), 200, bg.int(800, 90_000), ua);
    }
    const h = new Date(hourStart).getUTCHours();
    // A checkout calls the payment provider from php-fpm, as www-data (a popular script: quiet).
    if (payments && h % 6 === 1) {
      const t = hourStart + bg.int(5, 50) * MIN;
      const client = `${bg.pick(CLIENT_NETS)}${bg.int(2, 250)}`;
      accessLine(ctx, w, t, client, 'POST', '/checkout.php', 200, bg.int(2_000, 9_000), bg.pick(BROWSERS));
      ctx.audit(w, t + 400, connectEvent(fpmWorker(ctx, w, t), ['php-fpm: pool www'], payments.ip, 443));
      ctx.flow(
        tcpSession({
          t: t + 400,
          durMs: bg.int(300, 1_500),
          src: w.ip,
          sport: ephemeralPort(bg),
          dst: payments.ip,
          dport: 443,
          up: bg.int(1_500, 4_000),
          down: bg.int(2_000, 6_000),
        }),
      );
    }
    // Root's cron pings a health-check service every hour (curl, not the web account).
    if (health) {
      const t = hourStart + 7 * MIN + bg.int(0, 20) * S;
      const cmd = `curl -fsS -m 10 https://hc-ping.com/${w.name}-backup`;
      const job = cronJob(ctx, { host: w, t, cmd });
      const p = exec(ctx, {
        host: w,
        t: t + 20,
        argv: ['curl', '-fsS', '-m', '10', `https://hc-ping.com/${w.name}-backup`],
        uid: 0,
        auid: 0,
        ses: job.ses,
        tty: '(none)',
        ppid: job.pid,
        cwd: '/root',
      });
      ctx.audit(w, t + 60, connectEvent(p, ['curl', '-fsS', '-m', '10', `https://hc-ping.com/${w.name}-backup`], health.ip, 443, true));
    }
  });

  // An administrator opens a new report page once, and a minute later apt fetches from the mirror.
  const ta = world.startMs + Math.floor((period * 0.2) / MIN) * MIN + rng.int(0, 59) * S;
  accessLine(ctx, w, ta, admin, 'GET', '/admin/report-q1.php', 200, rng.int(4_000, 12_000), BROWSERS[2] as string);
  if (mirror) {
    const sh = exec(ctx, {
      host: w,
      t: ta + 50 * S,
      argv: ['/bin/sh', '/usr/lib/apt/apt.systemd.daily', 'update'],
      uid: 0,
      auid: UNSET,
      ses: UNSET,
      tty: '(none)',
      ppid: 1,
      cwd: '/',
    });
    const proc = { ...sh, pid: sh.pid + 7, ppid: sh.pid, uid: 42, gid: 65534, comm: 'http', exe: '/usr/lib/apt/methods/http' };
    ctx.audit(w, ta + 52 * S, connectEvent(proc, ['/usr/lib/apt/methods/http'], mirror.ip, 80, true));
    ctx.flow(
      tcpSession({
        t: ta + 52 * S,
        durMs: 2_400,
        src: w.ip,
        sport: ephemeralPort(rng),
        dst: mirror.ip,
        dport: 80,
        up: rng.int(2_000, 9_000),
        down: rng.int(200_000, 600_000),
      }),
    );
  }

  // The operator uses the shell: 4 GETs over ~3 minutes, each a short HTTPS session.
  const t0 = world.startMs + Math.floor((period * 0.35) / MIN) * MIN + rng.int(0, 59) * S;
  const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0';
  const queries = ['?p=info', '?p=ls&d=..%2F..%2F', '?p=get&u=stage2', '?p=ls'];
  let t = t0;
  let tget = t0;
  for (const q of queries) {
    ctx.flow(
      tcpSession({
        t,
        durMs: rng.int(200, 900),
        src: op,
        sport: ephemeralPort(rng),
        dst: w.ip,
        dport: 443,
        up: rng.int(700, 1_100),
        down: rng.int(900, 6_000),
        step: 'ws-webshell',
      }),
    );
    accessLine(ctx, w, t + 200, op, 'GET', `${WEBSHELL_PATH}${q}`, 200, rng.int(300, 5_000), ua, 'ws-webshell');
    if (q === '?p=get&u=stage2') tget = t;
    t += rng.int(30, 70) * S;
  }
  // The third request makes the shell fetch its next stage from the operator's other server.
  const tc = tget + rng.int(1, 3) * S;
  ctx.audit(w, tc, connectEvent(fpmWorker(ctx, w, tc), ['php-fpm: pool www'], stage2, 443), 'ws-callout');
  const dur = rng.int(2, 6) * S;
  ctx.flow(
    tcpSession({
      t: tc,
      durMs: dur,
      src: w.ip,
      sport: ephemeralPort(rng),
      dst: stage2,
      dport: 443,
      up: rng.int(600, 900),
      down: rng.int(180_000, 420_000),
      step: 'ws-callout',
    }),
  );
  return [
    draft({
      id: 'ws-webshell',
      stage: 'installation',
      technique: 'T1505.003',
      host: w.name,
      hostIp: w.ip,
      peer: op,
      start: t0,
      end: t,
      note: `${queries.length} GETs of ${WEBSHELL_PATH} (no other client ever requested it), answered 200`,
    }),
    draft({
      id: 'ws-callout',
      stage: 'c2',
      technique: 'T1105',
      host: w.name,
      hostIp: w.ip,
      peer: stage2,
      start: tc,
      end: tc + dur,
      note: 'php-fpm (www-data) connects to the operator’s second server on 443 and downloads the next stage, no process started',
    }),
  ];
}
