// Collection seen on the host: staged data pulled from another internal host (T1074.002 Remote
// Data Staging): scp, rsync or sftp copying from `[user@]host:path` where the host is inside the
// network and the path is where intruders stage — /tmp, /var/tmp, /dev/shm or a hidden folder
// (a dump or archive left there by an earlier step). Internal copies of ordinary paths (a backup
// pulling /var/www or /etc/nginx) are routine and stay quiet; copies from outside are
// tool-download's (T1105). Anchors: Sigma "Remote File Copy" (scp/rsync/sftp with `user@host:`,
// low) narrowed by the staging paths of archive-staging (docs/ANCHORS.md#sigma). Collection maps
// to Exploitation (docs/ANCHORS.md#kill-chain-mapping).

import { defineEventRule } from './event-rule';
import { CMD, internalHostSql, PEER_IN_CMD, PROG, REMOTE_HOST_IN_CMD } from './patterns';
import { SERVER_SIDE, UPLOAD } from './transfer-args';

/** The remote path of a `host:path` argument sits in a temporary or hidden folder. */
const STAGED_REMOTE = `(${CMD} ~ '(^| )([^ @/:]+@)?[^ @/:=-][^ @/:=]*:(/tmp|/var/tmp|/dev/shm)/' OR ${CMD} ~ '(^| )([^ @/:]+@)?[^ @/:=-][^ @/:=]*:\\S*/\\.[^./ ][^/ ]*')`;

export const remoteStaging = defineEventRule({
  id: 'logs.remote-staging',
  title: 'Staged data pulled from an internal host',
  stage: 'exploitation',
  techniques: ['T1074.002'],
  label: 'Staged data pulled',
  description:
    'scp, rsync or sftp copying from an internal host a file under /tmp, /var/tmp, /dev/shm or a hidden folder there. Backups of ordinary paths stay quiet.',
  where: `e.kind IN ('exec', 'sudo') AND ${PROG} ~ '^(scp|rsync|sftp)$' AND NOT ${UPLOAD} AND NOT ${SERVER_SIDE}
    AND ${STAGED_REMOTE} AND ${internalHostSql(REMOTE_HOST_IN_CMD)}`,
  score: '0.8',
  peer: PEER_IN_CMD,
  key: PROG,
});
