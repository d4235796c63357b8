// Collection seen on the host: a whole database dumped by its client tool (T1005 Data from Local
// System): pg_dump, pg_dumpall, mysqldump, mariadb-dump, mongodump, mongoexport, or a client
// running `COPY … TO`, `\copy … to` or `SELECT … INTO OUTFILE`. Collection maps to Exploitation
// in the default kill-chain mapping (docs/ANCHORS.md#kill-chain-mapping). Anchors: ATT&CK T1005
// procedure examples and Sigma's Linux process-creation rules for database clients
// (docs/ANCHORS.md#database-dump). A scheduled backup is routine: a dump with no login uid (a
// systemd timer, a daemon) or the login uid of a system account (postgres's or root's cron job,
// below login.defs UID_MIN 1000) stays quiet; one typed in a person's login session or through
// sudo, or found in a shell history file, fires; high when it writes into a temporary or hidden folder.

import { defineEventRule } from './event-rule';
import { CMD, HIDDEN_PATH_IN_CMD, HUMAN_LOGIN_UID, hasLiteral, TEMP_PATH_IN_CMD, WEB_USER_RE } from './patterns';

const DUMP_TOOL = `(${CMD} ~ '(^|[ /])(pg_dump|pg_dumpall|mysqldump|mariadb-dump|mongodump|mongoexport)( |$)')`;
const COPY_OUT = `(${CMD} ~ '(^|[ /])(psql|mysql|mariadb)( |$)' AND ${CMD} ~* '(\\\\?copy .* to |into outfile)')`;
/** Interactive: sudo's own line, or an audited exec in a person's login session. */
const INTERACTIVE = `(e.kind = 'sudo' OR (e.kind IN ('exec', 'priv_cmd') AND ${HUMAN_LOGIN_UID}))`;

export const databaseDump = defineEventRule({
  id: 'logs.database-dump',
  title: 'Database dumped',
  stage: 'exploitation',
  techniques: ['T1005'],
  label: 'Database dump',
  description:
    "pg_dump, pg_dumpall, mysqldump, mariadb-dump, mongodump or mongoexport (or COPY … TO / INTO OUTFILE through a client) run in a person's login session or through sudo. Scheduled dumps (system accounts' cron jobs, timers, no login uid) stay quiet.",
  // The tools' names: `dump` (pg_dump, mysqldump, mariadb-dump, mongodump), mongoexport, the clients.
  prefilter: hasLiteral(CMD, ['dump', 'mongoexport', 'psql', 'mysql', 'mariadb']),
  where: `e.kind IN ('exec', 'priv_cmd', 'sudo') AND (${DUMP_TOOL} OR ${COPY_OUT}) AND ${INTERACTIVE}`,
  score: `CASE WHEN ${TEMP_PATH_IN_CMD} OR ${HIDDEN_PATH_IN_CMD} OR e.euid = 33 OR e.user_name ~ '${WEB_USER_RE}' THEN 0.9 ELSE 0.7 END`,
  describe: `format('%s (%s)', ${CMD}, coalesce(e.user_name, 'auid ' || e.auid::text, '?'))`,
});
