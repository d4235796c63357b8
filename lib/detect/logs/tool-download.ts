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
// client's rsync/scp. A fetch of the same URL repeated at least `repeatRuns` times within the
// hour around it is polling, not a delivery: command-beacon judges the series (C2 or routine).

import { defineEventRule } from './event-rule';
import { CMD, IPV4_RE, internalHostSql, PEER_IN_CMD, PROG, REMOTE_HOST_IN_CMD, WEB_USER_RE } from './patterns';
import { DOWNLOAD_TOOL, SERVER_SIDE, UPLOAD } from './transfer-args';

const PIPE_TO_SHELL = `(${PROG} ~ '^(ba|da|z)?sh$' AND ${CMD} ~ '(curl|wget) .*\\| *(sudo +)?(ba|da|z)?sh')`;
const RISKY = `(e.euid = 33 OR e.user_name ~ '${WEB_USER_RE}' OR ${CMD} ~ '(^| |=)(/tmp|/var/tmp|/dev/shm)/' OR ${PIPE_TO_SHELL})`;
const DISCARDED = `(${CMD} ~ '( -[a-zA-Z]*o|--output|-O|--output-document(=| )?) */dev/null( |$)' OR ${CMD} ~ ' --spider( |$)' OR (${PROG} = 'curl' AND ${CMD} ~ ' (-I|--head)( |$)'))`;
const BARE_IP = `(${REMOTE_HOST_IN_CMD} ~ '^${IPV4_RE}$')`;
/** The URL without its query string (or the remote host of scp/rsync). */
const TARGET = `coalesce(substring(${CMD} FROM '([a-z]+://[^ ?#]+)'), ${REMOTE_HOST_IN_CMD})`;
const REPEATED = `(${TARGET} IS NOT NULL AND (
    SELECT count(*) FROM log_event o
    WHERE o.assessment_id = $1 AND o.kind = 'exec' AND o.host_name IS NOT DISTINCT FROM e.host_name AND o.id <> e.id
      AND o.ts BETWEEN e.ts - interval '1 hour' AND e.ts + interval '1 hour'
      AND strpos(array_to_string(o.argv, ' '), ${TARGET}) > 0) >= $4)`;

export const toolDownload = defineEventRule({
  id: 'logs.tool-download',
  title: 'Download tool run',
  stage: 'delivery',
  techniques: ['T1105'],
  label: 'Download',
  description:
    'curl, wget, scp, rsync, sftp, tftp or ftp fetching something from outside into /tmp-like folders, by the web account, from a bare IP address, or piped into a shell. Output thrown away, copies from internal hosts, uploads and the server side of a remote rsync/scp are not downloads.',
  thresholds: {
    repeatRuns: {
      label: 'Fetches of the same URL within the hour that make it polling',
      default: 4,
      min: 1,
      anchor: 'RITA unique_connection_threshold 4 (docs/ANCHORS.md#rita-beacon)',
    },
  },
  params: ['repeatRuns'],
  where: `e.kind = 'exec' AND ((${DOWNLOAD_TOOL} AND NOT ${UPLOAD} AND NOT ${SERVER_SIDE} AND NOT ${DISCARDED}
      AND NOT ${internalHostSql(REMOTE_HOST_IN_CMD)} AND (${RISKY} OR ${BARE_IP}) AND NOT ${REPEATED}) OR ${PIPE_TO_SHELL})`,
  score: `CASE WHEN ${RISKY} THEN 0.9 ELSE 0.7 END`,
  peer: PEER_IN_CMD,
  key: PROG,
});
