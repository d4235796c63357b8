// Installation seen on the host: SSH key persistence (T1098.004, ATT&CK AN0350: a write to
// ~/.ssh/authorized_keys; docs/ANCHORS.md#attack-analytics), as a file write/create or a command line
// that appends to the file. Written by a web or service account → high. A command line that only
// carries the text to another host (`ssh host 'cat >> ~/.ssh/authorized_keys'`, sshpass, ssh-copy-id
// on the client) writes nothing here: the write is the other host's, in its own logs. The peer is
// the source of the SSH login that the write came in through (the latest sshd `Accepted` for that
// account on the same host within the minute before, AN0350's 60 s), so the network's flow of that
// session can be found.

import { defineEventRule } from './event-rule';
import { CMD, PROG, SERVICE_USER_RE } from './patterns';

const KEYS = `'/\\.ssh/authorized_keys2?$'`;
/** Programs whose command line runs on another host. */
const REMOTE_CLIENT_RE = '^(ssh|sshpass|ssh-copy-id|dbclient|dropbear|dropbearmulti|plink|autossh|mosh|scp|sftp|rsync)$';

/** The write itself (SQL over `e`): shared with ssh-key-login, which looks for it before a key login. */
export const AUTHORIZED_KEYS_WRITE = `((e.kind IN ('file_write', 'file_create') AND EXISTS (SELECT 1 FROM unnest(e.paths) p WHERE p ~ ${KEYS}))
    OR (e.kind = 'exec' AND ${PROG} !~ '${REMOTE_CLIENT_RE}' AND ${CMD} ~ '(>>?|tee( -a)?) *\\S*\\.ssh/authorized_keys'))`;

/** The account behind an audited event: its name, or the one sshd's session line gives its uid/auid (shared with ssh-key-login). */
export const EVENT_ACCOUNT = `coalesce(e.user_name, (
    SELECT l.user_name FROM log_event l
    WHERE l.assessment_id = $1 AND l.kind = 'login' AND l.host_name IS NOT DISTINCT FROM e.host_name AND l.user_name IS NOT NULL
      AND l.ts <= e.ts AND l.ts >= e.ts - interval '1 day' AND l.raw ~ ('\\(uid=' || coalesce(e.auid, e.uid)::text || '\\)')
    ORDER BY l.ts DESC LIMIT 1))`;

const SESSION_PEER = `(SELECT a.src_ip FROM log_event a
    WHERE a.assessment_id = $1 AND a.kind = 'ssh_accepted' AND a.src_ip IS NOT NULL AND a.host_name IS NOT DISTINCT FROM e.host_name
      AND a.ts <= e.ts AND a.ts >= e.ts - interval '60 seconds' AND a.user_name = ${EVENT_ACCOUNT}
    ORDER BY a.ts DESC LIMIT 1)`;

export const authorizedKeys = defineEventRule({
  id: 'logs.authorized-keys',
  title: 'SSH authorized_keys written',
  stage: 'installation',
  techniques: ['T1098.004'],
  label: 'authorized_keys write',
  description:
    'A file write to an authorized_keys file, or a command line that writes to one on this host (not an ssh client carrying the command to another host); the peer is the SSH session it came through.',
  where: AUTHORIZED_KEYS_WRITE,
  score: `CASE WHEN e.user_name ~ '${SERVICE_USER_RE}' OR e.euid = 33 THEN 0.9 ELSE 0.7 END`,
  peer: SESSION_PEER,
  describe: `format('%s → %s', coalesce(nullif(${CMD}, ''), e.exe, '?'), coalesce(array_to_string(e.paths, ', '), ''))`,
});
