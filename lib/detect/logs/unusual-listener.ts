// C2 seen on the host: a shell, netcat, socat or interpreter binding a listening socket — a
// bind shell or an ad-hoc relay (`nc -l -p 55555`, laurel's big-endian test record; ATT&CK
// AN0634 "unusual listener", T1571; docs/ANCHORS.md#attack-analytics). Servers bind all the time; these
// programs should not.

import { defineEventRule } from './event-rule';
import { PROG } from './patterns';

export const unusualListener = defineEventRule({
  id: 'logs.unusual-listener',
  title: 'Listener opened by a shell or netcat',
  stage: 'c2',
  techniques: ['T1571'],
  label: 'Unusual listener',
  description: 'bind() by nc/ncat/socat, a shell or a scripting interpreter: a bind shell or relay rather than a service.',
  where: `e.kind = 'bind' AND ${PROG} ~ '^(nc|ncat|netcat|nc\\.openbsd|nc\\.traditional|socat|sh|bash|dash|perl|python[0-9.]*|ruby|php[0-9.]*)$'`,
  score: '0.7',
  key: PROG,
  describe: `format('%s listening on port %s', coalesce(e.exe, e.program, '?'), coalesce(e.src_port::text, '?'))`,
});
