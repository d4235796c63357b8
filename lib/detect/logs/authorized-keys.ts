// Installation seen on the host: SSH key persistence (T1098.004, ATT&CK AN0350: a write to
// ~/.ssh/authorized_keys; docs/ANCHORS.md#attack-analytics), as a file write/create or a command line
// that appends to the file. Written by a web or service account → high.

import { defineEventRule } from './event-rule';
import { CMD, SERVICE_USER_RE } from './patterns';

const KEYS = `'/\\.ssh/authorized_keys2?$'`;

export const authorizedKeys = defineEventRule({
  id: 'logs.authorized-keys',
  title: 'SSH authorized_keys written',
  stage: 'installation',
  techniques: ['T1098.004'],
  label: 'authorized_keys write',
  description: 'A file write to an authorized_keys file, or a command line that writes to one.',
  where: `(e.kind IN ('file_write', 'file_create') AND EXISTS (SELECT 1 FROM unnest(e.paths) p WHERE p ~ ${KEYS}))
    OR (e.kind = 'exec' AND ${CMD} ~ '(>>?|tee( -a)?) *\\S*\\.ssh/authorized_keys')`,
  score: `CASE WHEN e.user_name ~ '${SERVICE_USER_RE}' OR e.euid = 33 THEN 0.9 ELSE 0.7 END`,
  describe: `format('%s → %s', coalesce(nullif(${CMD}, ''), e.exe, '?'), coalesce(array_to_string(e.paths, ', '), ''))`,
});
