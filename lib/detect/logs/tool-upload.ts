// Actions on Objectives seen on the host: a transfer tool sending data out (Sigma "Data
// Exfiltration with Wget", medium, T1048.003; scp/rsync to `user@host:`; docs/ANCHORS.md#sigma).
// Admins copy files too: medium, high when a web or service account does it. When the same host
// ran commands naming the same address at least `c2Runs` times within the hour around the upload
// (it beacons there: command-beacon), the upload is Exfiltration Over C2 Channel (T1041; ATT&CK
// AN0989, RITA unique_connection_threshold 4; docs/ANCHORS.md#attack-analytics, #rita-beacon).

import { defineEventRule } from './event-rule';
import { PEER_IN_CMD, PROG, SERVICE_USER_RE } from './patterns';
import { UPLOAD } from './transfer-args';

const OVER_C2 = `(${PEER_IN_CMD} IS NOT NULL AND (
    SELECT count(*) FROM log_event o
    WHERE o.assessment_id = $1 AND o.kind IN ('exec', 'cron_run') AND o.host_name IS NOT DISTINCT FROM e.host_name AND o.id <> e.id
      AND o.ts BETWEEN e.ts - interval '1 hour' AND e.ts + interval '1 hour'
      AND strpos(array_to_string(o.argv, ' '), host(${PEER_IN_CMD})) > 0) >= $4)`;

export const toolUpload = defineEventRule({
  id: 'logs.tool-upload',
  title: 'Upload tool run',
  stage: 'actions',
  techniques: ['T1048.003', 'T1041'],
  label: 'Upload',
  description:
    'curl -T/-F/--data @file, wget --post-file, or scp/rsync to a remote host:path; over the C2 channel (T1041) when the host keeps reaching that address.',
  thresholds: {
    c2Runs: {
      label: 'Other commands to the same address that make it a C2 channel',
      default: 4,
      min: 1,
      anchor: 'RITA unique_connection_threshold 4 (docs/ANCHORS.md#rita-beacon)',
    },
  },
  params: ['c2Runs'],
  where: `e.kind = 'exec' AND ${UPLOAD}`,
  score: `CASE WHEN e.euid = 33 OR e.user_name ~ '${SERVICE_USER_RE}' THEN 0.9 ELSE 0.7 END`,
  technique: `CASE WHEN ${OVER_C2} THEN 'T1041' ELSE 'T1048.003' END`,
  peer: PEER_IN_CMD,
  key: PROG,
});
