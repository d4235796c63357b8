// ATT&CK techniques the detectors report, in the words a manager reads ("password guessing",
// not "T1110.001"). Names follow ATT&CK's technique titles, shortened; unknown ids fall back
// to the parent technique, then to the id itself.
const NAMES: Record<string, string> = {
  T1046: 'port scan',
  T1595: 'active scanning',
  'T1595.001': 'address scan',
  T1110: 'brute force',
  'T1110.001': 'password guessing',
  T1190: 'exploit of a public-facing service',
  T1105: 'tool download',
  T1071: 'command-and-control traffic',
  T1573: 'encrypted command channel',
  T1571: 'command channel on a non-standard port',
  T1048: 'data exfiltration',
  'T1048.003': 'data exfiltration over an unencrypted protocol',
  T1041: 'exfiltration over the command channel',
  T1030: 'data sent in fixed-size chunks',
  T1560: 'data archived',
  'T1560.001': 'data archived with a utility',
  T1552: 'credential files read',
  'T1552.004': 'private key read',
  T1003: 'credential dumping',
  'T1003.008': 'password file read',
  T1098: 'account change',
  'T1098.004': 'SSH authorized_keys change',
  T1136: 'account created',
  'T1136.001': 'local account created',
  T1053: 'scheduled task',
  'T1053.003': 'cron job change',
  T1543: 'service created',
  'T1543.002': 'systemd service created',
  T1547: 'boot persistence',
  'T1547.006': 'kernel module loaded',
  T1574: 'execution hijack',
  'T1574.006': 'LD_PRELOAD hijack',
  T1548: 'privilege escalation',
  'T1548.003': 'sudo privilege escalation',
  T1059: 'command execution',
  'T1059.004': 'shell command execution',
  T1505: 'server software component',
  'T1505.003': 'web shell',
  T1021: 'remote service login',
  'T1021.001': 'RDP login',
  'T1021.002': 'SMB lateral movement',
  'T1021.003': 'DCOM lateral movement',
  'T1021.004': 'SSH lateral movement',
  'T1021.006': 'WinRM lateral movement',
  'T1595.002': 'service and vulnerability scan',
  T1018: 'remote system discovery',
  T1078: 'login with a valid account',
  'T1078.001': 'login with a default account',
  T1133: 'exposed remote service used',
  'T1071.001': 'web command-and-control traffic',
  'T1071.004': 'DNS command-and-control or tunnel',
  T1572: 'protocol tunnel',
  'T1552.001': 'credentials in files read',
  T1005: 'data collected from the host (database dump)',
  T1074: 'data staged',
  'T1074.001': 'data staged locally',
  'T1074.002': 'data pulled from another internal host',
  T1070: 'indicator removal',
  'T1070.002': 'logs cleared',
  'T1070.003': 'shell history cleared',
  'T1070.004': 'files deleted',
};

/** Lower-case words for a technique id ("T1110.001" → "password guessing"). */
export function techniqueName(id: string): string {
  return NAMES[id] ?? NAMES[id.split('.')[0] ?? ''] ?? id;
}

/** The same, capitalised for the start of a title. */
export function techniqueTitle(id: string): string {
  const n = techniqueName(id);
  return n === id ? n : n.charAt(0).toUpperCase() + n.slice(1);
}
