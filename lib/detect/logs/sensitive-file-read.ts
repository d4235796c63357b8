// Credential access seen on the host: reading /etc/shadow or /etc/gshadow (T1003.008), SSH
// private keys (T1552.004) or files that hold passwords and tokens (T1552.001: `.pgpass`,
// `.my.cnf`, application `.env` files (also named `app.env`, `prod.env`: docker compose `env_file`), `wp-config.php`, cloud and tool credentials such as
// `~/.aws/credentials`, `~/.docker/config.json`, `~/.kube/config`, `.netrc`, `.git-credentials`)
// outside the programs whose job that is. Credential Access maps to Exploitation in the default
// kill-chain mapping (docs/ANCHORS.md#kill-chain-mapping). Anchors: laurel `wr_passwd` watches,
// Wazuh 80792 audit-key "read" commands, beats test.log `sudo cat /etc/shadow`, Splunk "Linux
// Auditd Possible Access To Credential Files" (cat/vi/nano of credential files), ATT&CK T1552.001
// examples (docs/ANCHORS.md#wazuh, #laurel, #credential-files). One detection per technique, so
// a shadow read and a `.env` read in the same minute both keep their technique.

import { defineEventRule } from './event-rule';
import { CMD, hasLiteral, SERVICE_USER_RE } from './patterns';

const SHADOW = `(/etc/g?shadow-?|/etc/master\\.passwd)`;
const KEY = `(\\S*/\\.ssh/id_(rsa|dsa|ecdsa|ed25519))`;
/** Files that hold application or tool credentials in clear (T1552.001). */
const SECRET = `((\\S*/)?\\.pgpass|(\\S*/)?\\.my\\.cnf|/etc/mysql/debian\\.cnf|(\\S*/)?[A-Za-z0-9_-]*\\.env(\\.[a-z]+)?|(\\S*/)?wp-config\\.php|(\\S*/)?\\.aws/credentials|(\\S*/)?\\.config/gcloud/(credentials\\.db|application_default_credentials\\.json)|(\\S*/)?\\.azure/accessTokens\\.json|(\\S*/)?\\.docker/config\\.json|(\\S*/)?\\.kube/config|(\\S*/)?\\.netrc|(\\S*/)?\\.git-credentials)`;
const ANY = `(${SHADOW}|${KEY}|${SECRET})`;
/** A literal each alternative of ANY contains. */
const ANY_LITERALS = [
  'shadow',
  '/etc/master.passwd',
  '/etc/mysql/debian.cnf',
  '/.ssh/id_',
  '.pgpass',
  '.my.cnf',
  '.env',
  'wp-config.php',
  '.aws/credentials',
  '.config/gcloud/',
  '.azure/accessTokens.json',
  '.docker/config.json',
  '.kube/config',
  '.netrc',
  '.git-credentials',
];
const SENSITIVE = `'^${ANY}$'`;
const SENSITIVE_IN_CMD = `'(^| |=)${ANY}( |$)'`;
/**
 * Programs that read these files as their job: authentication and account tools, package
 * scripts, and the clients and applications the credential files are written for.
 */
const OWNERS = `'^(passwd|useradd|usermod|userdel|groupadd|groupmod|chage|chpasswd|newusers|pwck|grpck|vipw|unix_chkpwd|sshd|sshd-session|ssh|ssh-add|ssh-keygen|login|su|sudo|cron|crond|nscd|sssd|gdm.*|lightdm|polkitd|accounts-daemon|dpkg|rpm|systemd.*|shadowconfig|psql|pg_dump|pg_dumpall|pg_restore|mysql|mysqldump|mariadb|mariadb-dump|php[0-9.]*|php-fpm[0-9.]*|node|aws|gcloud|az|docker|dockerd|kubectl|git|git-credential-.*)$'`;

/** sudo's own records name sudo as exe; the program that reads is the command it ran. */
const ACTOR = `regexp_replace(coalesce(CASE WHEN e.kind IN ('priv_cmd', 'sudo') THEN e.argv[1] END, e.exe, e.argv[1], e.program, ''), '^.*/', '')`;
const TEXT = `(coalesce(${CMD}, '') || ' ' || array_to_string(e.paths, ' '))`;

export const sensitiveFileRead = defineEventRule({
  id: 'logs.sensitive-file-read',
  title: 'Sensitive file read',
  stage: 'exploitation',
  techniques: ['T1003.008', 'T1552.001', 'T1552.004'],
  label: 'Sensitive file read',
  description:
    '/etc/shadow or /etc/gshadow (T1003.008), an SSH private key (T1552.004) or a credentials file such as .pgpass, .my.cnf, .env, wp-config.php or cloud credentials (T1552.001) read (audited open, or named on a command line) by a program that does not own it.',
  // The owner test only on rows the kind and the file pattern let through: it is a slow regex
  // (its `.*` alternatives), and PostgreSQL would run it first on every row were it an AND of
  // its own (it costs less than the EXISTS), or factored out of the two branches of an OR.
  prefilter: `(e.kind IN ('exec', 'priv_cmd', 'sudo') AND ${hasLiteral(CMD, ANY_LITERALS)}) OR e.kind IN ('audit', 'file_write')`,
  where: `CASE WHEN (e.kind IN ('exec', 'priv_cmd', 'sudo') AND ${CMD} ~ ${SENSITIVE_IN_CMD})
      OR (e.kind IN ('audit', 'file_write') AND EXISTS (SELECT 1 FROM unnest(e.paths) p WHERE p ~ ${SENSITIVE}))
    THEN ${ACTOR} !~ ${OWNERS} ELSE FALSE END`,
  score: `CASE WHEN e.euid = 33 OR e.user_name ~ '${SERVICE_USER_RE}' THEN 0.9 ELSE 0.7 END`,
  technique: `CASE WHEN ${TEXT} ~ '(^| |=)${SHADOW}( |$)' THEN 'T1003.008' WHEN ${TEXT} ~ '\\.ssh/id_' THEN 'T1552.004' ELSE 'T1552.001' END`,
  key: `CASE WHEN ${TEXT} ~ '(^| |=)${SHADOW}( |$)' THEN 'T1003.008' WHEN ${TEXT} ~ '\\.ssh/id_' THEN 'T1552.004' ELSE 'T1552.001' END`,
});
