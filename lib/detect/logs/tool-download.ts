// Delivery seen on the host: a download tool run (Sigma "Remote File Copy", low, T1105;
// ATT&CK AN0166; docs/ANCHORS.md#sigma, #attack-analytics). Routine use is low. High when the web
// account runs it (the classic second step of a web exploit), when it saves into /tmp, /var/tmp or
// /dev/shm (Sigma "Wget creating files in /tmp"), or pipes straight into a shell. Server-side
// rsync/scp (started by sshd for a remote client, e.g. a backup pull) is the other end's transfer.

import { defineEventRule } from './event-rule';
import { CMD, PEER_IN_CMD, PROG, WEB_USER_RE } from './patterns';
import { DOWNLOAD_TOOL, SERVER_SIDE, UPLOAD } from './transfer-args';

const PIPE_TO_SHELL = `(${PROG} ~ '^(ba|da|z)?sh$' AND ${CMD} ~ '(curl|wget) .*\\| *(sudo +)?(ba|da|z)?sh')`;
const RISKY = `(e.euid = 33 OR e.user_name ~ '${WEB_USER_RE}' OR ${CMD} ~ '(^| |=)(/tmp|/var/tmp|/dev/shm)/' OR ${PIPE_TO_SHELL})`;

export const toolDownload = defineEventRule({
  id: 'logs.tool-download',
  title: 'Download tool run',
  stage: 'delivery',
  techniques: ['T1105'],
  label: 'Download',
  description:
    "curl, wget, scp, rsync, sftp, tftp or ftp fetching something (not an upload, not the server side of a remote client's rsync/scp), or a download piped into a shell.",
  where: `e.kind = 'exec' AND ((${DOWNLOAD_TOOL} AND NOT ${UPLOAD} AND NOT ${SERVER_SIDE}) OR ${PIPE_TO_SHELL})`,
  score: `CASE WHEN ${RISKY} THEN 0.9 ELSE 0.4 END`,
  peer: PEER_IN_CMD,
  key: PROG,
});
