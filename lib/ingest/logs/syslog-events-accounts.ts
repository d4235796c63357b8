import type { LogRecord } from '../../records/records';
import { setSrcIp, splitCommand, toInt } from './event-fields';

// Account and privilege messages: sudo, su, shadow-utils (useradd/groupadd/usermod/userdel/
// passwd), cron, PAM. Texts from Filebeat system/auth (docs/ANCHORS.md#filebeat-system-auth),
// loghub Linux and shadow-utils' own log calls. Where the log names the account acted *as* or *on*
// (sudo `USER=`, su's target), `result` holds `USER=<name>`: the schema has no column for it and
// the invoking user stays in `userName`.

export type Matcher = (msg: string, rec: LogRecord) => boolean;

/** `  bob : TTY=pts/0 ; PWD=/x ; USER=root ; COMMAND=/bin/ls` or `bob : user NOT in sudoers ; …`. */
export const matchSudo: Matcher = (msg, rec) => {
  const sep = msg.indexOf(' : ');
  if (sep === -1) return false;
  const user = msg.slice(0, sep).trim();
  if (user === '' || user.includes(' ')) return false;
  const rest = msg.slice(sep + 3);
  const firstSemi = rest.indexOf(' ; ');
  const head = firstSemi === -1 ? rest : rest.slice(0, firstSemi);
  const isAllowed = head.startsWith('TTY=') || head.startsWith('PWD=') || head.startsWith('USER=');
  // COMMAND is last and may itself contain ' ; ', so everything after it belongs to it.
  const cmdAt = rest.indexOf('COMMAND=');
  const fields = cmdAt === -1 ? rest : rest.slice(0, cmdAt);
  rec.kind = isAllowed ? 'sudo' : 'sudo_denied';
  rec.userName = user;
  for (const part of fields.split(' ; ')) {
    if (part.startsWith('PWD=')) rec.cwd = part.slice(4);
    else if (part.startsWith('USER=')) {
      const target = part.slice(5).trim();
      if (isAllowed) rec.result = `USER=${target}`;
      if (isAllowed && target === 'root') rec.euid = 0;
    }
  }
  if (!isAllowed) rec.result = head.trim();
  if (cmdAt !== -1) {
    const argv = splitCommand(rest.slice(cmdAt + 8));
    if (argv.length > 0) {
      rec.argv = argv;
      rec.exe = argv[0];
    }
  }
  return true;
};

const SU_TO = /^\(to (\S+)\) (\S+) on /; // util-linux su on Debian
const SU_BY = /^(Successful|FAILED) su for (\S+) by (\S+)/; // shadow-utils su
// `[^\s:]+`, not `\S+?`: the lazy form rescanned the rest of the line from every ':' (quadratic).
const SU_SHORT = /^([+-]) \S+ ([^\s:]+):(\S+)$/; // `+ pts/0 bob:root`

export const matchSu: Matcher = (msg, rec) => {
  let m = SU_TO.exec(msg);
  if (m) {
    setSu(rec, m[2], m[1], true);
    return true;
  }
  m = SU_BY.exec(msg);
  if (m) {
    setSu(rec, m[3], m[2], m[1] === 'Successful');
    return true;
  }
  m = SU_SHORT.exec(msg);
  if (m) {
    setSu(rec, m[2], m[3], m[1] === '+');
    return true;
  }
  return false;
};

function setSu(rec: LogRecord, by: string | undefined, target: string | undefined, isSuccess: boolean): void {
  rec.kind = 'su';
  if (by) rec.userName = by;
  rec.result = isSuccess ? `USER=${target}` : 'failed';
  if (isSuccess && target === 'root') rec.euid = 0;
}

const AUTH_FAILURE = /rhost=(\S*)(?:\s+user=(\S+))?/;
const SESSION_OPENED = /^session opened for user (\S+?)(?:\(uid=(\d+)\))? by (\S*?)\(uid=(\d+)\)/;
const PASSWORD_CHANGED = /^password changed for (\S+)/;

/**
 * A PAM module message (`pam_unix(su:session): …` already split into service `su` and body).
 * Failures of sshd become ssh_failed so RHEL-era logs, which have only these lines, still show
 * brute force; elsewhere they are generic `auth` failures.
 */
export function matchPam(service: string, body: string, rec: LogRecord): boolean {
  if (body.startsWith('authentication failure;')) {
    const m = AUTH_FAILURE.exec(body);
    const isSsh = service === 'sshd';
    rec.kind = isSsh ? 'ssh_failed' : 'auth';
    rec.result = isSsh ? 'pam_failure' : 'failed';
    if (m) {
      setSrcIp(rec, m[1]);
      if (m[2]) rec.userName = m[2];
    }
    return true;
  }
  if (body.startsWith('session opened for user ')) {
    const m = SESSION_OPENED.exec(body);
    if (!m) return false;
    if (service === 'su' || service === 'su-l') {
      setSu(rec, m[3], m[1], true);
      const uid = toInt(m[4]);
      if (uid !== undefined) rec.uid = uid;
    } else if (service === 'sshd' || service === 'login' || service === 'gdm' || service === 'remote') {
      rec.kind = 'login';
      rec.userName = m[1];
      rec.result = 'success';
      // The account's own uid when PAM prints it (`user backup(uid=998)`): tells a service account from a person.
      const uid = m[2] === undefined ? undefined : toInt(m[2]);
      if (uid !== undefined) rec.uid = uid;
    } else return false;
    return true;
  }
  if (body.startsWith('password changed for ')) {
    const m = PASSWORD_CHANGED.exec(body);
    rec.kind = 'passwd_change';
    if (m) rec.userName = m[1];
    return true;
  }
  return false;
}

const NEW_USER = /^new user: name=([^,]*), UID=(\d+)/;
const NEW_GROUP = /^new group: name=([^,]*)(?:, GID=(\d+))?/;
const QUOTED_USER = /'([^']*)'/;
const PASSWD_FOR = /^password for '([^']*)' changed by '([^']*)'/;

/** useradd, groupadd, usermod, userdel, passwd, chpasswd (shadow-utils). */
export const matchShadowUtils: Matcher = (msg, rec) => {
  if (msg.startsWith('new user: ')) {
    const m = NEW_USER.exec(msg);
    if (!m) return false;
    rec.kind = 'user_add';
    rec.userName = m[1];
    rec.uid = toInt(m[2]);
    return true;
  }
  if (msg.startsWith('new group: ')) {
    const m = NEW_GROUP.exec(msg);
    if (!m) return false;
    // The group's name: there is no separate column, and detectors read it as "who was added".
    rec.kind = 'group_add';
    rec.userName = m[1];
    if (m[2]) rec.result = `GID=${m[2]}`;
    return true;
  }
  const pw = PASSWD_FOR.exec(msg);
  if (pw) {
    rec.kind = 'passwd_change';
    rec.userName = pw[1];
    return true;
  }
  // usermod/useradd -G/userdel: `add 'bob' to group 'sudo'`, `change user 'bob' UID from …`,
  // `lock user 'bob' password`, `delete user 'bob'`.
  if (/^(?:add|change user|lock user|unlock user|delete user|change user name) '/.test(msg)) {
    const m = QUOTED_USER.exec(msg);
    rec.kind = 'user_mod';
    if (m) rec.userName = m[1];
    rec.result = msg.length > 200 ? msg.slice(0, 200) : msg;
    return true;
  }
  return false;
};

// The user is `[^)]*`, not `.*?`: a lazy user tried every `) CMD (` of the line and rescanned
// the rest from each, so one 1 MB line of them held the process for 149 s (issue 20, finding 3).
const CRON_CMD = /^\(([^)]*)\) CMD \((.*)\)$/;
const CRON_REPLACE = /^\(([^)]*)\) (?:REPLACE|RELOAD) \((.*)\)$/;

export const matchCron: Matcher = (msg, rec) => {
  if (msg.charCodeAt(0) !== 40) return false; // '('
  const cmd = CRON_CMD.exec(msg);
  if (cmd) {
    rec.kind = 'cron_run';
    rec.userName = cmd[1];
    // cron runs the line through /bin/sh -c; keeping it whole keeps pipes and quotes readable.
    rec.argv = ['/bin/sh', '-c', (cmd[2] ?? '').trim()];
    return true;
  }
  const rep = CRON_REPLACE.exec(msg);
  if (rep) {
    rec.kind = 'cron_replace';
    rec.userName = rep[1];
    return true;
  }
  return false;
};

/** `ROOT LOGIN ON tty2` (loghub Linux, tag `-- root`), `FAILED LOGIN 1 FROM tty1 FOR bob, …`. */
export const matchLogin: Matcher = (msg, rec) => {
  if (msg.startsWith('ROOT LOGIN ')) {
    rec.kind = 'login';
    rec.userName = 'root';
    rec.result = 'success';
    return true;
  }
  const m = /^FAILED LOGIN \d+ FROM (\S+) FOR (\S+?),/.exec(msg);
  if (m) {
    rec.kind = 'auth';
    rec.userName = m[2];
    rec.result = 'failed';
    setSrcIp(rec, m[1]);
    return true;
  }
  return false;
};
