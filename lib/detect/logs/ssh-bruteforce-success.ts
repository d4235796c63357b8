// Delivery seen in auth logs: a valid-account login right after a password-guessing run from the
// same source for the same user on the same host. The guessing itself is Credential Access
// (T1110.001, ssh-password-guessing.ts); the login that follows is the way in: Valid Accounts
// (T1078, Initial Access → Delivery in the default mapping) over SSH (T1021.004). Anchors: Elastic
// potential_successful_linux_ssh_bruteforce (failures then one success by host, source and user;
// it asks for 25 within 15 s, which misses slow guessers such as hydra -t 4), ATT&CK AN1522
// ("bursts of failed SSH logins then an Accepted"); the default number of failures is the one the
// guessing detector flags (Wazuh 5763: 8), the window Zeek's guessing_timeout (30 min)
// (docs/ANCHORS.md#elastic-linux, #attack-analytics, #wazuh, #zeek-bruteforce). `sameUser` = 0
// counts failures for any user from that source (password spraying that ends in one success).
import { defineDetector } from '../insert-detections';
import { sshFailureCounted } from './patterns';

export const sshBruteforceSuccess = defineDetector({
  id: 'logs.ssh-bruteforce-success',
  title: 'SSH login after password guessing',
  source: 'logs',
  stage: 'delivery',
  techniques: ['T1078', 'T1021.004'],
  description:
    'sshd accepted a login (a valid account, T1078, over SSH) after at least N failed logins from the same source (and user) on the same host within the window.',
  thresholds: {
    failures: {
      label: 'Failures before success',
      default: 8,
      min: 1,
      anchor: 'wazuh 0095-sshd_rules.xml 5763: frequency 8 (the guessing run); elastic …successful_linux_ssh_bruteforce.toml asks 25; ATT&CK AN1522',
    },
    windowSeconds: {
      label: 'Window',
      default: 1800,
      unit: 's',
      min: 5,
      anchor: 'zeek detect-bruteforcing.zeek guessing_timeout = 30 min (Elastic maxspan 15 s)',
    },
    sameUser: {
      label: 'Same user only (1/0)',
      default: 1,
      min: 0,
      max: 1,
      anchor: 'elastic: sequence by host.id, source.ip, user.name',
    },
  },
  select: `WITH acc AS (
         SELECT id, ts, host_name, src_ip, user_name FROM log_event
         WHERE assessment_id = $1 AND kind = 'ssh_accepted' AND src_ip IS NOT NULL
       ), hits AS (
         SELECT a.id, a.ts, a.host_name, a.src_ip, a.user_name, count(f.id) AS n, count(DISTINCT f.user_name) AS users,
                min(f.ts) AS s, array_agg(f.id ORDER BY f.ts, f.id) || a.id AS ids
         FROM acc a JOIN log_event f ON f.assessment_id = $1 AND f.kind = 'ssh_failed'
           AND f.host_name IS NOT DISTINCT FROM a.host_name AND f.src_ip = a.src_ip
           AND f.ts >= a.ts - make_interval(secs => $3) AND f.ts <= a.ts
           AND ($4 = 0 OR f.user_name IS NOT DISTINCT FROM a.user_name) AND ${sshFailureCounted('f')}
         GROUP BY a.id, a.ts, a.host_name, a.src_ip, a.user_name
         HAVING count(f.id) >= $2
       )
       SELECT host_name AS host, src_ip AS peer, ts AS start_ts, ts AS end_ts, CASE WHEN n >= 4 * $2 THEN 0.95 ELSE 0.9 END AS score,
              format('SSH login as %s from %s accepted after %s failed logins since %s (%s user names): a guessed valid account', coalesce(user_name, '?'), host(src_ip), n,
                     to_char(s AT TIME ZONE 'UTC', 'HH24:MI:SS'), users) AS summary,
              ids AS evidence_ids
       FROM hits`,
  params: ({ t }) => [t.failures, t.windowSeconds, t.sameUser],
});
