// Initial access with a planted key, seen in the host's auth log: sshd accepts a publickey login
// from an outside address for an account whose authorized_keys was written on this host shortly
// before, while that address had no session of the account that could have written it — the key
// came in some other way (an unauthenticated Redis pointed at ~/.ssh with CONFIG SET dir +
// SAVE, a web shell, a file-upload flaw). T1098.004 then T1078 (Valid Accounts) through T1021.004;
// Initial Access maps to Delivery (docs/ANCHORS.md#kill-chain-mapping). ATT&CK AN0350 ties the
// key write to its use; the window is the correlation tolerance's scale, as logs.ssh-key-login's
// (docs/ANCHORS.md#attack-analytics). That detector covers the internal case (a key written in a
// session from the address that then logs in: lateral movement); this one the outside one.
// Look-alikes that stay quiet: routine key logins with no fresh key, and a user who logged in
// from the address (password) and added a key before using it (ssh-copy-id).
import { defineDetector } from '../insert-detections';
import { AUTHORIZED_KEYS_WRITE, EVENT_ACCOUNT } from './authorized-keys';
import { logEventsOf } from './log-events';

export const plantedKeyLogin = defineDetector({
  id: 'logs.planted-key-login',
  title: 'SSH login from outside with a key planted without a session',
  source: 'logs',
  stage: 'delivery',
  techniques: ['T1078', 'T1021.004'],
  description:
    'sshd accepted a publickey login from an address outside the internal ranges for an account whose authorized_keys was written on the same host within the window before, with no session of that account from that address before the write (the key came in through a service such as Redis).',
  thresholds: {
    windowSeconds: {
      label: 'Key write to key login',
      default: 3600,
      unit: 's',
      min: 60,
      anchor: 'ATT&CK AN0350 (authorized_keys write, then use); Sightline: one intrusion session',
    },
  },
  // The write's account: the audited event's (or its session's), or the home the file is in
  // (a service writing into another account's ~/.ssh runs as itself, before any session of it).
  select: ({ shared }) => `WITH w AS (
         SELECT e.id, e.ts, e.host_name, e.paths, ${EVENT_ACCOUNT} AS account FROM ${logEventsOf(shared)} e
         WHERE ${AUTHORIZED_KEYS_WRITE}
       ), hits AS (
         SELECT k.id, k.ts, k.host_name, k.src_ip, k.user_name, w.id AS wid, w.ts AS wts,
                row_number() OVER (PARTITION BY k.id ORDER BY w.ts DESC) AS rn
         FROM log_event k
         JOIN w ON w.host_name IS NOT DISTINCT FROM k.host_name AND w.ts < k.ts AND w.ts >= k.ts - make_interval(secs => $3)
                AND (w.account = k.user_name OR EXISTS (
                  SELECT 1 FROM unnest(w.paths) p
                  WHERE (CASE WHEN p ~ '^/root/\\.ssh/' THEN 'root' ELSE substring(p FROM '([^/]+)/\\.ssh/authorized_keys2?$') END) = k.user_name))
         WHERE k.assessment_id = $1 AND k.kind = 'ssh_accepted' AND k.raw ~ 'Accepted publickey'
           AND k.src_ip IS NOT NULL AND NOT (k.src_ip <<= ANY($2::cidr[]))
           AND NOT EXISTS (
             SELECT 1 FROM log_event s
             WHERE s.assessment_id = $1 AND s.kind = 'ssh_accepted' AND s.host_name IS NOT DISTINCT FROM k.host_name
               AND s.src_ip = k.src_ip AND s.user_name = k.user_name AND s.id <> k.id
               AND s.ts <= w.ts AND s.ts >= w.ts - make_interval(secs => $3))
       )
       SELECT host_name AS host, src_ip AS peer, ts AS start_ts, ts AS end_ts, 0.9 AS score,
              format('SSH key login as %s from %s, %s s after a key was written to authorized_keys with no session from that address (T1098.004, then T1078)',
                     coalesce(user_name, '?'), host(src_ip), round(extract(epoch FROM ts - wts)::numeric)) AS summary,
              ARRAY[wid, id] AS evidence_ids
       FROM hits WHERE rn = 1`,
  params: ({ t, internalRanges }) => [internalRanges, t.windowSeconds],
});
