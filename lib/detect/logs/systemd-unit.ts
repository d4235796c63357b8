// Installation seen on the host: a new or changed systemd unit (Sigma
// lnx_auditd_systemd_service_creation, medium: PATH nametype=CREATE under /etc/systemd/system,
// /usr/lib/systemd/system, ~/.config/systemd/user; ATT&CK AN0701; docs/ANCHORS.md#sigma, #attack-analytics).
// Units written by the package manager are installs (low); systemd's own unit-file warnings
// (`unit_new` with a path) are low hints.

import { defineEventRule } from './event-rule';
import { PKG_PROG_RE, PROG } from './patterns';

const UNIT_PATH = `'^(/etc/systemd/(system|user)/|/usr/lib/systemd/(system|user)/|/lib/systemd/(system|user)/|/run/systemd/system/|.*/\\.config/systemd/user/)'`;

export const systemdUnit = defineEventRule({
  id: 'logs.systemd-unit',
  title: 'Systemd unit created',
  stage: 'installation',
  techniques: ['T1543.002'],
  label: 'Systemd unit',
  description: 'A file was created or written in a systemd unit directory, or systemd reported a new unit file.',
  where: `(e.kind IN ('file_create', 'file_write') AND EXISTS (SELECT 1 FROM unnest(e.paths) p WHERE p ~ ${UNIT_PATH}))
    OR (e.kind = 'unit_new' AND cardinality(e.paths) > 0)`,
  score: `CASE WHEN e.kind = 'unit_new' OR ${PROG} ~ '${PKG_PROG_RE}' OR ${PROG} = 'systemd' THEN 0.3 ELSE 0.7 END`,
  describe: `format('%s %s', CASE WHEN e.kind = 'unit_new' THEN 'systemd noticed' ELSE coalesce(e.exe, '?') || ' wrote' END, array_to_string(e.paths, ', '))`,
});
