// Adversarial lines for every regex Sightline applies to log text (issue 20, finding 3): each
// case repeats the pattern's own prefix — the part a backtracking engine retries from — `n`
// times. A linear matcher takes about 4× as long for a line 4× as long; the old CRON_CMD took
// 149 s on one 1 MB line. Shared by `npm run fuzz -- --target complexity` and the Vitest check.

import { sniffAuditd, sniffAuoms, sniffLaurel } from '../../lib/ingest/logs/audit-formats';
import { parseInterpretedSockaddr } from '../../lib/ingest/logs/auditd-sockaddr';
import { isExportQuery, parseMysqlErrorLine, parseMysqlGeneralLine } from '../../lib/ingest/logs/mysql';
import { copyToStatement, parsePgStderrLine } from '../../lib/ingest/logs/postgres';
import { parseRedisLine, redisRecord } from '../../lib/ingest/logs/redis';
import { createSyslogClock } from '../../lib/ingest/logs/syslog-clock';
import { extractEvent } from '../../lib/ingest/logs/syslog-events';
import { matchCron, matchLogin, matchPam, matchShadowUtils, matchSu, matchSudo } from '../../lib/ingest/logs/syslog-events-accounts';
import { matchSshd } from '../../lib/ingest/logs/syslog-events-ssh';
import { matchAddress, matchInetd, matchKernel, matchSystemd } from '../../lib/ingest/logs/syslog-events-system';
import { jsonTime } from '../../lib/ingest/logs/syslog-json';
import { parseAccessJson, parseAccessLine } from '../../lib/ingest/logs/web-access';
import { parseWebErrorLine } from '../../lib/ingest/logs/web-error';
import type { LogRecord } from '../../lib/records/records';

export interface ComplexityCase {
  /** The parser and the pattern the line attacks. */
  name: string;
  /** The line for `n` repetitions of the prefix. */
  line: (n: number) => string;
  run: (line: string) => void;
}

const record = (): LogRecord => ({ lineNo: 1, tsMs: 0, kind: 'syslog', raw: '' });
const matcher =
  (m: (msg: string, rec: LogRecord) => boolean) =>
  (line: string): void => {
    m(line, record());
  };
const head = (sniff: (b: Buffer) => number) => (line: string) => {
  sniff(Buffer.from(line));
};

export const COMPLEXITY_CASES: ComplexityCase[] = [
  { name: 'cron CRON_CMD', line: (n) => `(${'a) CMD ('.repeat(n)}x`, run: matcher(matchCron) },
  { name: 'cron CRON_REPLACE', line: (n) => `(${'a) REPLACE ('.repeat(n)}x`, run: matcher(matchCron) },
  { name: 'NetworkManager NM_DHCP', line: (n) => 'dhcp4 ('.repeat(n), run: matcher(matchAddress) },
  { name: 'NetworkManager NM_OLD', line: (n) => `<info>${' '.repeat(n * 4)}x`, run: matcher(matchAddress) },
  { name: 'dhclient/networkd/dhcpcd', line: (n) => `${'eth0'.repeat(n)} ip=`, run: matcher(matchAddress) },
  { name: 'kernel MY_ADDRESS/CMDLINE_IP', line: (n) => `${'my address is  ip='.repeat(n)}`, run: matcher(matchKernel) },
  { name: 'su SU_SHORT', line: (n) => `+ pts/0 ${'a:'.repeat(n)} `, run: matcher(matchSu) },
  { name: 'su SU_TO/SU_BY', line: (n) => `(to ${'a'.repeat(n)}`, run: matcher(matchSu) },
  { name: 'sudo', line: (n) => `bob : ${'TTY=pts/0 ; '.repeat(n)}`, run: matcher(matchSudo) },
  { name: 'shadow-utils NEW_USER/QUOTED_USER', line: (n) => `new user: name=${"'a".repeat(n)}`, run: matcher(matchShadowUtils) },
  { name: 'login FAILED LOGIN', line: (n) => `FAILED LOGIN 1 FROM x FOR ${'a'.repeat(n * 4)}`, run: matcher(matchLogin) },
  { name: 'sshd FAILED', line: (n) => `Failed password for ${'a from '.repeat(n)}`, run: matcher(matchSshd) },
  { name: 'sshd ACCEPTED', line: (n) => `Accepted password for ${'a from '.repeat(n)}`, run: matcher(matchSshd) },
  { name: 'sshd MAX_ATTEMPTS', line: (n) => `maximum authentication attempts exceeded for ${'a from '.repeat(n)}`, run: matcher(matchSshd) },
  { name: 'sshd CLOSED_BY', line: (n) => `Connection closed by authenticating user ${'a '.repeat(n)} `, run: matcher(matchSshd) },
  { name: 'sshd DISCONNECTED', line: (n) => `Disconnected from user ${'a '.repeat(n)}x`, run: matcher(matchSshd) },
  { name: 'sshd PAM_MORE', line: (n) => `PAM 1 more authentication failures;${' rhost'.repeat(n)}`, run: matcher(matchSshd) },
  { name: 'sshd ADDRESS_MAP', line: (n) => `Address x maps to ${'POSSIBLE '.repeat(n)}`, run: matcher(matchSshd) },
  { name: 'sshd BAD_VERSION', line: (n) => `Bad protocol version identification ${' from'.repeat(n)}`, run: matcher(matchSshd) },
  { name: 'sshd RECEIVED_DISCONNECT', line: (n) => `Received disconnect from ${'a port 1'.repeat(n)}`, run: matcher(matchSshd) },
  {
    name: 'pam SESSION_OPENED',
    line: (n) => `session opened for user ${'(uid=1)'.repeat(n)} by ${'(uid='.repeat(n)}`,
    run: (l) => void matchPam('sshd', l, record()),
  },
  { name: 'pam AUTH_FAILURE', line: (n) => `authentication failure; ${'rhost'.repeat(n)}`, run: (l) => void matchPam('sshd', l, record()) },
  { name: 'systemd STARTED_SESSION', line: (n) => `Started Session ${'1'.repeat(n * 4)}`, run: matcher(matchSystemd) },
  { name: 'inetd FTP', line: (n) => `connection from ${'a'.repeat(n * 4)}`, run: matcher(matchInetd) },
  { name: 'syslog REPEATED', line: (n) => `message repeated 2 times: [${' ['.repeat(n)}`, run: (l) => extractEvent(record(), 'cron', l) },
  { name: 'syslog PAM_PREFIX', line: (n) => `pam_unix(${'a'.repeat(n * 4)}`, run: (l) => extractEvent(record(), 'sshd', l) },
  { name: 'auditd sockaddr', line: (n) => `{${' '.repeat(n * 4)}x`, run: (l) => void parseInterpretedSockaddr(l) },
  { name: 'sniff auditd', line: (n) => `type=${'A'.repeat(n * 4)}`, run: head(sniffAuditd) },
  { name: 'sniff laurel', line: (n) => `{${'"ID" :'.repeat(n)}`, run: head(sniffLaurel) },
  { name: 'postgres prefix', line: (n) => `2026-03-07 14:01:00 UTC ${'1.2.3.4:[1]:a@b '.repeat(n)}LOG:  x`, run: (l) => void parsePgStderrLine(l, 'UTC') },
  { name: 'postgres severity scan', line: (n) => `2026-03-07 14:01:00 UTC ${'A: '.repeat(n)}`, run: (l) => void parsePgStderrLine(l, 'UTC') },
  { name: 'postgres COPY TO', line: (n) => `statement: COPY ${'( \t'.repeat(n)}`, run: (l) => void copyToStatement(l) },
  { name: 'web access time search', line: (n) => `1.2.3.4 ${' [04/Dec/2026:20'.repeat(n)}`, run: (l) => void parseAccessLine(l) },
  { name: 'web access quoted', line: (n) => `1.2.3.4 - - [04/Dec/2026:20:01:36 +0000] "${'\\x2'.repeat(n)}`, run: (l) => void parseAccessLine(l) },
  { name: 'web access JSON', line: (n) => `{"time_local":"${'1'.repeat(n * 4)}"}`, run: (l) => void parseAccessJson(l) },
  { name: 'web error fields', line: (n) => `2026/12/04 20:01:36 [error] 1#1: ${', client: '.repeat(n)}`, run: (l) => void parseWebErrorLine(l, 'UTC') },
  { name: 'syslog JSON epoch time', line: (n) => `${'1'.repeat(n * 4)}.x`, run: (l) => void jsonTime(l, createSyslogClock({ path: '', timeZone: 'UTC' })) },
  {
    name: 'redis endpoints',
    line: (n) => `1:S 04 Dec 2026 20:05:00.001 * REPLICAOF ${'[1:'.repeat(n)} addr=${'['.repeat(n)}`,
    run: (l) => {
      const p = parseRedisLine(l, createSyslogClock({ path: '', timeZone: 'UTC' }));
      if (typeof p !== 'string') redisRecord(p, 1, l, { path: '', timeZone: 'UTC' });
    },
  },
  {
    name: 'mysql error prefix',
    line: (n) => `2026-12-04T20:01:00Z 9 [Note] ${'[MY-1] '.repeat(n)}`,
    run: (l) => void parseMysqlErrorLine(l, createSyslogClock({ path: '', timeZone: 'UTC' })),
  },
  {
    name: 'mysql general',
    line: (n) => `\t\t 1 Query\t${' SELECT INTO OUTFILE'.repeat(n)}`,
    run: (l) => {
      parseMysqlGeneralLine(l, createSyslogClock({ path: '', timeZone: 'UTC' }));
      isExportQuery(l);
    },
  },
  { name: 'sniff auoms', line: (n) => `${'"SyslogMessage" : '.repeat(n)}`, run: head(sniffAuoms) },
];
