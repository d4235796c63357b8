// Actions on Objectives seen on the host: a transfer tool sending data out (Sigma "Data
// Exfiltration with Wget", medium, T1048.003; scp/rsync to `user@host:`; docs/ANCHORS.md#sigma).
// Admins copy files too: medium, high when a web or service account does it.

import { defineEventRule } from './event-rule';
import { PEER_IN_CMD, PROG, SERVICE_USER_RE } from './patterns';
import { UPLOAD } from './transfer-args';

export const toolUpload = defineEventRule({
  id: 'logs.tool-upload',
  title: 'Upload tool run',
  stage: 'actions',
  techniques: ['T1048.003'],
  label: 'Upload',
  description: 'curl -T/-F/--data @file, wget --post-file, or scp/rsync to a remote host:path.',
  where: `e.kind = 'exec' AND ${UPLOAD}`,
  score: `CASE WHEN e.euid = 33 OR e.user_name ~ '${SERVICE_USER_RE}' THEN 0.9 ELSE 0.7 END`,
  peer: PEER_IN_CMD,
  key: PROG,
});
