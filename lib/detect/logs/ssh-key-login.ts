// Lateral movement seen in the destination's auth log: sshd accepts a login from an internal
// address with a public key, and a key was written to an authorized_keys file on this host
// shortly before through an SSH session from that same address (T1098.004, then the planted key
// used: T1078 through T1021.004 Remote Services: SSH). ATT&CK AN0350 ties the key write to what
// follows within 60 s; an intruder returns within minutes, so the window is the correlation
// tolerance's scale (docs/ANCHORS.md#attack-analytics). Lateral Movement maps to Exploitation
// (docs/ANCHORS.md#kill-chain-mapping). Routine key logins (an ops workstation, a backup pull)
// have no fresh key write before them and stay quiet. `ssh-copy-id` followed by a first key login
// looks the same and is reported too: a new key and its first use are worth a look.
import { defineDetector } from '../insert-detections';
import { AUTHORIZED_KEYS_WRITE, EVENT_ACCOUNT } from './authorized-keys';
import { logEventsOf } from './log-events';

export const sshKeyLogin = defineDetector({
  id: 'logs.ssh-key-login',
  title: 'SSH login with a freshly planted key',
  source: 'logs',
  stage: 'exploitation',
  techniques: ['T1021.004', 'T1078'],
  description:
    'sshd accepted a publickey login from an internal address for an account whose authorized_keys was written on the same host, within the window before, in an SSH session of that account from the same address.',
  thresholds: {
    windowSeconds: {
      label: 'Key write to key login',
      default: 3600,
      unit: 's',
      min: 60,
      anchor: 'ATT&CK AN0350 (authorized_keys write, then use); Sightline: one intrusion session',
    },
  },
  select: ({ shared }) => `WITH w AS (
         SELECT e.id, e.ts, e.host_name, ${EVENT_ACCOUNT} AS account FROM ${logEventsOf(shared)} e
         WHERE ${AUTHORIZED_KEYS_WRITE}
       ), s AS (
         SELECT a.id, a.ts, a.host_name, a.src_ip, a.user_name FROM log_event a
         WHERE a.assessment_id = $1 AND a.kind = 'ssh_accepted' AND a.src_ip <<= ANY($2::cidr[])
       ), hits AS (
         SELECT k.id, k.ts, k.host_name, k.src_ip, k.user_name, w.id AS wid, w.ts AS wts, s.id AS sid, s.ts AS sts,
                row_number() OVER (PARTITION BY k.id ORDER BY w.ts DESC) AS rn
         FROM log_event k
         JOIN w ON w.host_name IS NOT DISTINCT FROM k.host_name AND w.account = k.user_name
                AND w.ts < k.ts AND w.ts >= k.ts - make_interval(secs => $3)
         JOIN s ON s.host_name IS NOT DISTINCT FROM k.host_name AND s.src_ip = k.src_ip AND s.user_name = k.user_name AND s.id <> k.id
                AND s.ts <= w.ts AND s.ts >= w.ts - interval '60 seconds'
         WHERE k.assessment_id = $1 AND k.kind = 'ssh_accepted' AND k.src_ip <<= ANY($2::cidr[]) AND k.raw ~ 'Accepted publickey'
       )
       SELECT host_name AS host, src_ip AS peer, ts AS start_ts, ts AS end_ts, 0.9 AS score,
              format('SSH key login as %s from %s, %s s after a key was written to authorized_keys in a session from the same address (T1098.004, then T1078)',
                     coalesce(user_name, '?'), host(src_ip), round(extract(epoch FROM ts - wts)::numeric)) AS summary,
              ARRAY[sid, wid, id] AS evidence_ids
       FROM hits WHERE rn = 1`,
  params: ({ t, internalRanges }) => [internalRanges, t.windowSeconds],
});
