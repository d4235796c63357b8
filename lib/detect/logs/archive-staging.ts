// Collection seen on the host: data packed into an archive inside a temporary or hidden folder
// (T1560.001 Archive via Utility, written where intruders stage, T1074.001 Local Data Staging).
// Sigma lnx_auditd_data_compressed (a3b5e3e9…, low) fires on every `tar -c`/`zip`; a backup job
// archiving into its backup folder or to stdout is routine, so this rule only fires when the
// command names /tmp, /var/tmp, /dev/shm or a hidden path (docs/ANCHORS.md#sigma). Collection maps
// to Exploitation (docs/ANCHORS.md#kill-chain-mapping). The transfer that may follow is its own
// detection (tool-upload, the network's exfiltration detectors): staging has no peer.

import { defineEventRule } from './event-rule';
import { ARCHIVE_CREATE, HIDDEN_PATH_IN_CMD, SERVICE_USER_RE, TEMP_PATH_IN_CMD } from './patterns';

export const archiveStaging = defineEventRule({
  id: 'logs.archive-staging',
  title: 'Archive staged in a temporary or hidden folder',
  stage: 'exploitation',
  techniques: ['T1560.001', 'T1074.001'],
  label: 'Archive staged',
  description: 'An archive is created (tar -c, zip, 7z a, rar a) with a path under /tmp, /var/tmp, /dev/shm or a hidden folder on its command line.',
  where: `e.kind IN ('exec', 'priv_cmd', 'sudo') AND ${ARCHIVE_CREATE} AND (${TEMP_PATH_IN_CMD} OR ${HIDDEN_PATH_IN_CMD})`,
  score: `CASE WHEN e.euid = 33 OR e.user_name ~ '${SERVICE_USER_RE}' OR (${HIDDEN_PATH_IN_CMD} AND ${TEMP_PATH_IN_CMD}) THEN 0.9 ELSE 0.7 END`,
});
