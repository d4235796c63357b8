// Scenario "identity": cases where a host's identity can only come from the logs and the flows
// (issue 14; run it with `inventory: false`, no bundle has /etc/hosts). A web server is swept
// half-open (its logs stay silent: the step is network-only once its address is known), then its
// SSH password is guessed, the guess that works logs in, and three persistence techniques follow
// within one minute (account creation, an authorized_keys append, a crontab replacement: three
// separate activities). Two workstations behind the branch NAT reach the same service all period
// long, so the flows show them as one address: both must stay unmapped and be listed as doubts.

import type { TruthStepDraft } from '../eval/truth';
import { exec, sshFailedPassword, sshLogin } from './actions';
import { connectEvent, fileWriteEvent, renameEvent, userRecord } from './audit-format';
import { probe } from './benign-global';
import { type Ctx, ephemeralPort, tcpSession } from './ctx';
import type { Rng } from './prng';
import { iso } from './time-format';
import type { Host } from './world';

const S = 1_000;
const MIN = 60_000;
/** Outside `publicIp`'s draws (last octet 2–250), so no benign flow ever uses it. */
export const IDENTITY_ATTACKER = '203.0.113.251';
const GIT_SERVER = '140.82.121.4';
const SWEEP_PORTS = [21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1723, 3306, 3389, 5900, 8080];

type Draft = Omit<TruthStepDraft, 'scenario' | 'start' | 'end'> & { start: number; end: number };
const draft = (d: Draft): TruthStepDraft => ({ ...d, scenario: 'identity', start: iso(d.start), end: iso(Math.max(d.start, d.end)) });

/** The two NAT'd workstations the case needs (with auditd, so their connects are logged). */
export function natPair(ctx: Ctx): [Host, Host] {
  const nat = ctx.world.hosts.filter((h) => h.segment === 'nat-workstations' && h.hasAuditd);
  const [a, b] = nat;
  if (!a || !b)
    throw new Error(`scenario "identity" needs two NAT workstations with auditd (this seed's world has ${nat.length}): try more --hosts or another --seed`);
  return [a, b];
}

export function identityCases(ctx: Ctx, rng: Rng): TruthStepDraft[] {
  const { world } = ctx;
  // A web server with auditd (the key append is seen only by its watch), other than web01 when there is one.
  const webs = world.hosts.filter((h) => h.role === 'web' && h.hasAuditd);
  const target = webs.find((h) => h.name !== 'web01') ?? webs[0];
  if (!target) throw new Error('scenario "identity" needs a web server');
  const atk = IDENTITY_ATTACKER;
  const period = world.endMs - world.startMs;
  const steps: TruthStepDraft[] = [];
  const t0 = world.startMs + Math.floor((period * 0.2) / MIN) * MIN + rng.int(0, 59) * S;

  // Half-open sweep (nmap -sS): open ports answer SYN-ACK and get a RST, nothing reaches a daemon.
  let t = t0;
  for (const port of SWEEP_PORTS) {
    probe(ctx, { host: target, dstIp: target.ip, t, src: atk, sport: rng.int(40_000, 65_000), dport: port, step: 'id-sweep' });
    t += rng.int(80, 300);
  }
  steps.push(
    draft({
      id: 'id-sweep',
      stage: 'recon',
      technique: 'T1046',
      host: target.name,
      hostIp: target.ip,
      peer: atk,
      start: t0,
      end: t,
      note: `half-open SYN sweep of ${SWEEP_PORTS.length} ports: the host's logs stay silent, its identity comes from its other peer connections`,
    }),
  );

  // Password guessing, one guess per connection: flows and sshd lines with the attacker's port.
  const b0 = t0 + 20 * MIN;
  const guesses = 24;
  for (let i = 0; i < guesses; i++) {
    const tf = b0 + i * rng.int(4_000, 6_000);
    const port = ephemeralPort(rng);
    ctx.flow(tcpSession({ t: tf, durMs: rng.int(2_600, 3_400), src: atk, sport: port, dst: target.ip, dport: 22, up: 2_050, down: 2_600, step: 'id-guess' }));
    const pid = ctx.pidAt(target, tf, i);
    sshFailedPassword(ctx, { host: target, t: tf + 300, pid, user: 'root', validUser: true, from: atk, port, step: 'id-guess' });
    ctx.log(target, tf + 2_700, 'auth', `sshd[${pid}]: Connection closed by authenticating user root ${atk} port ${port} [preauth]`, 'id-guess');
  }
  const tL = b0 + guesses * 6_000 + 5_000;
  steps.push(
    draft({
      id: 'id-guess',
      stage: 'exploitation',
      technique: 'T1110.001',
      host: target.name,
      hostIp: target.ip,
      peer: atk,
      start: b0,
      end: tL - 2_000,
      note: `${guesses} failed passwords for root, one per connection`,
    }),
  );

  const lport = ephemeralPort(rng);
  const session = 6 * MIN;
  const login = sshLogin(ctx, { host: target, t: tL, user: 'root', uid: 0, from: atk, port: lport, method: 'password', durationMs: session, step: 'id-login' });
  ctx.flow(tcpSession({ t: tL - 600, durMs: session + 1_200, src: atk, sport: lport, dst: target.ip, dport: 22, up: 40_000, down: 90_000, step: 'id-login' }));
  steps.push(
    draft({
      id: 'id-login',
      stage: 'delivery',
      technique: 'T1078.003',
      host: target.name,
      hostIp: target.ip,
      peer: atk,
      start: tL,
      end: tL + session,
      note: 'Accepted password for root right after the guessing',
    }),
  );

  // Three persistence techniques within one minute of each other.
  const shell = (at: number, argv: string[], step: string) =>
    exec(ctx, { host: target, t: at, argv, uid: 0, auid: 0, ses: login.ses, tty: login.tty, ppid: login.pid + 3, cwd: '/root', step });
  const tu = tL + 60 * S;
  const ua = shell(tu, ['useradd', '-m', '-s', '/bin/bash', 'svc-backup'], 'id-persist-user');
  ctx.audit(target, tu + 30, fileWriteEvent(ua, ['useradd', '-m'], '/root', '/etc/passwd', 'wr_passwd', false), 'id-persist-user');
  ctx.log(
    target,
    tu + 40,
    'auth',
    `useradd[${ua.pid}]: new user: name=svc-backup, UID=1001, GID=1001, home=/home/svc-backup, shell=/bin/bash, from=/dev/${login.tty}`,
    'id-persist-user',
  );
  ctx.audit(
    target,
    tu + 41,
    [
      userRecord(
        'ADD_USER',
        { pid: ua.pid, uid: 0, auid: 0, ses: login.ses },
        `op=add-user acct="svc-backup" exe="/usr/sbin/useradd" hostname=${target.name} addr=? terminal=${login.tty} res=success`,
      ),
    ],
    'id-persist-user',
  );
  steps.push(
    draft({
      id: 'id-persist-user',
      stage: 'installation',
      technique: 'T1136.001',
      host: target.name,
      hostIp: target.ip,
      peer: null,
      start: tu,
      end: tu + 41,
      note: 'useradd svc-backup',
    }),
  );

  const tk = tu + 20 * S;
  const shellProc = { ...ua, pid: login.pid + 3, ppid: login.pid + 2, comm: 'bash', exe: '/usr/bin/bash' };
  ctx.audit(target, tk, fileWriteEvent(shellProc, ['-bash'], '/root', '/root/.ssh/authorized_keys', 'wr_sshkeys', true), 'id-persist-key');
  steps.push(
    draft({
      id: 'id-persist-key',
      stage: 'installation',
      technique: 'T1098.004',
      host: target.name,
      hostIp: target.ip,
      peer: null,
      start: tk,
      end: tk,
      note: 'echo >> /root/.ssh/authorized_keys (auditd watch only), 20 s after the account',
    }),
  );

  const tc = tk + 20 * S;
  const ct = shell(tc, ['crontab', '-'], 'id-persist-cron');
  const tmp = '/var/spool/cron/crontabs/tmp.Hk2wQa';
  ctx.audit(target, tc + 20, fileWriteEvent(ct, ['crontab', '-'], '/root', tmp, 'wr_cron', true), 'id-persist-cron');
  ctx.audit(target, tc + 25, renameEvent(ct, ['crontab', '-'], '/root', tmp, '/var/spool/cron/crontabs/root', 'wr_cron'), 'id-persist-cron');
  ctx.log(target, tc + 26, 'syslog', `crontab[${ct.pid}]: (root) REPLACE (root)`, 'id-persist-cron');
  steps.push(
    draft({
      id: 'id-persist-cron',
      stage: 'installation',
      technique: 'T1053.003',
      host: target.name,
      hostIp: target.ip,
      peer: null,
      start: tc,
      end: tc + 26,
      note: 'root crontab replaced, 20 s after the key: three techniques within 41 s',
    }),
  );

  natClients(ctx, rng.fork('nat'));
  return steps;
}

/** Both NAT'd workstations fetch from one Git server every ~10 minutes (auditd connect + flow from the NAT address). */
function natClients(ctx: Ctx, rng: Rng): void {
  for (const ws of natPair(ctx)) {
    const r = rng.fork(ws.name);
    let next = ctx.world.startMs + r.int(30, 300) * S;
    ctx.everyHour((_from, to) => {
      for (; next < Math.min(to, ctx.world.endMs - MIN); next += r.int(8 * MIN, 12 * MIN)) {
        const argv = ['git', 'fetch', '--quiet', 'origin'];
        const git = exec(ctx, { host: ws, t: next, argv, uid: ws.uid, auid: ws.uid, ses: 4294967295, tty: '(none)', ppid: 1, cwd: `/home/${ws.user}/src` });
        const remote = { ...git, pid: git.pid + 1, comm: 'git-remote-http', exe: '/usr/lib/git-core/git-remote-http' };
        ctx.audit(ws, next + 40, connectEvent(remote, ['git-remote-https', 'origin'], GIT_SERVER, 443, true));
        ctx.flow(
          tcpSession({
            t: next + 40,
            durMs: r.int(300, 900),
            src: ws.ip,
            sport: ephemeralPort(r),
            dst: GIT_SERVER,
            dport: 443,
            up: r.int(900, 1_400),
            down: r.int(3_000, 9_000),
          }),
        );
      }
    });
  }
}
