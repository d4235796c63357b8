// Host actions that leave traces in several places at once — an SSH login writes auth.log
// lines and a series of PAM audit records, a sudo writes both and an execve — phrased the way
// Ubuntu 22.04 (OpenSSH 8.9, sudo 1.9, cron 3.0, systemd 249) writes them. Benign activity and
// the attacks share these, so an attacker's login looks exactly like an admin's.

import { type AuditProc, auditValue, execveEvent, loginRecord, UNSET, userRecord } from './audit-format';
import type { Ctx } from './ctx';
import type { Host } from './world';

export interface Login {
  pid: number;
  ses: number;
  tty: string;
  uid: number;
  user: string;
}

export interface SshLoginOpts {
  host: Host;
  t: number;
  user: string;
  uid: number;
  from: string;
  port: number;
  method: 'password' | 'publickey';
  /** Wrong passwords typed on the same connection before the right one. */
  typos?: number;
  durationMs: number;
  keyFp?: string;
  step?: string;
}

const PAM_SESSION = 'pam_selinux,pam_loginuid,pam_keyinit,pam_permit,pam_umask,pam_unix,pam_systemd,pam_mail,pam_limits,pam_env,pam_env,pam_selinux';

function pamMsg(op: string, grantors: string, acct: string, exe: string, addr: string, terminal: string, res = 'success'): string {
  const hostPart = addr === '?' ? 'hostname=? addr=?' : `hostname=${addr} addr=${addr}`;
  return `op=${op} grantors=${grantors} acct="${acct}" exe="${exe}" ${hostPart} terminal=${terminal} res=${res}`;
}

/** One failed password (sshd + pam lines, USER_AUTH res=failed) — the unit of a brute force. */
export function sshFailedPassword(
  ctx: Ctx,
  o: { host: Host; t: number; pid: number; user: string; validUser: boolean; from: string; port: number; step?: string },
): void {
  const { host, t, pid } = o;
  const p = `sshd[${pid}]:`;
  if (!o.validUser) {
    ctx.log(host, t, 'auth', `${p} Invalid user ${o.user} from ${o.from} port ${o.port}`, o.step);
    ctx.log(host, t + 2, 'auth', `${p} pam_unix(sshd:auth): check pass; user unknown`, o.step);
  }
  const who = o.validUser ? `  user=${o.user}` : '';
  ctx.log(host, t + 3, 'auth', `${p} pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${o.from}${who}`, o.step);
  ctx.log(host, t + 2100, 'auth', `${p} Failed password for ${o.validUser ? '' : 'invalid user '}${o.user} from ${o.from} port ${o.port} ssh2`, o.step);
  ctx.audit(
    host,
    t + 2100,
    [
      userRecord(
        'USER_AUTH',
        { pid, uid: 0, auid: UNSET, ses: UNSET },
        pamMsg('PAM:authentication', '?', o.validUser ? o.user : '?', '/usr/sbin/sshd', o.from, 'ssh', 'failed'),
      ),
    ],
    o.step,
  );
}

/** A successful SSH login and, `durationMs` later, its logout. */
export function sshLogin(ctx: Ctx, o: SshLoginOpts): Login {
  const { host, user, from } = o;
  let t = o.t;
  const pid = ctx.pidAt(host, t);
  const p = `sshd[${pid}]:`;
  for (let i = 0; i < (o.typos ?? 0); i++) {
    sshFailedPassword(ctx, { host, t, pid, user, validUser: true, from, port: o.port, ...(o.step ? { step: o.step } : {}) });
    t += 4_000 + (pid % 3) * 1_700;
  }
  const ses = ctx.nextSes(host);
  const tty = `pts/${ses % 5}`;
  const auth = o.method === 'password' ? 'password' : 'publickey';
  const suffix = o.method === 'publickey' ? `: ED25519 SHA256:${o.keyFp ?? 'k3Zq9vV0pQm2Lr8sXy4TnB6cWd1eFgH7iJ5oPaRuS0Y'}` : '';
  ctx.log(host, t, 'auth', `${p} Accepted ${auth} for ${user} from ${from} port ${o.port} ssh2${suffix}`, o.step);
  const pre = { pid, uid: 0, auid: UNSET, ses: UNSET };
  const authMsg =
    o.method === 'password'
      ? pamMsg('PAM:authentication', 'pam_permit', user, '/usr/sbin/sshd', from, 'ssh')
      : `op=pubkey_auth rport=${o.port} acct="${user}" exe="/usr/sbin/sshd" hostname=? addr=${from} terminal=? res=success`;
  ctx.audit(host, t, [userRecord('USER_AUTH', pre, authMsg)], o.step);
  ctx.audit(host, t + 4, [userRecord('USER_ACCT', pre, pamMsg('PAM:accounting', 'pam_permit', user, '/usr/sbin/sshd', from, 'ssh'))], o.step);
  ctx.audit(host, t + 6, [userRecord('CRED_ACQ', pre, pamMsg('PAM:setcred', 'pam_permit,pam_cap', user, '/usr/sbin/sshd', from, 'ssh'))], o.step);
  ctx.audit(host, t + 7, [loginRecord(pid, o.uid, ses)], o.step);
  const post = { pid, uid: 0, auid: o.uid, ses };
  ctx.log(host, t + 9, 'auth', `${p} pam_unix(sshd:session): session opened for user ${user}(uid=${o.uid}) by (uid=0)`, o.step);
  ctx.audit(host, t + 9, [userRecord('USER_START', post, pamMsg('PAM:session_open', PAM_SESSION, user, '/usr/sbin/sshd', from, 'ssh'))], o.step);
  const logind = `systemd-logind[${ctx.daemonPid(host, 'systemd-logind')}]:`;
  ctx.log(host, t + 15, 'auth', `${logind} New session ${ses} of user ${user}.`, o.step);
  ctx.audit(
    host,
    t + 40,
    [userRecord('USER_LOGIN', post, `op=login id=${o.uid} exe="/usr/sbin/sshd" hostname=${from} addr=${from} terminal=/dev/${tty} res=success`)],
    o.step,
  );

  const end = t + o.durationMs;
  const child = pid + 1 + (pid % 4);
  ctx.log(host, end, 'auth', `sshd[${child}]: Received disconnect from ${from} port ${o.port}:11: disconnected by user`, o.step);
  ctx.log(host, end + 1, 'auth', `sshd[${child}]: Disconnected from user ${user} ${from} port ${o.port}`, o.step);
  ctx.audit(
    host,
    end + 2,
    [userRecord('USER_LOGOUT', post, `op=login id=${o.uid} exe="/usr/sbin/sshd" hostname=${from} addr=${from} terminal=/dev/${tty} res=success`)],
    o.step,
  );
  ctx.audit(host, end + 4, [userRecord('USER_END', post, pamMsg('PAM:session_close', PAM_SESSION, user, '/usr/sbin/sshd', from, 'ssh'))], o.step);
  ctx.audit(host, end + 5, [userRecord('CRED_DISP', post, pamMsg('PAM:setcred', 'pam_permit,pam_cap', user, '/usr/sbin/sshd', from, 'ssh'))], o.step);
  ctx.log(host, end + 6, 'auth', `${p} pam_unix(sshd:session): session closed for user ${user}`, o.step);
  ctx.log(host, end + 8, 'auth', `${logind} Session ${ses} logged out. Waiting for processes to exit.`, o.step);
  ctx.log(host, end + 20, 'auth', `${logind} Removed session ${ses}.`, o.step);
  return { pid, ses, tty, uid: o.uid, user };
}

const BIN_PATHS: Record<string, string> = {
  sh: '/usr/bin/dash',
  bash: '/usr/bin/bash',
  curl: '/usr/bin/curl',
  tar: '/usr/bin/tar',
  scp: '/usr/bin/scp',
  ssh: '/usr/bin/ssh',
  crontab: '/usr/bin/crontab',
  useradd: '/usr/sbin/useradd',
  systemctl: '/usr/bin/systemctl',
  chmod: '/usr/bin/chmod',
  id: '/usr/bin/id',
  uname: '/usr/bin/uname',
  cat: '/usr/bin/cat',
  ls: '/usr/bin/ls',
  split: '/usr/bin/split',
  rsync: '/usr/bin/rsync',
  apt: '/usr/bin/apt',
  journalctl: '/usr/bin/journalctl',
  tail: '/usr/bin/tail',
  df: '/usr/bin/df',
  whoami: '/usr/bin/whoami',
  pg_dumpall: '/usr/lib/postgresql/14/bin/pg_dumpall',
  sudo: '/usr/bin/sudo',
  chpasswd: '/usr/sbin/chpasswd',
  ps: '/usr/bin/ps',
  wget: '/usr/bin/wget',
};

/** Resolve argv[0] the way a shell would, to the executable the kernel reports. */
export function exePath(arg0: string): { path: string; exe: string; comm: string } {
  const path = arg0.startsWith('/') ? arg0 : (BIN_PATHS[arg0] ?? `/usr/bin/${arg0}`);
  const exe = path === '/bin/sh' ? '/usr/bin/dash' : path.startsWith('/bin/') ? `/usr${path}` : path;
  const comm = (arg0.split('/').pop() ?? arg0).slice(0, 15);
  return { path, exe, comm };
}

export interface ExecOpts {
  host: Host;
  t: number;
  argv: string[];
  uid: number;
  auid: number;
  ses: number;
  tty: string;
  ppid: number;
  cwd: string;
  pid?: number;
  step?: string;
}

/** execve(2) of `argv`; returns the process so its connects can be logged. */
export function exec(ctx: Ctx, o: ExecOpts): AuditProc {
  const { path, exe, comm } = exePath(o.argv[0] ?? 'sh');
  const proc: AuditProc = {
    pid: o.pid ?? ctx.pidAt(o.host, o.t, 1),
    ppid: o.ppid,
    uid: o.uid,
    gid: o.uid === 33 ? 33 : o.uid,
    auid: o.auid,
    ses: o.ses,
    tty: o.tty.replace('/', ''),
    comm,
    exe,
  };
  ctx.audit(o.host, o.t, execveEvent(proc, o.argv, o.cwd, path), o.step);
  return proc;
}

export interface SudoOpts {
  login: Login;
  host: Host;
  t: number;
  argv: string[];
  runAs?: { user: string; uid: number };
  step?: string;
}

/** `sudo <argv>` in a login session: auth.log lines, PAM/USER_CMD records, the execve as the target user. */
export function sudo(ctx: Ctx, o: SudoOpts): AuditProc {
  const { login, host, t, argv, step } = o;
  const runAs = o.runAs ?? { user: 'root', uid: 0 };
  const pid = ctx.pidAt(host, t, 2);
  const cwd = login.uid === 0 ? '/root' : `/home/${login.user}`;
  const { path } = exePath(argv[0] ?? 'true');
  const cmd = [path, ...argv.slice(1)].join(' ');
  ctx.log(host, t, 'auth', `sudo: ${login.user.padStart(8)} : TTY=${login.tty} ; PWD=${cwd} ; USER=${runAs.user} ; COMMAND=${cmd}`, step);
  const who = { pid, uid: login.uid, auid: login.uid, ses: login.ses };
  const term = `/dev/${login.tty}`;
  ctx.audit(host, t, [userRecord('USER_ACCT', who, pamMsg('PAM:accounting', 'pam_permit', login.user, '/usr/bin/sudo', '?', term))], step);
  ctx.audit(host, t + 1, [userRecord('USER_CMD', who, `cwd="${cwd}" cmd=${auditValue(cmd)} exe="/usr/bin/sudo" terminal=${login.tty} res=success`)], step);
  ctx.audit(host, t + 2, [userRecord('CRED_REFR', who, pamMsg('PAM:setcred', 'pam_permit', runAs.user, '/usr/bin/sudo', '?', term))], step);
  ctx.log(
    host,
    t + 3,
    'auth',
    `sudo: pam_unix(sudo:session): session opened for user ${runAs.user}(uid=${runAs.uid}) by ${login.user}(uid=${login.uid})`,
    step,
  );
  ctx.audit(
    host,
    t + 3,
    [userRecord('USER_START', who, pamMsg('PAM:session_open', 'pam_limits,pam_permit,pam_unix', runAs.user, '/usr/bin/sudo', '?', term))],
    step,
  );
  const proc = exec(ctx, {
    host,
    t: t + 5,
    argv,
    uid: runAs.uid,
    auid: login.uid,
    ses: login.ses,
    tty: login.tty,
    ppid: pid,
    cwd,
    pid: pid + 1,
    ...(step ? { step } : {}),
  });
  const end = t + 400 + (pid % 1500);
  ctx.audit(
    host,
    end,
    [userRecord('USER_END', who, pamMsg('PAM:session_close', 'pam_limits,pam_permit,pam_unix', runAs.user, '/usr/bin/sudo', '?', term))],
    step,
  );
  ctx.audit(host, end + 1, [userRecord('CRED_DISP', who, pamMsg('PAM:setcred', 'pam_permit', runAs.user, '/usr/bin/sudo', '?', term))], step);
  ctx.log(host, end + 1, 'auth', `sudo: pam_unix(sudo:session): session closed for user ${runAs.user}`, step);
  return proc;
}

export interface CronJobOpts {
  host: Host;
  t: number;
  cmd: string;
  user?: string;
  uid?: number;
  step?: string;
}

/** One cron job run: CRON lines in syslog and auth.log, PAM records, `/bin/sh -c <cmd>`. */
export function cronJob(ctx: Ctx, o: CronJobOpts): AuditProc {
  const { host, t, cmd, step } = o;
  const user = o.user ?? 'root';
  const uid = o.uid ?? 0;
  const pid = ctx.pidAt(host, t, 3);
  const ses = ctx.nextSes(host);
  const pre = { pid, uid: 0, auid: UNSET, ses: UNSET };
  const post = { pid, uid: 0, auid: uid, ses };
  const exe = '/usr/sbin/cron';
  ctx.audit(host, t, [userRecord('USER_ACCT', pre, pamMsg('PAM:accounting', 'pam_permit', user, exe, '?', 'cron'))], step);
  ctx.audit(host, t + 1, [userRecord('CRED_ACQ', pre, pamMsg('PAM:setcred', 'pam_permit,pam_cap', user, exe, '?', 'cron'))], step);
  ctx.audit(host, t + 2, [loginRecord(pid, uid, ses)], step);
  ctx.audit(
    host,
    t + 3,
    [userRecord('USER_START', post, pamMsg('PAM:session_open', 'pam_loginuid,pam_env,pam_env,pam_permit,pam_unix,pam_limits', user, exe, '?', 'cron'))],
    step,
  );
  ctx.log(host, t + 3, 'auth', `CRON[${pid}]: pam_unix(cron:session): session opened for user ${user}(uid=${uid}) by (uid=0)`, step);
  ctx.log(host, t + 4, 'syslog', `CRON[${pid}]: (${user}) CMD (${cmd})`, step);
  const proc = exec(ctx, {
    host,
    t: t + 5,
    argv: ['/bin/sh', '-c', cmd],
    uid,
    auid: uid,
    ses,
    tty: '(none)',
    ppid: pid,
    cwd: uid === 0 ? '/root' : `/home/${user}`,
    pid: pid + 1,
    ...(step ? { step } : {}),
  });
  const end = t + 60 + (pid % 900);
  ctx.audit(host, end, [userRecord('CRED_DISP', post, pamMsg('PAM:setcred', 'pam_permit,pam_cap', user, exe, '?', 'cron'))], step);
  ctx.audit(
    host,
    end + 1,
    [userRecord('USER_END', post, pamMsg('PAM:session_close', 'pam_loginuid,pam_env,pam_env,pam_permit,pam_unix,pam_limits', user, exe, '?', 'cron'))],
    step,
  );
  ctx.log(host, end + 1, 'auth', `CRON[${pid}]: pam_unix(cron:session): session closed for user ${user}`, step);
  return proc;
}

export interface UnitOpts {
  host: Host;
  t: number;
  unit: string;
  description: string;
  /** How long a oneshot unit runs before it is deactivated. */
  durMs?: number;
  step?: string;
}

/** A oneshot systemd unit run: `Starting …`, then stop/finish lines and SERVICE_START/STOP records. */
export function systemdRun(ctx: Ctx, o: UnitOpts): void {
  const { host, t, unit, description, step } = o;
  const durMs = o.durMs ?? 1_000;
  const svc = { pid: 1, uid: 0, auid: UNSET, ses: UNSET };
  const msg = `unit=${unit} comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=success`;
  ctx.log(host, t, 'syslog', `systemd[1]: Starting ${description}...`, step);
  ctx.audit(host, t + durMs, [userRecord('SERVICE_START', svc, msg)], step);
  ctx.audit(host, t + durMs + 1, [userRecord('SERVICE_STOP', svc, msg)], step);
  ctx.log(host, t + durMs, 'syslog', `systemd[1]: ${unit}.service: Deactivated successfully.`, step);
  ctx.log(host, t + durMs + 1, 'syslog', `systemd[1]: Finished ${description}.`, step);
}

/** A long-running service (re)started: `Started …` and SERVICE_START. */
export function systemdStart(ctx: Ctx, o: UnitOpts): void {
  const { host, t, unit, description, step } = o;
  const svc = { pid: 1, uid: 0, auid: UNSET, ses: UNSET };
  ctx.log(host, t, 'syslog', `systemd[1]: Starting ${description}...`, step);
  ctx.log(host, t + 180, 'syslog', `systemd[1]: Started ${description}.`, step);
  ctx.audit(
    host,
    t + 180,
    [userRecord('SERVICE_START', svc, `unit=${unit} comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=success`)],
    step,
  );
}
