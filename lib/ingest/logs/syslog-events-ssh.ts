import type { LogRecord } from '../../records/records';
import { setDstIp, setSrcIp, toPort } from './event-fields';

// OpenSSH messages (sshd, and sshd-session since OpenSSH 9.8). Message texts follow Filebeat's
// system/auth grok (docs/ANCHORS.md#filebeat-system-auth) and the loghub OpenSSH templates. A cheap
// first-character switch picks at most one or two regexes per line.
//
// `result` vocabulary: 'success', 'failed', 'invalid_user' (failed for a user that does not
// exist), 'pam_failure' (PAM's own line; it accompanies a `Failed password` line when sshd
// logs both, so count one or the other per host).

const FAILED = /^Failed (\S+) for (invalid user )?(.*?) from (\S+) port (\d+)/;
const ACCEPTED = /^Accepted (\S+) for (.*?) from (\S+) port (\d+)/;
const INVALID_USER = /^Invalid user (.*?) from (\S+)(?: port (\d+))?/;
const NO_IDENT = /^Did not receive identification string from (\S+)(?: port (\d+))?/;
const BAD_VERSION = /^Bad protocol version identification .* from (\S+)(?: port (\d+))?/;
const BANNER = /^banner exchange: Connection from (\S+) port (\d+)/;
const REVERSE_MAP = /^reverse mapping checking getaddrinfo for \S+ \[([^\]]+)\] failed/;
const ADDRESS_MAP = /^Address (\S+) maps to .*POSSIBLE BREAK-IN ATTEMPT!$/;
const RECEIVED_DISCONNECT = /^Received disconnect from (\S+?)(?: port (\d+))?:/;
const CLOSED_BY = /^Connection (?:closed|reset) by (?:(?:authenticating|invalid) user (.*?) )?(\S+)(?: port (\d+))?$/;
const DISCONNECTED = /^Disconnected from (?:(?:authenticating|invalid) user |user )?(?:(.*?) )?(\S+) port (\d+)$/;
const PAM_MORE = /^PAM \d+ more authentication failures?;.*?rhost=(\S*)(?:\s+user=(\S+))?/;
const TOO_MANY =
  /^Disconnecting(?:: Too many authentication failures(?: for (\S+))?| (?:invalid |authenticating )?user (\S+) (\S+) port (\d+): Too many authentication failures)/;
const MAX_ATTEMPTS = /^maximum authentication attempts exceeded for (?:invalid user )?(.*?) from (\S+) port (\d+)/;
const CONNECTION_FROM = /^Connection from (\S+) port (\d+) on (\S+) port (\d+)/;
const NEGOTIATE = /^Unable to negotiate with (\S+) port (\d+)/;
// A specific listen address is the host's own (host identity); a wildcard one says nothing.
const LISTENING = /^Server listening on (?!0\.0\.0\.0 |:: )(\S+) port (\d+)\.?$/;

interface Rule {
  re: RegExp;
  apply(m: RegExpExecArray, rec: LogRecord, isPreauth: boolean): void;
}

function fill(rec: LogRecord, kind: LogRecord['kind'], ip: string | undefined, port?: string, user?: string): void {
  rec.kind = kind;
  setSrcIp(rec, ip);
  const p = toPort(port);
  if (p !== undefined) rec.srcPort = p;
  if (user) rec.userName = user;
}

const preauthOr = (isPreauth: boolean) => (isPreauth ? 'ssh_preauth' : 'syslog');

/** Rules by the first character of the message, so most lines try one or two regexes. */
const RULES: Record<string, Rule[]> = {
  F: [
    {
      re: FAILED,
      apply: (m, rec) => {
        fill(rec, 'ssh_failed', m[4], m[5], m[3]);
        rec.result = m[2] ? 'invalid_user' : 'failed';
      },
    },
  ],
  A: [
    {
      re: ACCEPTED,
      apply: (m, rec) => {
        fill(rec, 'ssh_accepted', m[3], m[4], m[2]);
        rec.result = 'success';
      },
    },
    { re: ADDRESS_MAP, apply: (m, rec) => fill(rec, 'ssh_break_in', m[1]) },
  ],
  I: [{ re: INVALID_USER, apply: (m, rec) => fill(rec, 'ssh_invalid_user', m[2], m[3], m[1]) }],
  D: [
    { re: NO_IDENT, apply: (m, rec) => fill(rec, 'ssh_no_ident', m[1], m[2]) },
    { re: TOO_MANY, apply: (m, rec) => fill(rec, 'ssh_too_many_failures', m[3], m[4], m[1] ?? m[2]) },
    { re: DISCONNECTED, apply: (m, rec, pre) => fill(rec, preauthOr(pre), m[2], m[3], m[1]) },
  ],
  B: [{ re: BAD_VERSION, apply: (m, rec) => fill(rec, 'ssh_no_ident', m[1], m[2]) }],
  b: [{ re: BANNER, apply: (m, rec) => fill(rec, 'ssh_no_ident', m[1], m[2]) }],
  r: [{ re: REVERSE_MAP, apply: (m, rec) => fill(rec, 'ssh_break_in', m[1]) }],
  R: [{ re: RECEIVED_DISCONNECT, apply: (m, rec, pre) => fill(rec, preauthOr(pre), m[1], m[2]) }],
  C: [
    { re: CLOSED_BY, apply: (m, rec, pre) => fill(rec, preauthOr(pre), m[2], m[3], m[1]) },
    {
      re: CONNECTION_FROM,
      apply: (m, rec) => {
        fill(rec, 'accept', m[1], m[2]);
        setDstIp(rec, m[3]);
        const port = toPort(m[4]);
        if (port !== undefined) rec.dstPort = port;
      },
    },
  ],
  P: [{ re: PAM_MORE, apply: (m, rec) => fill(rec, 'ssh_too_many_failures', m[1], undefined, m[2]) }],
  m: [{ re: MAX_ATTEMPTS, apply: (m, rec) => fill(rec, 'ssh_too_many_failures', m[2], m[3], m[1]) }],
  U: [{ re: NEGOTIATE, apply: (m, rec) => fill(rec, 'ssh_error', m[1], m[2]) }],
  S: [{ re: LISTENING, apply: (m, rec) => fill(rec, 'bind', m[1], m[2]) }],
};

/** Sets the typed fields of an sshd message on `rec`; false when it is not a known event. */
export function matchSshd(message: string, rec: LogRecord): boolean {
  let msg = message;
  const isPreauth = msg.endsWith(' [preauth]');
  if (isPreauth) msg = msg.slice(0, -10);
  const isError = msg.startsWith('error: ') || msg.startsWith('fatal: ');
  if (isError) msg = msg.slice(7);
  for (const rule of RULES[msg.charAt(0)] ?? []) {
    const m = rule.re.exec(msg);
    if (m) {
      rule.apply(m, rec, isPreauth);
      return true;
    }
  }
  if (isError) {
    rec.kind = 'ssh_error';
    return true;
  }
  return false;
}
