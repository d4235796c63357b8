// Installation seen on the host: a write to /etc/ld.so.preload, which makes every process load
// the attacker's library (Sigma "Modification of ld.so.preload", high, T1574.006; laurel
// `wr_ldso`; docs/ANCHORS.md#sigma, #laurel). Nothing routine writes that file.

import { defineEventRule } from './event-rule';
import { CMD } from './patterns';

export const ldPreload = defineEventRule({
  id: 'logs.ld-preload',
  title: 'ld.so.preload modified',
  stage: 'installation',
  techniques: ['T1574.006'],
  label: 'ld.so.preload write',
  description: 'A file write to /etc/ld.so.preload, or a command line writing to it.',
  where: `(e.kind IN ('file_write', 'file_create') AND '/etc/ld.so.preload' = ANY(e.paths))
    OR (e.kind = 'exec' AND ${CMD} ~ '(>>?|tee( -a)?) */etc/ld\\.so\\.preload')`,
  score: '0.9',
  describe: `format('%s wrote /etc/ld.so.preload', coalesce(nullif(${CMD}, ''), e.exe, '?'))`,
});
