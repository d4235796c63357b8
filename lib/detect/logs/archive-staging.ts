// Collection seen on the host: data packed into an archive inside a temporary or hidden folder
// (T1560.001 Archive via Utility, written where intruders stage, T1074.001 Local Data Staging).
// Sigma lnx_auditd_data_compressed (a3b5e3e9…, low) fires on every `tar -c`/`zip`; a backup job
// archiving into its backup folder or to stdout is routine, so this rule only fires when the
// archive it writes is under /tmp, /var/tmp, /dev/shm or in a hidden folder (a backup of dotfiles
// into the home folder is not staging) (docs/ANCHORS.md#sigma). Collection maps
// to Exploitation (docs/ANCHORS.md#kill-chain-mapping). The transfer that may follow is its own
// detection (tool-upload, the network's exfiltration detectors): staging has no peer.

import { defineEventRule } from './event-rule';
import { ARCHIVE_CREATE, CMD, PROG, SERVICE_USER_RE } from './patterns';

/**
 * The archive a command writes: tar's `-f`/`f` argument or `--file=`, zip's first operand, the
 * operand after 7z/rar's `a` command.
 */
const OUTPUT = `CASE WHEN ${PROG} = 'tar' THEN coalesce(substring(${CMD} FROM ' --file[= ](\\S+)'), substring(${CMD} FROM '^\\S+ -?[A-Za-z]*f[A-Za-z]* (\\S+)'),
                                        substring(${CMD} FROM ' -[A-Za-z]*f (\\S+)'))
     WHEN ${PROG} = 'zip' THEN substring(${CMD} FROM '^\\S+(?: -\\S+)* (\\S+)')
     ELSE substring(${CMD} FROM '^\\S+ a(?: -\\S+)* (\\S+)') END`;
const IN_TEMP = `(${OUTPUT} ~ '^(/tmp|/var/tmp|/dev/shm)/')`;
const IN_HIDDEN = `(${OUTPUT} ~ '(^|/)\\.[^./][^/]*(/|$)')`;

export const archiveStaging = defineEventRule({
  id: 'logs.archive-staging',
  title: 'Archive staged in a temporary or hidden folder',
  stage: 'exploitation',
  techniques: ['T1560.001', 'T1074.001'],
  label: 'Archive staged',
  description: 'An archive is created (tar -c, zip, 7z a, rar a) and written under /tmp, /var/tmp, /dev/shm or into a hidden folder or file.',
  where: `e.kind IN ('exec', 'priv_cmd', 'sudo') AND ${ARCHIVE_CREATE} AND (${IN_TEMP} OR ${IN_HIDDEN})`,
  score: `CASE WHEN e.euid = 33 OR e.user_name ~ '${SERVICE_USER_RE}' OR (${IN_HIDDEN} AND ${IN_TEMP}) THEN 0.9 ELSE 0.7 END`,
});
