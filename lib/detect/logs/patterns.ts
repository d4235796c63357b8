// SQL fragments over the log events `e` shared by the log rules (the rows of ./log-events.ts,
// whose `cmd` and `prog` are computed once per row). Constants only: values travel as bind
// parameters.

/** The command line as one string (auditd EXECVE argv, sudo COMMAND, cron CMD): cmdOf, ./log-events.ts. */
export const CMD = 'e.cmd';

/** The program's file name: exe basename, else argv[0]'s (progOf, ./log-events.ts). */
export const PROG = 'e.prog';

/**
 * Whether `expr` contains one of `literals` (strpos: `%` and `_` are plain characters). A cheap
 * first test before a regex whose every match contains one of them (an event rule's `prefilter`):
 * PostgreSQL's regex engine costs tens of microseconds a row on long alternations.
 */
export function hasLiteral(expr: string, literals: readonly string[]): string {
  return `(${literals.map((l) => `strpos(${expr}, '${l.replaceAll("'", "''")}') > 0`).join(' OR ')})`;
}

/**
 * Web-server and application-server accounts (Sigma lnx_auditd_web_rce keys on euid 33 =
 * www-data on Debian; apache/nginx/httpd/tomcat are the RHEL and package names).
 */
export const WEB_USER_RE = '^(www-data|apache|apache2|nginx|httpd|lighttpd|caddy|tomcat[0-9]*|jetty|wildfly|jboss|php-fpm)$';

/** Service accounts that should never need sudo/su: the web accounts plus common daemons. */
export const SERVICE_USER_RE =
  '^(www-data|apache|apache2|nginx|httpd|lighttpd|caddy|tomcat[0-9]*|jetty|wildfly|jboss|nobody|daemon|mysql|postgres|redis|mongodb|named|bind|ftp|mail|postfix|elasticsearch|solr|node)$';

/** Package managers: their writes to cron/systemd/module paths are installs, not persistence. */
export const PKG_PROG_RE = '^(dpkg|apt|apt-get|aptitude|unattended-upgr.*|rpm|yum|dnf|zypper|packagekitd|snapd|snap|pacman|apk)$';

/** Shells, interpreters and network tools: what an exploited service spawns (docs/ANCHORS.md#host-signals). */
export const SUSPICIOUS_CHILD_RE =
  '^(sh|bash|dash|zsh|ksh|busybox|curl|wget|nc|ncat|netcat|nc\\.openbsd|nc\\.traditional|socat|python[0-9.]*|perl|ruby|php[0-9.]*|lua|whoami|id|uname|hostname|base64|telnet|ssh|scp|chmod)$';

/** Web and application servers as parent processes (Elastic webserver child rule, docs/ANCHORS.md#elastic-linux). */
export const WEB_SERVER_PROG_RE =
  '^(nginx|apache2|httpd|caddy|uwsgi|php-cgi|php-fcgi|php-fpm[0-9.]*|varnishd|uvicorn|gunicorn|lighttpd|java|node|tomcat[0-9]*)$';
/** The names of WEB_SERVER_PROG_RE as literals (one in each of its matches; hasLiteral). */
export const WEB_SERVER_PROGS = [
  'nginx',
  'apache2',
  'httpd',
  'caddy',
  'uwsgi',
  'php-cgi',
  'php-fcgi',
  'php-fpm',
  'varnishd',
  'uvicorn',
  'gunicorn',
  'lighttpd',
  'java',
  'node',
  'tomcat',
];

/** Transfer tools (Sigma Remote File Copy, T1105; docs/ANCHORS.md#sigma). */
export const TRANSFER_PROG_RE = '^(curl|wget|scp|rsync|sftp|ftp|tftp|lftp|nc|ncat|netcat|socat)$';

/** First dotted IPv4 address in a text (one capture group around the whole address, so `substring` returns it). */
export const IPV4_RE = '(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))';

/** The first IPv4 address named in the command line (URL host, `user@host:`, nc argument), as inet. */
export const PEER_IN_CMD = `(substring(${CMD} FROM '(?:^|[/@ :=])${IPV4_RE}'))::inet`;

/** An archive being created: tar -c/--create, zip, 7z, rar (Sigma lnx_auditd_data_compressed, T1560.001; docs/ANCHORS.md#sigma). */
export const ARCHIVE_CREATE = `(${PROG} ~ '^(zip|7z|7za|7zr|rar)$' OR (${PROG} = 'tar' AND (${CMD} ~ ' --create' OR ${CMD} ~ '^\\S+ -?[A-Za-z]*c[A-Za-z]*( |$)')))`;

/** A path argument under a world-writable temporary folder (/tmp, /var/tmp, /dev/shm). */
export const TEMP_PATH_IN_CMD = `(${CMD} ~ '(^| |=|@)(/tmp|/var/tmp|/dev/shm)/')`;

/** A path argument with a hidden component (`/.name`, not `/./` or `/../`): where intruders stage. */
export const HIDDEN_PATH_IN_CMD = `(${CMD} ~ '(^| |=|@)\\S*/\\.[^./ ][^/ ]*')`;

/**
 * A command a person typed, as their shell's history file recorded it (lib/ingest/logs/shell-history.ts):
 * no audit record, no exe, the history named as the program.
 */
export const TYPED_IN_SHELL = `(e.kind = 'exec' AND e.exe IS NULL AND e.program IN ('bash_history', 'zsh_history', 'fish_history'))`;

/**
 * A person's command: auditd's login uid at or above login.defs UID_MIN (1000), or a line of a
 * shell history (only interactive shells write one). Unset auid (daemons, timers) is stored as
 * NULL; system accounts (below 1000) run cron jobs and services.
 */
export const HUMAN_LOGIN_UID = `((e.auid IS NOT NULL AND e.auid >= 1000) OR ${TYPED_IN_SHELL})`;

/**
 * The remote host of an scp/rsync/sftp argument `[user@]host:path`, or the host of a URL; NULL
 * when the command names none.
 */
export const REMOTE_HOST_IN_CMD = `coalesce(substring(${CMD} FROM '[a-z]+://(?:[^@/ ]+@)?([^/:? ]+)'), substring(${CMD} FROM '(?:^| )(?:[^ @/:]+@)?([^ @/:=-][^ @/:=]*):'))`;

/**
 * Whether a remote host named on a command line is inside the network: an address in the
 * internal ranges (`$2`), localhost, or a bare name without a dot (resolved by the local search
 * domain). Unknown (no host named) is not internal.
 */
export function internalHostSql(host: string): string {
  return `(CASE WHEN ${host} IS NULL THEN FALSE
    WHEN ${host} ~ '^${IPV4_RE}$' THEN (${host})::inet <<= ANY($2::cidr[]) OR (${host})::inet <<= '127.0.0.0/8'::cidr
    ELSE lower(${host}) IN ('localhost', 'ip6-localhost') OR ${host} !~ '\\.' END)`;
}

/**
 * An `ssh_failed` event (alias `f`, a `log_event` row of the assessment `$1`) that is an attempt
 * of its own: pam_unix's "authentication failure" line is logged by the same sshd process just
 * before its "Failed password" line for the same try, so it counts only when that sshd process
 * logged no other failure around it (hydra's 19 tries are 19 failures, not 23). The subquery
 * names the assessment as `$1`, not as `f`'s column: PostgreSQL then reads only the
 * assessment's partition, instead of opening (and locking, until the analysis commits) every
 * assessment's, which made another assessment's upload wait at its ATTACH for the whole analysis.
 */
export function sshFailureCounted(f: string): string {
  return `NOT (${f}.raw ~ 'pam_unix\\(sshd:auth\\): authentication failure' AND ${f}.pid IS NOT NULL AND EXISTS (
    SELECT 1 FROM log_event g
    WHERE g.assessment_id = $1 AND g.host_name IS NOT DISTINCT FROM ${f}.host_name AND g.pid = ${f}.pid
      AND g.kind = 'ssh_failed' AND g.id <> ${f}.id AND g.ts BETWEEN ${f}.ts - interval '30 seconds' AND ${f}.ts + interval '30 seconds'
      AND g.raw !~ 'pam_unix\\(sshd:auth\\)'))`;
}
