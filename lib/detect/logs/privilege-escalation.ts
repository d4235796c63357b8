// Privilege escalation seen on the host (Wazuh 80721 "user becomes root", T1548.003;
// docs/ANCHORS.md#wazuh). An administrator's sudo is the job, not an attack, so it does not fire;
// what fires: sudo/su/USER_CMD by a service account (a web or database account should never need
// them) → high; sudo refused ("user NOT in sudoers") → medium; a normal user sudo-ing into a root
// shell (`sudo su`, `sudo -i`, `sudo bash`) → low.

import { defineEventRule } from './event-rule';
import { CMD, SERVICE_USER_RE } from './patterns';

const SERVICE = `(e.user_name ~ '${SERVICE_USER_RE}' OR (e.kind = 'priv_cmd' AND e.auid BETWEEN 1 AND 999))`;
const ROOT_SHELL = `(e.kind = 'sudo' AND ${CMD} ~ '^(\\S*/)?((ba|z|da)?sh|su)( -l| -)?$|^(\\S*/)?su( -.*)?$' )`;

export const privilegeEscalation = defineEventRule({
  id: 'logs.privilege-escalation',
  title: 'Privilege escalation (sudo / su)',
  stage: 'exploitation',
  techniques: ['T1548.003'],
  label: 'Privilege escalation',
  description:
    'sudo, su or an audited privileged command (USER_CMD) used by a service account, a refused sudo, or a user opening a root shell through sudo. Routine admin sudo stays quiet.',
  where: `(e.kind IN ('sudo', 'su', 'priv_cmd') AND ${SERVICE} AND coalesce(e.result, '') <> 'failed')
    OR e.kind = 'sudo_denied' OR ${ROOT_SHELL}`,
  score: `CASE WHEN ${SERVICE} THEN 0.9 WHEN e.kind = 'sudo_denied' THEN 0.7 ELSE 0.4 END`,
  key: `coalesce(e.user_name, '')`,
  describe: `format('%s by %s: %s', e.kind, coalesce(e.user_name, e.auid::text, '?'), coalesce(nullif(${CMD}, ''), e.result, ''))`,
});
