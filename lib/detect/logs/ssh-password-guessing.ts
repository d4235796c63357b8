// SSH password guessing seen in auth logs: bursts of failed logins from one source on one
// host. Defaults: Wazuh rules 5712/5763 "frequency 8 within 120 s" (docs/ANCHORS.md#wazuh); Sigma
// has no count for sshd failures, and Elastic's EQL sequences ask 60 runs in 30 s
// (docs/ANCHORS.md#elastic-linux), far above a short hydra run of 14–20 tries, so Wazuh's count is
// the default. A burst is the run of failures whose gaps stay under the window; it is flagged
// when some window inside it holds at least `failures` failures. The syslog dialect (RFC 3164,
// RFC 5424, RFC 3339/ISO 8601, journald's short-iso) does not matter: every one becomes the same
// `ssh_failed` event. Brute Force is Credential Access, which the default kill-chain mapping puts
// in Exploitation (docs/ANCHORS.md#kill-chain-mapping).
import { defineDetector } from '../insert-detections';
import { sshFailureCounted } from './patterns';

export const sshPasswordGuessing = defineDetector({
  id: 'logs.ssh-password-guessing',
  title: 'SSH password guessing',
  source: 'logs',
  stage: 'exploitation',
  techniques: ['T1110.001'],
  description:
    'Many failed SSH logins from one source against one host within a short window (sshd "Failed password"; the "Invalid user" line and the pam_unix "authentication failure" line of the same attempt are not counted twice).',
  thresholds: {
    failures: {
      label: 'Failed logins',
      default: 8,
      min: 2,
      anchor: 'wazuh 0095-sshd_rules.xml 5712/5763: frequency 8 (elastic …ssh_bruteforce_external.toml: runs 60 in 30 s)',
    },
    windowSeconds: { label: 'Window', default: 120, unit: 's', min: 5, anchor: 'wazuh 0095-sshd_rules.xml 5712/5763: timeframe 120 s' },
  },
  select: `WITH f AS (
         SELECT id, host_name, src_ip, ts, user_name,
                count(*) OVER (PARTITION BY host_name, src_ip ORDER BY ts RANGE BETWEEN make_interval(secs => $3) PRECEDING AND CURRENT ROW) AS rolling,
                CASE WHEN ts - lag(ts) OVER (PARTITION BY host_name, src_ip ORDER BY ts) <= make_interval(secs => $3) THEN 0 ELSE 1 END AS brk
         FROM log_event f
         WHERE f.assessment_id = $1 AND f.kind = 'ssh_failed' AND f.src_ip IS NOT NULL AND ${sshFailureCounted('f')}
       ), g AS (
         SELECT *, sum(brk) OVER (PARTITION BY host_name, src_ip ORDER BY ts, id) AS burst FROM f
       ), bursts AS (
         SELECT host_name, src_ip, min(ts) AS s, max(ts) AS e, count(*) AS n, max(rolling) AS peak,
                count(DISTINCT user_name) AS users, array_agg(id ORDER BY ts, id) AS ids
         FROM g GROUP BY host_name, src_ip, burst
         HAVING max(rolling) >= $2
       ), scored AS (
         SELECT *, least(1.0, 0.5 + 0.5 * (n - $2)::float8 / (6 * $2)) AS score FROM bursts
       )
       SELECT host_name AS host, src_ip AS peer, s AS start_ts, e AS end_ts, score,
              format('%s failed SSH logins from %s (%s user names, peak %s in %s s)', n, host(src_ip), users, peak, $3) AS summary,
              ids AS evidence_ids
       FROM scored`,
  params: ({ t }) => [t.failures, t.windowSeconds],
});
