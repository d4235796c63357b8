// Delivery seen on the host: a download tool fetching something from outside (Sigma "Remote File
// Copy", low, T1105; ATT&CK AN0166; docs/ANCHORS.md#sigma, #attack-analytics). Routine fetches
// (a user's curl of a web page, a script pulling a release from a named site) are the host's
// normal life, so a download is reported only when something about it is unusual: the web
// account runs it (the classic second step of a web exploit), it saves into /tmp, /var/tmp or
// /dev/shm (Sigma "Wget creating files in /tmp"), it pipes straight into a shell → high; or it
// fetches from a bare external IP address, not a name → medium. Not downloads at all: output
// thrown away (`-o /dev/null`, `--spider`, `-I`: a request, which command-beacon judges when it
// repeats), copies from inside the network (scp/rsync from an internal address or bare host
// name: a backup or an admin's copy, not ingress tool transfer), and the server side of a remote
// client's rsync/scp.

import { defineEventRule } from './event-rule';
import { CMD, IPV4_RE, internalHostSql, PEER_IN_CMD, PROG, REMOTE_HOST_IN_CMD, WEB_USER_RE } from './patterns';
import { DOWNLOAD_TOOL, SERVER_SIDE, UPLOAD } from './transfer-args';

const PIPE_TO_SHELL = `(${PROG} ~ '^(ba|da|z)?sh$' AND ${CMD} ~ '(curl|wget) .*\\| *(sudo +)?(ba|da|z)?sh')`;
const RISKY = `(e.euid = 33 OR e.user_name ~ '${WEB_USER_RE}' OR ${CMD} ~ '(^| |=)(/tmp|/var/tmp|/dev/shm)/' OR ${PIPE_TO_SHELL})`;
const DISCARDED = `(${CMD} ~ '( -[a-zA-Z]*o|--output|-O|--output-document(=| )?) */dev/null( |$)' OR ${CMD} ~ ' --spider( |$)' OR (${PROG} = 'curl' AND ${CMD} ~ ' (-I|--head)( |$)'))`;
const BARE_IP = `(${REMOTE_HOST_IN_CMD} ~ '^${IPV4_RE}$')`;

export const toolDownload = defineEventRule({
  id: 'logs.tool-download',
  title: 'Download tool run',
  stage: 'delivery',
  techniques: ['T1105'],
  label: 'Download',
  description:
    'curl, wget, scp, rsync, sftp, tftp or ftp fetching something from outside into /tmp-like folders, by the web account, from a bare IP address, or piped into a shell. Output thrown away, copies from internal hosts, uploads and the server side of a remote rsync/scp are not downloads.',
  where: `e.kind = 'exec' AND ((${DOWNLOAD_TOOL} AND NOT ${UPLOAD} AND NOT ${SERVER_SIDE} AND NOT ${DISCARDED}
      AND NOT ${internalHostSql(REMOTE_HOST_IN_CMD)} AND (${RISKY} OR ${BARE_IP})) OR ${PIPE_TO_SHELL})`,
  score: `CASE WHEN ${RISKY} THEN 0.9 ELSE 0.7 END`,
  peer: PEER_IN_CMD,
  key: PROG,
});
