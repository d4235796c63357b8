import type { LogRecord } from '../../records/records';
import { keyValue, setDstIp, setSrcIp, toPort } from './event-fields';
import type { Matcher } from './syslog-events-accounts';

// System messages: systemd units, kernel firewall logs, address assignments (which tell the
// host's own IP — the key to joining logs, which know hostnames, with flows, which know
// addresses; docs/ANCHORS.md#identity), and old network daemons seen in loghub Linux.

const STARTED_SESSION = /^Started (?:Session \d+ of [Uu]ser |session-\d+\.scope)/;

export const matchSystemd: Matcher = (msg, rec) => {
  if (msg.startsWith('Started ')) {
    // Logins are already covered by sshd/PAM; sessions would flood service starts.
    if (STARTED_SESSION.test(msg)) return false;
    let unit = msg.slice(8);
    if (unit.endsWith('.')) unit = unit.slice(0, -1);
    // systemd ≥ 253 writes `Started nginx.service - A high performance web server.`
    const dash = unit.indexOf(' - ');
    if (dash !== -1) unit = unit.slice(0, dash);
    rec.kind = 'service_start';
    rec.result = `unit=${unit}`;
    return true;
  }
  // A daemon-reload is how a newly written unit file gets picked up; systemd does not log the
  // unit's name, so the reload itself is the hint (with the requesting client when given).
  if (msg === 'Reloading.' || msg === 'Reloading...' || msg.startsWith('Reloading requested from client PID')) {
    rec.kind = 'unit_new';
    rec.result = 'daemon-reload';
    return true;
  }
  if (msg.startsWith('Configuration file /')) {
    const path = msg.slice(19, msg.indexOf(' ', 19) === -1 ? undefined : msg.indexOf(' ', 19));
    rec.kind = 'unit_new';
    rec.paths = [path];
    rec.result = 'unit file warning';
    return true;
  }
  return false;
};

const FIREWALL_PASS = /ALLOW|ACCEPT|AUDIT/i;
const KERNEL_TIME = /^\[\s*\d+\.\d+\]\s*/;
const MY_ADDRESS = /my address is ([0-9.]+)/;
const CMDLINE_IP = /(?:^|\s)ip=([0-9.]+)/;

/** netfilter LOG lines (`[UFW BLOCK] IN=eth0 OUT= … SRC= DST= … PROTO=TCP SPT= DPT=`). */
export const matchKernel: Matcher = (message, rec) => {
  const msg = message.charCodeAt(0) === 91 ? message.replace(KERNEL_TIME, '') : message;
  const inAt = msg.indexOf('IN=');
  if (inAt !== -1 && (inAt === 0 || msg.charCodeAt(inAt - 1) === 32) && msg.includes(' SRC=')) {
    const prefix = msg
      .slice(0, inAt)
      .trim()
      .replace(/^\[|\]$/g, '')
      .replace(/:$/, '');
    // Only a LOG rule's prefix tells what happened; an unnamed one is almost always a drop rule.
    rec.kind = FIREWALL_PASS.test(prefix) ? 'syslog' : 'firewall_drop';
    const proto = keyValue(msg, 'PROTO=');
    rec.result = [prefix || 'netfilter', proto].filter(Boolean).join(' ');
    setSrcIp(rec, keyValue(msg, 'SRC='));
    setDstIp(rec, keyValue(msg, 'DST='));
    const spt = toPort(keyValue(msg, 'SPT='));
    const dpt = toPort(keyValue(msg, 'DPT='));
    if (spt !== undefined) rec.srcPort = spt;
    if (dpt !== undefined) rec.dstPort = dpt;
    return true;
  }
  if (msg.startsWith('IP-Config: ') || msg.startsWith('Kernel command line: ')) {
    const m = MY_ADDRESS.exec(msg) ?? CMDLINE_IP.exec(msg);
    if (m) return setAddress(rec, m[1], undefined);
  }
  return false;
};

function setAddress(rec: LogRecord, ip: string | undefined, iface: string | undefined): boolean {
  setSrcIp(rec, ip);
  if (!rec.srcIp) return false;
  rec.kind = 'address_assigned';
  if (iface) rec.result = `iface=${iface}`;
  return true;
}

const DHCLIENT_BOUND = /^bound to ([0-9a-fA-F.:]+) /;
// Interface names are at most 15 bytes (IFNAMSIZ); unbounded, `[^)]+` scanned to the end of the
// line from every `dhcp (` in it: a 512 KB line took 15 s (issue 20, finding 3).
const NM_DHCP = /dhcp[46]? \(([^()\s]{1,64})\):\s+(?:address |option ip_address\s+=> '|state changed new lease, address=)([0-9a-fA-F.:]+)/;
// No `\s*` after `\s+`: two adjacent whitespace runs split a run of n spaces n ways (quadratic).
const NM_OLD = /^<info>\s+(?:\[[\d.]+\]\s+)?address ([0-9.]+)$/;
const NETWORKD = /^(\S+): DHCPv[46] address ([0-9a-fA-F.:]+)\//;
const DHCPCD = /^(\S+): (?:leased|adding address) ([0-9a-fA-F.:]+)/;
const IP_EQUALS = /(?:^|[\s,;])ip=([0-9.]+)/;

/** dhclient, NetworkManager, systemd-networkd, dhcpcd, cloud-init: the host's own address. */
export const matchAddress: Matcher = (msg, rec) => {
  const m = DHCLIENT_BOUND.exec(msg) ?? NETWORKD.exec(msg) ?? DHCPCD.exec(msg);
  if (m) return m.length > 2 ? setAddress(rec, m[2], m[1]) : setAddress(rec, m[1], undefined);
  const nm = NM_DHCP.exec(msg);
  if (nm) return setAddress(rec, nm[2], nm[1]);
  const old = NM_OLD.exec(msg);
  if (old) return setAddress(rec, old[1], undefined);
  const ip = IP_EQUALS.exec(msg);
  return ip ? setAddress(rec, ip[1], undefined) : false;
};

const FTP_CONNECTION = /^connection from (\S+) /;
const FTP_ANON = /^ANONYMOUS FTP LOGIN FROM ([^,\s]+)/;
const FROM_IP = /^Authentication failed from (\S+) /;

/** ftpd / klogind (loghub Linux): inbound connections and their failures. */
export const matchInetd: Matcher = (msg, rec) => {
  let m = FTP_CONNECTION.exec(msg);
  if (m) {
    rec.kind = 'accept';
    setSrcIp(rec, m[1]);
    return true;
  }
  m = FTP_ANON.exec(msg);
  if (m) {
    rec.kind = 'login';
    rec.userName = 'anonymous';
    rec.result = 'success';
    setSrcIp(rec, m[1]);
    return true;
  }
  m = FROM_IP.exec(msg);
  if (m) {
    rec.kind = 'auth';
    rec.result = 'failed';
    setSrcIp(rec, m[1]);
    return true;
  }
  return false;
};
