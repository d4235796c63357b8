// Privilege escalation seen on the host (Wazuh 80721 "user becomes root", T1548.003;
// docs/ANCHORS.md#wazuh). An administrator's sudo is the job, not an attack, so it does not fire;
// what fires: sudo/su/USER_CMD by a service account (a web or database account should never need
// them) → high; sudo/su by an account whose SSH login was accepted after a password-guessing run
// on that host shortly before (the account was just guessed: whoever uses it is the guesser;
// the guessing run counted as ssh-bruteforce-success counts it, Wazuh 5763 frequency 8) → high;
// sudo refused ("user NOT in sudoers") → medium; a normal user sudo-ing into a root shell
// (`sudo su`, `sudo -i`, `sudo bash`) → low.

import { defineEventRule } from './event-rule';
import { CMD, SERVICE_USER_RE, sshFailureCounted } from './patterns';

const SERVICE = `(e.user_name ~ '${SERVICE_USER_RE}' OR (e.kind = 'priv_cmd' AND e.auid BETWEEN 1 AND 999))`;
const ROOT_SHELL = `(e.kind = 'sudo' AND ${CMD} ~ '^(\\S*/)?((ba|z|da)?sh|su)( -l| -)?$|^(\\S*/)?su( -.*)?$' )`;

/**
 * The user logged in over SSH on this host within `sessionSeconds` ($5) before, from a source
 * that had failed at least `guessFailures` ($4) times for that user in the 30 minutes before
 * the accept.
 */
const GUESSED = `(e.kind IN ('sudo', 'su') AND e.user_name IS NOT NULL AND EXISTS (
    SELECT 1 FROM log_event a
    WHERE a.assessment_id = $1 AND a.kind = 'ssh_accepted' AND a.src_ip IS NOT NULL AND a.user_name = e.user_name
      AND a.host_name IS NOT DISTINCT FROM e.host_name AND a.ts <= e.ts AND a.ts >= e.ts - make_interval(secs => $5)
      AND (SELECT count(*) FROM log_event f
           WHERE f.assessment_id = $1 AND f.kind = 'ssh_failed' AND f.src_ip = a.src_ip AND f.user_name = a.user_name
             AND f.host_name IS NOT DISTINCT FROM a.host_name AND f.ts <= a.ts AND f.ts >= a.ts - interval '30 minutes'
             AND ${sshFailureCounted('f')}) >= $4))`;

export const privilegeEscalation = defineEventRule({
  id: 'logs.privilege-escalation',
  title: 'Privilege escalation (sudo / su)',
  stage: 'exploitation',
  techniques: ['T1548.003'],
  label: 'Privilege escalation',
  description:
    'sudo, su or an audited privileged command (USER_CMD) used by a service account or by an account that was just guessed over SSH, a refused sudo, or a user opening a root shell through sudo. Routine admin sudo stays quiet.',
  thresholds: {
    guessFailures: {
      label: 'Failed logins that make an account "guessed"',
      default: 8,
      min: 1,
      anchor: 'wazuh 0095-sshd_rules.xml 5763: frequency 8 (as ssh-password-guessing)',
    },
    sessionSeconds: {
      label: 'Time from the guessed login to the sudo',
      default: 3600,
      unit: 's',
      min: 60,
      anchor: 'Sightline: one interactive session; ATT&CK AN1522 (guessing, then the account used)',
    },
  },
  params: ['guessFailures', 'sessionSeconds'],
  where: `(e.kind IN ('sudo', 'su', 'priv_cmd') AND ${SERVICE} AND coalesce(e.result, '') <> 'failed')
    OR e.kind = 'sudo_denied' OR ${ROOT_SHELL} OR (coalesce(e.result, '') <> 'failed' AND ${GUESSED})`,
  score: `CASE WHEN ${SERVICE} OR ${GUESSED} THEN 0.9 WHEN e.kind = 'sudo_denied' THEN 0.7 ELSE 0.4 END`,
  key: `coalesce(e.user_name, '')`,
  describe: `format('%s by %s%s: %s', e.kind, coalesce(e.user_name, e.auid::text, '?'),
    CASE WHEN ${SERVICE} THEN ' (a service account)' WHEN e.kind IN ('sudo', 'su') AND ${GUESSED} THEN ' (an account just guessed over SSH)' ELSE '' END,
    coalesce(nullif(${CMD}, ''), e.result, ''))`,
});
