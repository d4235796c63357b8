// C2 seen on the host: auditd `connect` to an external address by a process that has no
// business talking to the Internet (DESIGN detectors table, C2/logs; Sigma network_connection
// "Linux Reverse Shell Indicator", critical; docs/ANCHORS.md#sigma). Shells, netcat, socat
// and interpreters connecting anywhere (even inside: an attacker's box is often internal) are
// high; the web account → medium; other processes low. Resolvers, time sync, package fetchers,
// cloud agents and the transfer tools (their own detectors) are not reported.

import { defineEventRule } from './event-rule';
import { PROG, WEB_USER_RE } from './patterns';

const SHELLISH = `(${PROG} ~ '^(sh|bash|dash|zsh|ksh|busybox|nc|ncat|netcat|nc\\.openbsd|nc\\.traditional|socat|telnet|perl|python[0-9.]*|ruby|php[0-9.]*|lua)$')`;
const ROUTINE = `(${PROG} ~ '^(http|https|apt|apt-get|snapd|chronyd|ntpd|ntpdate|systemd-timesyncd|systemd-resolved|dnsmasq|unbound|named|dhclient|NetworkManager|packagekitd|fwupd|fwupdmgr|update-notifier|cloud-init|amazon-ssm-agent|google_guest_agent|waagent|omsagent|auoms|containerd|dockerd|sshd|ssh|curl|wget|scp|rsync|sftp|yum|dnf|rpm|dpkg|zypper)$')`;

export const externalConnect = defineEventRule({
  id: 'logs.external-connect',
  title: 'Outbound connection by an unusual process',
  stage: 'c2',
  techniques: ['T1071'],
  label: 'Outbound connection',
  description: 'auditd connect() to an external address by a process outside the routine network clients, or by a shell/netcat/interpreter to any address.',
  where: `e.kind = 'connect' AND e.dst_ip IS NOT NULL AND family(e.dst_ip) IN (4, 6) AND NOT e.dst_ip <<= ANY('{127.0.0.0/8,::1/128,169.254.0.0/16}'::cidr[])
    AND (${SHELLISH} OR (NOT (e.dst_ip <<= ANY($2::cidr[])) AND NOT ${ROUTINE}))`,
  score: `CASE WHEN ${SHELLISH} THEN 0.9 WHEN e.euid = 33 OR e.user_name ~ '${WEB_USER_RE}' THEN 0.7 ELSE 0.5 END`,
  peer: 'e.dst_ip',
  key: PROG,
  describe: `format('%s → %s:%s', coalesce(e.exe, e.program, '?'), host(e.dst_ip), coalesce(e.dst_port::text, '?'))`,
});
