// Delivery seen in the FTP server's log: a login accepted from an address outside the internal
// ranges. FTP sends the user name and password in clear text; a server that takes logins from the
// internet is an External Remote Service (T1133) used with a Valid Account (T1078) — the same step
// network.exposed-service sees on the wire as an internet session with data both ways to port 21,
// with the same technique, host and peer, so the two merge into one activity. Anchors: Wazuh's
// vsftpd 11402 and proFTPD 11205 "FTP Authentication success" tag T1078; CISA/NSA hardening guides
// list FTP among the cleartext services that must not face the internet (the exposed-service
// list); docs/ANCHORS.md#wazuh, #ftp-logs. A real account is medium; an anonymous login
// (`ftp`/`anonymous`, what a public mirror is for) low. Initial Access → the stage the tactic
// mapping gives (docs/ANCHORS.md#kill-chain-mapping).
import { stageOfTactic } from '../../stages';
import { defineEventRule } from './event-rule';

const ANONYMOUS = `(lower(coalesce(e.user_name, '')) IN ('ftp', 'anonymous') OR 'access=anonymous' = ANY(e.argv))`;

export const ftpExternalLogin = defineEventRule({
  id: 'logs.ftp-external-login',
  title: 'FTP login from the internet',
  stage: stageOfTactic('initial-access'),
  techniques: ['T1133', 'T1078'],
  label: 'FTP login from an external address',
  description:
    'The FTP server (vsftpd "OK LOGIN", proFTPD "Login successful") accepted a login from an address outside the internal ranges: a cleartext service used from the internet. Anonymous logins are low.',
  where: `e.kind = 'ftp_login' AND e.src_ip IS NOT NULL AND NOT (e.src_ip <<= ANY($2::cidr[]))
    AND NOT e.src_ip <<= ANY('{127.0.0.0/8,::1/128}'::cidr[])`,
  score: `CASE WHEN ${ANONYMOUS} THEN 0.4 ELSE 0.8 END`,
  peer: 'e.src_ip',
  describe: `format('%s from %s', coalesce(e.user_name, '?'), host(e.src_ip))`,
});
