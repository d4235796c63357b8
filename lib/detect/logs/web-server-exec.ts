// Exploitation seen on the host: a program started by the web server's account (Sigma
// lnx_auditd_web_rce: execve with euid 33 = www-data, critical) or by a web/application server
// process (Elastic persistence_webserver_suspicious_child_execution;
// docs/ANCHORS.md#elastic-linux, #host-signals). Shells, interpreters and network tools are
// critical; other children (an image converter run by php-fpm) are medium, since web apps
// legitimately run helpers. The parent is found through the auditd `ppid=` of the event
// (stored at ingest; read from the raw record for rows stored before, ./log-events.ts ppidOf).

import { defineEventRule } from './event-rule';
import { CMD, hasLiteral, PROG, SUSPICIOUS_CHILD_RE, WEB_SERVER_PROG_RE, WEB_SERVER_PROGS, WEB_USER_RE } from './patterns';

export const webServerExec = defineEventRule({
  id: 'logs.web-server-exec',
  title: 'Command run by a web server',
  stage: 'exploitation',
  techniques: ['T1505.003', 'T1190', 'T1059'],
  label: 'Web server ran a command',
  description: 'A process executed with the web server’s effective uid or account, or whose parent is a web/application server process.',
  thresholds: {
    webUid: {
      label: 'Web server uid',
      default: 33,
      min: 0,
      anchor: 'sigma lnx_auditd_web_rce.yml: euid=33',
    },
  },
  params: ['webUid'],
  where: `e.kind = 'exec' AND ${PROG} !~ '${WEB_SERVER_PROG_RE}' AND (e.euid = $4 OR e.user_name ~ '${WEB_USER_RE}' OR EXISTS (
      SELECT 1 FROM log_event p WHERE p.assessment_id = $1 AND p.host_name = e.host_name
        AND p.ts BETWEEN e.ts - interval '1 day' AND e.ts
        AND p.pid = e.ppid
        AND CASE WHEN ${hasLiteral(`coalesce(p.exe, p.program, '')`, WEB_SERVER_PROGS)}
                 THEN regexp_replace(coalesce(p.exe, p.program, ''), '^.*/', '') ~ '${WEB_SERVER_PROG_RE}' ELSE FALSE END))`,
  score: `CASE WHEN ${PROG} ~ '${SUSPICIOUS_CHILD_RE}' THEN 0.95 ELSE 0.7 END`,
  describe: `format('%s (as %s)', coalesce(nullif(${CMD}, ''), e.exe), coalesce(e.user_name, e.euid::text, '?'))`,
});
