// Delivery seen in the FTP server's log: a login accepted from an address outside the internal
// ranges. FTP sends the user name and password in clear text; a server that takes logins from the
// internet is an External Remote Service (T1133) used with a Valid Account (T1078) — the same step
// network.exposed-service sees on the wire as an internet session with data both ways to port 21,
// with the same technique, host and peer, so the two merge into one activity. Anchors: Wazuh's
// vsftpd 11402 and proFTPD 11205 "FTP Authentication success" tag T1078; CISA/NSA hardening guides
// list FTP among the cleartext services that must not face the internet (the exposed-service
// list); docs/ANCHORS.md#wazuh, #ftp-logs. A real account is medium, high when the same source
// failed at least `guessFailures` logins on that host within `guessWindowSeconds` before (a
// guessed account, as logs.ssh-bruteforce-success: Wazuh 11451/11251's 8, Zeek's 30-minute
// guessing_timeout); an anonymous login (`ftp`/`anonymous`, what a public mirror is for) low.
// Initial Access → the stage the tactic mapping gives (docs/ANCHORS.md#kill-chain-mapping).
import { stageOfTactic } from '../../stages';
import { defineEventRule } from './event-rule';

const ANONYMOUS = `(lower(coalesce(e.user_name, '')) IN ('ftp', 'anonymous') OR 'access=anonymous' = ANY(e.argv))`;

/** At least $4 failed FTP logins from the same source on the same host within $5 s before (`$1`: the assessment's partition only, see sshFailureCounted). */
const GUESSED = `((SELECT count(*) FROM log_event f
    WHERE f.assessment_id = $1 AND f.kind = 'ftp_login_failed' AND f.src_ip = e.src_ip
      AND f.host_name IS NOT DISTINCT FROM e.host_name AND f.ts <= e.ts AND f.ts >= e.ts - make_interval(secs => $5)) >= $4)`;

export const ftpExternalLogin = defineEventRule({
  id: 'logs.ftp-external-login',
  title: 'FTP login from the internet',
  stage: stageOfTactic('initial-access'),
  techniques: ['T1133', 'T1078'],
  label: 'FTP login from an external address',
  description:
    'The FTP server (vsftpd "OK LOGIN", proFTPD "Login successful") accepted a login from an address outside the internal ranges: a cleartext service used from the internet. High after at least N failed logins from the same source (a guessed account); anonymous logins low.',
  where: `e.kind = 'ftp_login' AND e.src_ip IS NOT NULL AND NOT (e.src_ip <<= ANY($2::cidr[]))
    AND NOT e.src_ip <<= ANY('{127.0.0.0/8,::1/128}'::cidr[])`,
  thresholds: {
    guessFailures: {
      label: 'Failures before a guessed login',
      default: 8,
      min: 1,
      anchor: 'wazuh 0185-vsftpd_rules.xml 11451 / 0175-proftpd_rules.xml 11251: frequency 8 (as ftp-password-guessing)',
    },
    guessWindowSeconds: {
      label: 'Guessing counted within',
      default: 1800,
      unit: 's',
      min: 5,
      anchor: 'zeek detect-bruteforcing.zeek guessing_timeout = 30 min (as ssh-bruteforce-success)',
    },
  },
  params: ['guessFailures', 'guessWindowSeconds'],
  score: `CASE WHEN ${ANONYMOUS} THEN 0.4 WHEN ${GUESSED} THEN 0.9 ELSE 0.8 END`,
  peer: 'e.src_ip',
  describe: `format('%s from %s', coalesce(e.user_name, '?'), host(e.src_ip))`,
});
