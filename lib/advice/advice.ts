// Advice that closes gaps, counted on this assessment's own data: each change names the
// activities the other source already holds and this one would then have recorded. Nothing
// is estimated: a change with no such activity is not advised. Ranked by activities gained.
import { type AuditAdviceCandidate, getAuditAdviceCandidates } from '../queries/get-audit-advice-candidates';
import { getJournalAdviceCandidates, type JournalAdviceCandidate } from '../queries/get-journal-advice-candidates';
import { getRetentionAdviceCandidates, type RetentionAdviceCandidate } from '../queries/get-retention-advice-candidates';
import { getSensorAdviceCandidates, type SensorAdviceCandidate } from '../queries/get-sensor-advice-candidates';
import { getSshKeyWatchAdviceCandidates, type SshKeyWatchAdviceCandidate } from '../queries/get-ssh-key-watch-advice-candidates';
import { getUnsampledAdviceCandidates, type UnsampledAdviceCandidate } from '../queries/get-unsampled-advice-candidates';
import { getWebLogAdviceCandidates, type WebLogAdviceCandidate } from '../queries/get-web-log-advice-candidates';

export interface Advice {
  kind: 'auditd-exec-connect' | 'auditd-ssh-key-watch' | 'flow-sensor' | 'unsampled-export' | 'longer-retention' | 'web-access-log' | 'journald-forwarding';
  change: string;
  /** The source the change improves. */
  source: 'logs' | 'network';
  host: string | null;
  /** The exact configuration lines to add. */
  lines: string[];
  activitiesGained: number;
  activityIds: string[];
  /**
   * What the counted activities gain: left out, the source starts to see them (they were blind
   * or unknown to it); `detected`, the source held them only as evidence and now detects them.
   */
  gain?: 'detected';
  why: string;
}

/** auditd rules (audit.rules(7)): every execve and every outbound connect, 64- and 32-bit ABIs. */
export const AUDIT_EXEC_CONNECT_RULES = [
  '-a always,exit -F arch=b64 -S execve -k exec',
  '-a always,exit -F arch=b32 -S execve -k exec',
  '-a always,exit -F arch=b64 -S connect -k net',
  '-a always,exit -F arch=b32 -S connect -k net',
];

export function auditAdvice(c: AuditAdviceCandidate): Advice {
  const n = c.activityIds.length;
  return {
    kind: 'auditd-exec-connect',
    change: `${c.hasAudit ? 'Add execve and connect rules to auditd' : 'Run auditd with execve and connect rules'} on ${c.host} and ship /var/log/audit/audit.log`,
    source: 'logs',
    host: c.host,
    lines: AUDIT_EXEC_CONNECT_RULES,
    activitiesGained: n,
    activityIds: c.activityIds,
    why: `the network saw ${c.host} itself open the connection in ${n} activit${n === 1 ? 'y' : 'ies'} its logs missed; ${c.hasAudit ? 'its audit log has no execve records' : 'the bundle holds no audit log from it'}`,
  };
}

const plural = (n: number) => `activit${n === 1 ? 'y' : 'ies'}`;

/** The `~/.ssh` watch of one account: Neo23x0/auditd's root line, the same for another home (docs/ANCHORS.md#ssh-key-watches). */
export function sshKeyWatchRule(account: string): string {
  return account === 'root' ? '-w /root/.ssh -p wa -k rootkey' : `-w /home/${account}/.ssh -p wa -k userkey`;
}

export function sshKeyWatchAdvice(c: SshKeyWatchAdviceCandidate): Advice {
  const n = c.activityIds.length;
  const who = c.accounts.join(', ');
  return {
    kind: 'auditd-ssh-key-watch',
    change: `Watch ${c.accounts.length === 1 ? 'the ~/.ssh folder' : 'the ~/.ssh folders'} of ${who} on ${c.host} with auditd`,
    source: 'logs',
    host: c.host,
    lines: [
      `# /etc/audit/rules.d/ssh-keys.rules on ${c.host}, then: augenrules --load (a home outside /home: getent passwd <user>)`,
      ...c.accounts.map(sshKeyWatchRule),
    ],
    activitiesGained: n,
    activityIds: c.activityIds,
    gain: 'detected',
    why: `${c.host}'s sshd accepted a key for ${who} never accepted there before, shortly after the same address logged in without one, in ${n} ${plural(n)} the network saw: the key was written to authorized_keys in between, and the audit log holds no record of a file under ~/.ssh. Watched, the write is recorded and the logs detect the login as the planted key's use (T1098.004, then T1021.004); the write shows as an activity of its own too`,
  };
}

export function sensorAdvice(c: SensorAdviceCandidate): Advice {
  const n = c.activityIds.length;
  const peers = c.peers.length > 3 ? `${c.peers.slice(0, 3).join(', ')} and ${c.peers.length - 3} more` : c.peers.join(', ');
  return {
    kind: 'flow-sensor',
    change: `Export flows on the path between ${c.host} and ${peers} (a sensor on its segment's uplink, or flow export on its switch or firewall)`,
    source: 'network',
    host: c.host,
    lines: [
      `# e.g. nfpcapd on a SPAN/TAP of ${c.host}'s uplink, unsampled, sent to the collector:`,
      'nfpcapd -i <span-interface> -w /var/cache/nfdump -S 1 -T all',
    ],
    activitiesGained: n,
    activityIds: c.activityIds,
    why: `${c.host}'s logs name ${c.peers.length === 1 ? 'a remote peer' : `${c.peers.length} remote peers`} in ${n} activit${n === 1 ? 'y' : 'ies'}, and no flow export holds a single record between them`,
  };
}

export function unsampledAdvice(c: UnsampledAdviceCandidate): Advice {
  const n = c.activityIds.length;
  const who = c.exporter ? `the exporter ${c.exporter}` : 'the sampled exporter';
  return {
    kind: 'unsampled-export',
    change: `Export unsampled flows from ${who} (today 1 in ${c.sampling} packets) on ${c.host}'s path`,
    source: 'network',
    host: c.host,
    lines: [
      `# on ${who}: turn packet sampling off for the flow export (every packet counted)`,
      '# IPFIX/NetFlow v9 (Flexible NetFlow): leave out the sampler on the interface, e.g. `no ip flow monitor <name> sampler <sampler> input`',
      '# softflowd: -s 1 (or no -s);  nfpcapd / YAF on a SPAN port: no sampling option',
    ],
    activitiesGained: n,
    activityIds: c.activityIds,
    why: `${c.host}'s logs saw ${n} ${plural(n)} with a peer on a path ${who} records, and its 1-in-${c.sampling} sampling kept no packet of ${n === 1 ? 'it' : 'them'}`,
  };
}

export function webLogAdvice(c: WebLogAdviceCandidate): Advice {
  const n = c.activityIds.length;
  const ports = c.ports.join(', ');
  return {
    kind: 'web-access-log',
    change: `Ship ${c.host}'s web server access logs (port${c.ports.length === 1 ? '' : 's'} ${ports})`,
    source: 'logs',
    host: c.host,
    lines: [
      `# nginx on ${c.host} (http block): the combined format, shipped with the bundle or by rsyslog's imfile`,
      'access_log /var/log/nginx/access.log combined;',
      '# Apache httpd: CustomLog /var/log/apache2/access.log combined',
      '# Tomcat (server.xml, <Host>): <Valve className="org.apache.catalina.valves.AccessLogValve" directory="logs" pattern="combined" />',
    ],
    activitiesGained: n,
    activityIds: c.activityIds,
    why: `the network saw ${n} ${plural(n)} with HTTP(S) sessions the peer opened to ${c.host} on port${c.ports.length === 1 ? '' : 's'} ${ports} and ${c.host} answered, and the bundle holds no access log from it`,
  };
}

export function journalAdvice(c: JournalAdviceCandidate): Advice {
  const n = c.activityIds.length;
  return {
    kind: 'journald-forwarding',
    change: `Forward ${c.host}'s systemd journal to syslog text (or export it with journalctl) and ship it`,
    source: 'logs',
    host: c.host,
    lines: [
      `# /etc/systemd/journald.conf on ${c.host}, then: apt install rsyslog && systemctl restart systemd-journald`,
      '[Journal]',
      'ForwardToSyslog=yes',
      `# or, for a bundle: journalctl -o short-iso --since <start> > /var/log/journal-${c.host}.log`,
    ],
    activitiesGained: n,
    activityIds: c.activityIds,
    why: `the network saw ${n} ${plural(n)} with sessions the peer completed to a service on ${c.host} that logs each client (sshd, FTP, SMTP), and the bundle holds only its binary journal, no syslog text`,
  };
}

const DAY_MS = 86_400_000;

export function retentionAdvice(c: RetentionAdviceCandidate): Advice {
  const n = c.activityIds.length;
  // Days back from the newest record kept to the earliest counted activity, whole days up.
  const days = Math.max(1, Math.ceil((c.keptTo.getTime() - c.earliest.getTime()) / DAY_MS));
  const heldMs = c.keptTo.getTime() - c.keptFrom.getTime();
  const held = heldMs >= DAY_MS ? `${Math.round((heldMs / DAY_MS) * 10) / 10} days` : `${Math.round((heldMs / 3_600_000) * 10) / 10} hours`;
  return {
    kind: 'longer-retention',
    change: `Keep at least ${days} day${days === 1 ? '' : 's'} of ${c.host}'s logs (the bundle holds ${held} of them, from ${c.keptFrom.toISOString()})`,
    source: 'logs',
    host: c.host,
    lines: [
      `# /etc/logrotate.d/rsyslog on ${c.host}: rotate daily, keep ${days} (or ship to a collector that keeps them)`,
      'daily',
      `rotate ${days}`,
      `# /etc/audit/auditd.conf: max_log_file (MB) × num_logs must hold ${days} day${days === 1 ? '' : 's'} of audit records`,
      'max_log_file_action = ROTATE',
    ],
    activitiesGained: n,
    activityIds: c.activityIds,
    why: `the network saw ${n} ${plural(n)} on ${c.host} that ended before the earliest log record the bundle holds from it (${c.keptFrom.toISOString()})`,
  };
}

export function rankAdvice(list: Advice[]): Advice[] {
  return [...list].filter((a) => a.activitiesGained > 0).sort((a, b) => b.activitiesGained - a.activitiesGained || (a.host ?? '').localeCompare(b.host ?? ''));
}

export async function getAdvice(assessmentId: string): Promise<Advice[]> {
  const [audit, sensor, unsampled, retention, web, journal, keys] = await Promise.all([
    getAuditAdviceCandidates(assessmentId),
    getSensorAdviceCandidates(assessmentId),
    getUnsampledAdviceCandidates(assessmentId),
    getRetentionAdviceCandidates(assessmentId),
    getWebLogAdviceCandidates(assessmentId),
    getJournalAdviceCandidates(assessmentId),
    getSshKeyWatchAdviceCandidates(assessmentId),
  ]);
  return rankAdvice([
    ...audit.map(auditAdvice),
    ...sensor.map(sensorAdvice),
    ...unsampled.map(unsampledAdvice),
    ...retention.map(retentionAdvice),
    ...web.map(webLogAdvice),
    ...journal.map(journalAdvice),
    ...keys.map(sshKeyWatchAdvice),
  ]);
}
