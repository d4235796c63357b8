// Credential access seen on the host: reading /etc/shadow or /etc/gshadow (T1003.008) or SSH
// private keys (T1552.004) outside the programs whose job that is. Credential Access maps to
// Exploitation in the default kill-chain mapping (docs/ANCHORS.md#kill-chain-mapping). Anchors:
// laurel `wr_passwd` watches, Wazuh 80792 audit-key "read" commands, beats test.log `sudo cat
// /etc/shadow` (docs/ANCHORS.md#wazuh, #laurel).

import { defineEventRule } from './event-rule';
import { CMD, SERVICE_USER_RE } from './patterns';

const SENSITIVE = `'^(/etc/g?shadow-?|/etc/master\\.passwd|.*/\\.ssh/id_(rsa|dsa|ecdsa|ed25519))$'`;
const SENSITIVE_IN_CMD = `'(^| |=)(/etc/g?shadow|/etc/master\\.passwd|\\S*/\\.ssh/id_(rsa|dsa|ecdsa|ed25519))( |$)'`;
/** Programs that read these files as their job: authentication, account tools, package scripts. */
const OWNERS = `'^(passwd|useradd|usermod|userdel|groupadd|groupmod|chage|chpasswd|newusers|pwck|grpck|vipw|unix_chkpwd|sshd|sshd-session|ssh|ssh-add|ssh-keygen|login|su|sudo|cron|crond|nscd|sssd|gdm.*|lightdm|polkitd|accounts-daemon|dpkg|rpm|systemd.*|shadowconfig)$'`;

/** sudo's own records name sudo as exe; the program that reads is the command it ran. */
const ACTOR = `regexp_replace(coalesce(CASE WHEN e.kind IN ('priv_cmd', 'sudo') THEN e.argv[1] END, e.exe, e.argv[1], e.program, ''), '^.*/', '')`;

export const sensitiveFileRead = defineEventRule({
  id: 'logs.sensitive-file-read',
  title: 'Sensitive file read',
  stage: 'exploitation',
  techniques: ['T1003.008', 'T1552.004'],
  label: 'Sensitive file read',
  description: '/etc/shadow, /etc/gshadow or an SSH private key read (audited open, or named on a command line) by a program that does not own it.',
  where: `${ACTOR} !~ ${OWNERS} AND (
      (e.kind IN ('exec', 'priv_cmd', 'sudo') AND ${CMD} ~ ${SENSITIVE_IN_CMD})
      OR (e.kind IN ('audit', 'file_write') AND EXISTS (SELECT 1 FROM unnest(e.paths) p WHERE p ~ ${SENSITIVE})))`,
  score: `CASE WHEN e.euid = 33 OR e.user_name ~ '${SERVICE_USER_RE}' THEN 0.9 ELSE 0.7 END`,
  technique: `CASE WHEN coalesce(${CMD}, '') || array_to_string(e.paths, ' ') ~ '\\.ssh/id_' THEN 'T1552.004' ELSE 'T1003.008' END`,
  key: `coalesce(e.user_name, '')`,
});
