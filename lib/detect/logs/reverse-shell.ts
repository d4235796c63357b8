// Exploitation seen on the host: a reverse-shell command line (Sigma
// lnx_shell_susp_rev_shells.yml, T1059.004, high; docs/ANCHORS.md#sigma): bash/sh with
// /dev/tcp or /dev/udp redirection, netcat with -e/-c, socat exec:/system:, interpreter socket
// one-liners (perl, python, ruby, php), mkfifo pipes into nc, and the base64-wrapped form the
// Log4Shell exploit kits use: `bash -c {echo,<b64>}|{base64,-d}|{bash,-i}`. The base64 is
// decoded in SQL (only when it is well-formed base64, so a bad one never aborts the query) to
// find the callback address.

import { defineEventRule } from './event-rule';
import { CMD, hasLiteral, IPV4_RE, PROG } from './patterns';

const B64 = `substring(${CMD} FROM '\\{echo,([A-Za-z0-9+/=]+)\\}')`;
const DECODED = `CASE WHEN ${B64} ~ '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'
  THEN encode(decode(${B64}, 'base64'), 'escape') END`;
const TEXT = `(${CMD} || ' ' || coalesce(${DECODED}, ''))`;

const PATTERNS = [
  '/dev/(tcp|udp)/[^ /]+/[0-9]+',
  '(^|[ /;|&])(nc|ncat|netcat)(\\.[a-z]+)?( [^|;]*)? -[a-z]*[ec]( |$)',
  'socat .*(exec|system):',
  '\\{bash,-i\\}|\\{base64,-d\\}',
  'mkfifo .*\\| *(/bin/)?(ba)?sh .*\\| *(nc|ncat|netcat|telnet|openssl)',
].join('|');

/**
 * A literal of each of PATTERNS (`nc` for ncat too), or `{echo,` that any decoded text needs;
 * ONE_LINER needs `sock` in any case (socket, fsockopen, TCPSocket).
 */
const MAY_MATCH = `(${hasLiteral(CMD, ['/dev/tcp/', '/dev/udp/', 'nc', 'netcat', 'socat', '{bash,-i}', '{base64,-d}', 'mkfifo', '{echo,'])} OR strpos(lower(${CMD}), 'sock') > 0)`;

/** perl/python/ruby/php one-liners that open a socket and connect out. */
const ONE_LINER = `(${PROG} ~ '^(perl|python[0-9.]*|ruby|php[0-9.]*)$' AND ${CMD} ~* '(socket|fsockopen|TCPSocket)' AND ${CMD} ~* '(connect|fsockopen|TCPSocket\\.(new|open))')`;

export const reverseShell = defineEventRule({
  id: 'logs.reverse-shell',
  title: 'Reverse-shell command line',
  stage: 'exploitation',
  techniques: ['T1059.004'],
  label: 'Reverse shell',
  description: 'A command line that connects a shell to a remote address (/dev/tcp, nc -e, socat exec, interpreter socket one-liners, base64-wrapped bash -i).',
  prefilter: MAY_MATCH,
  where: `e.kind IN ('exec', 'priv_cmd', 'cron_run') AND cardinality(e.argv) > 0 AND (${TEXT} ~ '${PATTERNS}' OR ${ONE_LINER})`,
  score: '0.95',
  peer: `(substring(${TEXT} FROM '${IPV4_RE}'))::inet`,
  key: PROG,
  describe: `CASE WHEN ${DECODED} IS NOT NULL THEN format('%s  [decoded: %s]', ${CMD}, ${DECODED}) ELSE ${CMD} END`,
});
