// Defense evasion seen on the host: traces deleted. T1070.004 File Deletion: `shred` of anything,
// or a recursive `rm` of a hidden folder under /tmp, /var/tmp or /dev/shm (where intruders stage
// tools and data); T1070.002 Clear Linux or Mac System Logs: rm/unlink/shred/truncate of files
// under /var/log or /var/spool/mail, or `journalctl --vacuum-*`. Anchors: Sigma "File Deletion"
// (30aed7b6…, informational: every rm, too broad alone), "Clear Linux Logs" (80915f59…, medium),
// Elastic "System Log File Deletion" (docs/ANCHORS.md#indicator-removal). History files are the
// history-clear rule's (T1070.003), so they are left out here. logrotate deletes logs inside its
// own process, not by running rm, so rotation stays quiet. Defense Evasion maps to Exploitation
// (docs/ANCHORS.md#kill-chain-mapping).

import { defineEventRule } from './event-rule';
import { HISTORY_FILE } from './history-clear';
import { CMD, PROG } from './patterns';

const LOGS = `(${PROG} ~ '^(rm|unlink|shred|truncate|srm|wipe)$' AND ${CMD} ~ '(^| |=)(/var/log|/var/spool/mail)(/| |$)')
  OR (${PROG} = 'journalctl' AND ${CMD} ~ ' --vacuum-(size|time|files)')`;
const STAGING = `(${PROG} = 'rm' AND ${CMD} ~ '^\\S+( -[a-zA-Z]*[rR][a-zA-Z]*| --recursive)( |$)' AND ${CMD} ~ '(^| )(/tmp|/var/tmp|/dev/shm)/(\\S*/)?\\.[^./ ][^/ ]*/?( |$)')`;
const SHRED = `(${PROG} IN ('shred', 'srm', 'wipe'))`;

export const indicatorRemoval = defineEventRule({
  id: 'logs.indicator-removal',
  title: 'Files or logs deleted to hide traces',
  stage: 'exploitation',
  techniques: ['T1070.004', 'T1070.002'],
  label: 'Traces deleted',
  description:
    'Logs removed, shredded or truncated (/var/log, /var/spool/mail, journalctl --vacuum; T1070.002), files shredded, or a hidden staging folder under /tmp, /var/tmp or /dev/shm removed recursively (T1070.004). History files are history-clear.',
  // Every branch names its program (LOGS, STAGING, SHRED).
  prefilter: `${PROG} IN ('rm', 'unlink', 'shred', 'truncate', 'srm', 'wipe', 'journalctl')`,
  where: `e.kind IN ('exec', 'priv_cmd', 'sudo', 'cron_run') AND cardinality(e.argv) > 0 AND ${CMD} !~ '${HISTORY_FILE}'
    AND ((${LOGS}) OR ${STAGING} OR ${SHRED})`,
  score: `CASE WHEN ${CMD} ~ '/var/log|/var/spool/mail|journalctl' THEN 0.9 ELSE 0.7 END`,
  technique: `CASE WHEN ${CMD} ~ '/var/log|/var/spool/mail|journalctl' THEN 'T1070.002' ELSE 'T1070.004' END`,
  key: `CASE WHEN ${CMD} ~ '/var/log|/var/spool/mail|journalctl' THEN 'logs' ELSE 'files' END`,
});
