// Installation seen on the host: a local account is created (Sigma lnx_auditd_create_account
// medium: ADD_USER or exe /useradd; Sigma lnx_privileged_user_creation high: `new user` with
// UID=0 or GID 0/10 (wheel)/27 (sudo); Wazuh 5902; docs/ANCHORS.md#sigma, #wazuh), or a user is
// added to an admin group (T1098). System accounts (UID < 1000) are what package installs
// create: low. In auditd ADD_USER the record's `uid=` is the actor; the new id is `id=`.
import { defineEventRule } from './event-rule';

const PRIVILEGED = `(e.raw ~ 'new user: .*(UID=0,|GID=(0|10|27),)' OR e.raw ~ 'ADD_USER.* id=0 '
  OR (e.kind = 'user_mod' AND e.raw ~ 'to (shadow )?group ''(sudo|wheel|admin|root)'''))`;
const NEW_ID = `coalesce(CASE WHEN e.raw ~ 'new user: ' THEN e.uid END, (substring(e.raw FROM 'ADD_USER.* id=([0-9]{1,9}) '))::bigint)`;

export const accountCreation = defineEventRule({
  id: 'logs.account-creation',
  title: 'Local account created',
  stage: 'installation',
  techniques: ['T1136.001', 'T1098'],
  label: 'Account created',
  description:
    'useradd/adduser (syslog "new user", auditd ADD_USER) or a user added to sudo/wheel/admin. UID 0 or an admin group is high; system accounts (UID < 1000) are low.',
  where: `e.kind = 'user_add' OR (e.kind = 'user_mod' AND e.raw ~ 'to (shadow )?group ''(sudo|wheel|admin|root)''')`,
  score: `CASE WHEN ${PRIVILEGED} THEN 0.9 WHEN ${NEW_ID} BETWEEN 1 AND 999 THEN 0.4 ELSE 0.7 END`,
  technique: `CASE WHEN e.kind = 'user_mod' THEN 'T1098' ELSE 'T1136.001' END`,
  describe: `format('%s %s%s', CASE WHEN e.kind = 'user_mod' THEN 'admin group for' ELSE 'new account' END,
    coalesce(e.user_name, 'id ' || ${NEW_ID}::text, '?'), CASE WHEN ${PRIVILEGED} THEN ' (privileged)' ELSE '' END)`,
});
