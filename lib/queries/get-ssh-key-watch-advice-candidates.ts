import { getSettings } from '../assessments/settings';
import { EQUIVALENT_TECHNIQUES } from '../correlate/correlate';
import { getPool } from '../db/client';
import { sshKeyLogin } from '../detect/logs/ssh-key-login';
import { thresholdsFor } from '../detect/registry';
import { AUDIT_FORMATS } from '../records/records';

export interface SshKeyWatchAdviceCandidate {
  host: string;
  /** The accounts whose key logins are counted (their `~/.ssh` is what the watch must cover). */
  accounts: string[];
  activityIds: string[];
}

/** The techniques of an SSH login with valid credentials (one merge group in correlation). */
const SSH_LOGIN_TECHNIQUES = EQUIVALENT_TECHNIQUES.find((g) => g.includes('T1021.004')) ?? ['T1021.004'];

/**
 * Per host that sends audit records and none of a file under a `.ssh/` folder (no `~/.ssh`
 * watch): the SSH logins the network saw and the logs hold only as evidence (sshd's INFO line
 * `Accepted publickey for U from A port P ssh2: <type> SHA256:<fp>` names the peer, no log
 * detector fired) where that line is the first acceptance of that key fingerprint on the host,
 * from an internal address A, and U logged in from A without a key (password or
 * keyboard-interactive) within the ssh-key-login window before. sshd accepts a key only when
 * authorized_keys lists it, and the same client authenticated without one minutes before: the
 * key was written to U's authorized_keys in between. A watch on U's `~/.ssh` records that
 * write; logs.ssh-key-login then ties the login to it, and the logs detect the activity.
 */
export async function getSshKeyWatchAdviceCandidates(assessmentId: string): Promise<SshKeyWatchAdviceCandidate[]> {
  const settings = await getSettings(assessmentId);
  const { windowSeconds } = thresholdsFor(sshKeyLogin, settings);
  const { rows } = await getPool().query<SshKeyWatchAdviceCandidate>(
    `WITH audited AS (
       SELECT r.host_name FROM log_rollup r JOIN source_file f ON f.id = r.source_file_id
       WHERE r.assessment_id = $1 AND f.format = ANY($2::text[]) GROUP BY r.host_name HAVING sum(r.events) > 0
     ), hits AS (
       SELECT DISTINCT a.id, a.host_name, a.start_ts, k.user_name
       FROM activity a
       JOIN audited au ON au.host_name = a.host_name
       JOIN activity_evidence ev ON ev.assessment_id = a.assessment_id AND ev.activity_id = a.id AND ev.source = 'logs'
       JOIN log_event k ON k.assessment_id = a.assessment_id AND k.id = ev.record_id
       WHERE a.assessment_id = $1 AND a.logs = 'evidence' AND a.network IN ('detected', 'evidence')
         AND a.technique = ANY($3::text[]) AND a.peer <<= ANY($4::cidr[])
         AND k.kind = 'ssh_accepted' AND k.src_ip = a.peer AND k.user_name IS NOT NULL
         AND k.raw ~ 'Accepted publickey .* SHA256:[A-Za-z0-9+/=]+'
         -- the first acceptance of this key on the host
         AND NOT EXISTS (SELECT 1 FROM log_event p
                         WHERE p.assessment_id = $1 AND p.kind = 'ssh_accepted' AND p.host_name = k.host_name AND p.ts < k.ts
                           AND substring(p.raw from 'SHA256:[A-Za-z0-9+/=]+') = substring(k.raw from 'SHA256:[A-Za-z0-9+/=]+'))
         -- the same account from the same address without a key, within the window before
         AND EXISTS (SELECT 1 FROM log_event s
                     WHERE s.assessment_id = $1 AND s.kind = 'ssh_accepted' AND s.host_name = k.host_name AND s.src_ip = k.src_ip
                       AND s.user_name = k.user_name AND s.id <> k.id AND s.ts <= k.ts AND s.ts >= k.ts - make_interval(secs => $5)
                       AND s.raw !~ 'Accepted publickey')
     )
     SELECT h.host_name AS host, array_agg(DISTINCT h.user_name ORDER BY h.user_name) AS accounts,
            array_agg(DISTINCT h.id::text ORDER BY h.id::text) AS "activityIds"
     FROM hits h
     -- no record of a file under a .ssh/ folder from this host: no ~/.ssh watch (checked for these hosts only)
     WHERE NOT EXISTS (SELECT 1 FROM log_event e
                       WHERE e.assessment_id = $1 AND e.host_name = h.host_name AND e.kind IN ('file_write', 'file_create', 'audit')
                         AND EXISTS (SELECT 1 FROM unnest(e.paths) p WHERE p ~ '/\\.ssh/'))
     GROUP BY h.host_name ORDER BY count(DISTINCT h.id) DESC, h.host_name`,
    [assessmentId, AUDIT_FORMATS, SSH_LOGIN_TECHNIQUES, settings.internalRanges, windowSeconds],
  );
  return rows;
}
