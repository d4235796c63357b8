// Delivery seen in the auth log: a successful SSH login from an outside address the account never
// logged in from before in the data, with no guessing from that address before it (T1078 Valid
// Accounts; Initial Access → Delivery by the configured mapping, docs/ANCHORS.md#kill-chain-mapping).
// The logins brute force ends in are ssh-bruteforce-success's; this is the stolen or leaked
// password used right away. Elastic's "Unusual Source IP for a User to Logon from" (ML job
// auth_rare_source_ip_for_a_user, d4b73fa0-9d43-465e-b8bf-50230da6718b) and its new-terms rules
// ("First Occurrence of IP Address For …": a (user, source) pair not seen in the history window)
// — docs/ANCHORS.md#elastic-ml. Baseline: logins from internal addresses (admins from their
// workstations to the bastion, the bastion's hops, the backup host's pulls) are routine
// administration and never reported; in the first `baselineSeconds` of the data every pair is a
// first one, so an outside first login there is only low (evidence, not an alert) — after it,
// medium, and high when the account had logged in from other addresses before (a known account
// suddenly from a new place).
import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';

export const newSourceLogin = defineDetector({
  id: 'logs.new-source-login',
  title: 'Login from a new outside address',
  source: 'logs',
  stage: stageOfTactic('initial-access'),
  techniques: ['T1078'],
  description:
    'sshd accepted a login from an address outside the internal ranges that this account never logged in from before in the data, with no failed attempt from that address shortly before. Low in the first baseline period of the data; high when the account had logged in from other addresses before.',
  thresholds: {
    baselineSeconds: {
      label: 'History before "new" counts',
      default: 86_400,
      unit: 's',
      min: 0,
      anchor: 'Elastic new-terms rules: a pair is new against a history window (docs/ANCHORS.md#elastic-ml); Sightline default: one day',
    },
    guessWindowSeconds: {
      label: 'No failure from the address within',
      default: 3_600,
      unit: 's',
      min: 0,
      anchor: 'Sightline: failures before a success are ssh-bruteforce-success’s (Elastic maxspan), an hour keeps slow guessing there too',
    },
  },
  select: `WITH acc AS (
         SELECT e.id, e.ts, e.host_name, e.user_name, e.src_ip, e.raw FROM log_event e
         WHERE e.assessment_id = $1 AND e.kind = 'ssh_accepted' AND e.src_ip IS NOT NULL AND e.user_name IS NOT NULL
       ), firsts AS (
         SELECT DISTINCT ON (user_name, src_ip) * FROM acc ORDER BY user_name, src_ip, ts, id
       ), span AS (
         SELECT min(ts) AS t0 FROM log_event WHERE assessment_id = $1
       ), hits AS (
         SELECT f.*, f.ts >= span.t0 + make_interval(secs => $3) AS after_baseline,
                (SELECT count(DISTINCT a.src_ip) FROM acc a WHERE a.user_name = f.user_name AND a.ts < f.ts) AS other_sources
         FROM firsts f, span
         WHERE NOT f.src_ip <<= ANY($2::cidr[])
           AND NOT f.src_ip <<= ANY('{127.0.0.0/8,::1/128}'::cidr[])
           AND NOT EXISTS (
             SELECT 1 FROM log_event x WHERE x.assessment_id = $1 AND x.src_ip = f.src_ip
               AND x.kind IN ('ssh_failed', 'ssh_invalid_user', 'ssh_too_many_failures')
               AND x.ts BETWEEN f.ts - make_interval(secs => $4) AND f.ts)
       )
       SELECT host_name AS host, src_ip AS peer, ts AS start_ts, ts AS end_ts,
              CASE WHEN NOT after_baseline THEN 0.5 WHEN other_sources > 0 THEN 0.9 ELSE 0.8 END AS score,
              format('Login from a new outside address on %s: %s from %s (%s), no failure before it; %s',
                     coalesce(host_name, 'unnamed host'), user_name, host(src_ip),
                     coalesce(substring(raw FROM 'Accepted ([a-z-]+)'), 'accepted'),
                     CASE WHEN other_sources > 0 THEN format('the account had logged in from %s other address(es) before', other_sources)
                          WHEN NOT after_baseline THEN 'first login of the account in the data, within its first day (baseline)'
                          ELSE 'first login of the account in the data' END) AS summary,
              ARRAY[id] AS evidence_ids
       FROM hits`,
  params: ({ t, internalRanges }) => [internalRanges, t.baselineSeconds, t.guessWindowSeconds],
});
