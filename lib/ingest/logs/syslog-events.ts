import type { LogRecord } from '../../records/records';
import { matchProftpd } from './ftp';
import { type Matcher, matchCron, matchLogin, matchPam, matchShadowUtils, matchSu, matchSudo } from './syslog-events-accounts';
import { matchSshd } from './syslog-events-ssh';
import { matchSysmon } from './syslog-events-sysmon';
import { matchAddress, matchInetd, matchKernel, matchSystemd } from './syslog-events-system';

// Typed events from a syslog message, chosen by program. Shared by the syslog and journald
// parsers. Lines no matcher claims stay kind `syslog` with program and pid, so nothing is lost.

/** Program family (lower-case, no path, no `(pam_unix)`) → matcher. */
const BY_FAMILY: Record<string, Matcher> = {
  sshd: matchSshd,
  'sshd-session': matchSshd, // OpenSSH ≥ 9.8 logs per-connection lines under this name
  'sshd-auth': matchSshd,
  sudo: matchSudo,
  su: matchSu,
  useradd: matchShadowUtils,
  groupadd: matchShadowUtils,
  usermod: matchShadowUtils,
  userdel: matchShadowUtils,
  groupmod: matchShadowUtils,
  passwd: matchShadowUtils,
  chpasswd: matchShadowUtils,
  adduser: matchShadowUtils,
  cron: matchCron,
  crond: matchCron,
  crontab: matchCron,
  anacron: matchCron,
  systemd: matchSystemd,
  init: matchSystemd,
  kernel: matchKernel,
  dhclient: matchAddress,
  networkmanager: matchAddress,
  'systemd-networkd': matchAddress,
  dhcpcd: matchAddress,
  'cloud-init': matchAddress,
  ftpd: matchInetd,
  vsftpd: matchInetd,
  klogind: matchInetd,
  login: matchLogin,
  proftpd: matchProftpd,
  sysmon: matchSysmon, // Sysmon for Linux: XML events mapped to auditd's exec/connect/file_create
};

interface Family {
  matcher: Matcher | undefined;
  /** PAM service for old `sshd(pam_unix)` tags, whose messages lack the `pam_unix(…)` prefix. */
  pamService: string | undefined;
}

// Few distinct programs per file: normalise each once.
const families = new Map<string, Family>();

function familyOf(program: string): Family {
  let f = families.get(program);
  if (f) return f;
  let name = program.toLowerCase();
  const slash = name.lastIndexOf('/');
  if (slash !== -1) name = name.slice(slash + 1);
  let pamService: string | undefined;
  const paren = name.indexOf('(');
  if (paren > 0) {
    if (name.slice(paren).startsWith('(pam_')) pamService = name.slice(0, paren);
    name = name.slice(0, paren);
  }
  f = { matcher: BY_FAMILY[name], pamService };
  if (families.size < 10_000) families.set(program, f);
  return f;
}

/**
 * Messages longer than this are kept as plain `syslog` lines (program and pid, nothing typed):
 * it bounds what any matcher's regex is handed, whatever a future pattern's worst case is.
 */
export const MAX_EVENT_MESSAGE = 16 * 1024;

const PAM_PREFIX = /^pam_[a-z_0-9]+\(([^:)]+):[^)]*\): /;
const REPEATED = /^message repeated \d+ times: \[ ?(.*)\]$/;

/**
 * Sets `kind` and the typed fields on `rec` (which starts as kind `syslog`) from the message of
 * a line written by `program`.
 */
export function extractEvent(rec: LogRecord, program: string | undefined, message: string): void {
  if (message.length > MAX_EVENT_MESSAGE) return;
  let msg = message;
  // rsyslog folds repeats into one line; the event inside is still the event.
  if (msg.charCodeAt(0) === 109 && msg.startsWith('message repeated ')) {
    const m = REPEATED.exec(msg);
    if (m) msg = m[1] ?? msg;
  }
  if (msg.charCodeAt(0) === 82 && msg.startsWith('ROOT LOGIN ')) {
    matchLogin(msg, rec);
    return;
  }
  if (!program) return;
  const family = familyOf(program);
  if (family.pamService !== undefined) {
    matchPam(family.pamService, msg, rec);
    return;
  }
  if (msg.charCodeAt(0) === 112 && msg.startsWith('pam_')) {
    const m = PAM_PREFIX.exec(msg);
    if (m && matchPam(m[1] ?? '', msg.slice(m[0].length), rec)) return;
  }
  family.matcher?.(msg, rec);
}
