// FTP password guessing seen in the FTP server's own log: bursts of failed logins from one source
// on one host (vsftpd `FAIL LOGIN`, proFTPD `Login failed` / `Incorrect password` / `no such
// user` — every one becomes the same `ftp_login_failed` event, lib/ingest/logs/ftp.ts). The
// defaults are the SSH guessing detector's, because the anchor is the same: Wazuh's vsftpd rule
// 11451 and proFTPD rule 11251 "FTP brute force (multiple failed logins)" count frequency 8 within
// 120 s from the same source, as its sshd rule 5763 does (docs/ANCHORS.md#wazuh); Zeek's
// ftp/detect-bruteforcing.zeek waits for 20 in 15 minutes, a wire-side count that needs no server
// log (docs/ANCHORS.md#zeek-bruteforce). A burst is the run of failures whose gaps stay under the
// window; it is flagged when some window inside it holds at least `failures` failures. Brute
// Force is Credential Access, whose stage comes from the tactic mapping
// (docs/ANCHORS.md#kill-chain-mapping) — the stage of network.auth-bruteforce, which watches port
// 21 too, so the two merge into one activity.
import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';

export const ftpPasswordGuessing = defineDetector({
  id: 'logs.ftp-password-guessing',
  title: 'FTP password guessing',
  source: 'logs',
  stage: stageOfTactic('credential-access'),
  techniques: ['T1110.001'],
  description:
    'Many failed FTP logins from one source against one host within a short window (vsftpd "FAIL LOGIN", proFTPD "Login failed" / "Incorrect password" / "no such user").',
  thresholds: {
    failures: {
      label: 'Failed logins',
      default: 8,
      min: 2,
      anchor: 'wazuh 0185-vsftpd_rules.xml 11451 / 0175-proftpd_rules.xml 11251: frequency 8 (zeek ftp/detect-bruteforcing.zeek: 20 in 15 min)',
    },
    windowSeconds: {
      label: 'Window',
      default: 120,
      unit: 's',
      min: 5,
      anchor: 'wazuh 0185-vsftpd_rules.xml 11451 / 0175-proftpd_rules.xml 11251: timeframe 120 s',
    },
  },
  select: `WITH f AS (
         SELECT id, host_name, src_ip, ts, user_name,
                count(*) OVER (PARTITION BY host_name, src_ip ORDER BY ts RANGE BETWEEN make_interval(secs => $3) PRECEDING AND CURRENT ROW) AS rolling,
                CASE WHEN ts - lag(ts) OVER (PARTITION BY host_name, src_ip ORDER BY ts) <= make_interval(secs => $3) THEN 0 ELSE 1 END AS brk
         FROM log_event f
         WHERE f.assessment_id = $1 AND f.kind = 'ftp_login_failed' AND f.src_ip IS NOT NULL
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
              format('%s failed FTP logins from %s (%s user names, peak %s in %s s)', n, host(src_ip), users, peak, $3) AS summary,
              ids AS evidence_ids
       FROM scored`,
  params: ({ t }) => [t.failures, t.windowSeconds],
});
