// SSH/FTP/RDP brute force seen in flows alone: many short sessions from one source to one
// login service of one host. Zeek's detect-bruteforcing.zeek counts `password_guesses_limit =
// 30` failed logins within `guessing_timeout = 30 min`; with flows we cannot see failure, only
// the shape (ATT&CK AN1638: many short TCP/22 sessions), so the count and window mirror Zeek
// (docs/ANCHORS.md#zeek-bruteforce, #attack-analytics). One-way exports (nfdump: two rows per
// session) are stitched into sessions first, so a session counts once; failed handshakes are scans,
// not guesses. Brute Force is Credential Access, which the default kill-chain mapping puts in
// Exploitation (docs/ANCHORS.md#kill-chain-mapping), the same stage as the logs' guessing
// detector, so the two merge into one activity.

import { defineDetector } from '../insert-detections';
import { isInternal, SESSION_BACKSCATTER, SESSION_FAILED, sessionsCte } from '../sql';

const LOGIN_PORTS = [22, 21, 3389];

export const authBruteforce = defineDetector({
  id: 'network.auth-bruteforce',
  title: 'Login brute force (SSH/FTP/RDP) from flow shape',
  source: 'network',
  // Reads only the stored records (not the shared passes): beside the others (lib/pipeline/detect-beside.ts).
  runsOn: 'beside',
  stage: 'exploitation',
  techniques: ['T1110.001'],
  description: 'Many short sessions from one source to the SSH (22), FTP (21) or RDP (3389) port of one host within a window.',
  thresholds: {
    sessions: {
      label: 'Sessions',
      default: 30,
      min: 2,
      anchor: 'zeek detect-bruteforcing.zeek password_guesses_limit = 30',
    },
    windowSeconds: {
      label: 'Window',
      default: 1800,
      unit: 's',
      min: 10,
      anchor: 'zeek detect-bruteforcing.zeek guessing_timeout = 30 min',
    },
    maxSessionSeconds: {
      label: 'Longest session counted',
      default: 120,
      unit: 's',
      min: 1,
      anchor: 'Sightline default: a login attempt (≤ 6 tries) ends within 2 min; ATT&CK AN1638 "short sessions"',
    },
    maxSessionBytes: {
      label: 'Largest session counted',
      default: 50_000,
      unit: 'B',
      min: 100,
      anchor: 'Sightline default: a failed SSH login exchanges a few kB (zeek sshguess trace: 6–8 kB)',
    },
  },
  select: `WITH ${sessionsCte('f.proto = 6 AND (f.dst_port = ANY($7::int[]) OR f.src_port = ANY($7::int[]))')},
       s AS (
         SELECT s.* FROM sess s
         WHERE s.dst_port = ANY($7::int[]) AND NOT ${SESSION_FAILED} AND NOT ${SESSION_BACKSCATTER}
           AND extract(epoch FROM s.end_ts - s.start_ts) <= $5 AND s.bytes + coalesce(s.rev_bytes, 0) <= $6
       ), w AS (
         SELECT s.*,
                count(*) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY start_ts RANGE BETWEEN make_interval(secs => $4) PRECEDING AND CURRENT ROW) AS rolling,
                CASE WHEN start_ts - lag(start_ts) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY start_ts, id) <= make_interval(secs => $4) THEN 0 ELSE 1 END AS brk
         FROM s
       ), g AS (
         SELECT *, sum(brk) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY start_ts, id) AS burst FROM w
       ), b AS (
         SELECT src_ip, dst_ip, dst_port, min(start_ts) AS s, max(end_ts) AS e, count(DISTINCT g.id) AS n, max(rolling) AS peak,
                array_agg(u.fid ORDER BY u.fid) AS ids
         FROM g CROSS JOIN LATERAL unnest(g.ids) AS u(fid)
         GROUP BY src_ip, dst_ip, dst_port, burst
         HAVING max(rolling) >= $3
       ), scored AS (
         SELECT *, least(0.9, 0.6 + 0.3 * (n - $3)::float8 / (3 * $3)) AS score,
                ${isInternal('dst_ip', 2)} AS dst_internal FROM b
       )
       SELECT CASE WHEN dst_internal THEN dst_ip ELSE src_ip END AS host, CASE WHEN dst_internal THEN src_ip ELSE dst_ip END AS peer,
              s AS start_ts, e AS end_ts, round(score::numeric, 3)::float8 AS score,
              format('%s short sessions from %s to %s:%s (%s) — login guessing shape (peak %s in %s s)',
                     n, host(src_ip), host(dst_ip), dst_port, CASE dst_port WHEN 22 THEN 'SSH' WHEN 21 THEN 'FTP' ELSE 'RDP' END, peak, $4) AS summary,
              ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [internalRanges, t.sessions, t.windowSeconds, t.maxSessionSeconds, t.maxSessionBytes, LOGIN_PORTS],
});
