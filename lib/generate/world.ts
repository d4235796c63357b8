// The simulated organisation: hosts with roles and addresses, the internet peers they talk to,
// the attackers' addresses, and the deliberate imperfections (missing auditd, a log gap, a
// skewed clock, NAT, sampling). Everything is derived from the seed, so the world is the same
// every time the same options are given.

import { Rng } from './prng';

export type Role = 'web' | 'mail' | 'bastion' | 'db' | 'dns' | 'backup' | 'app' | 'workstation';
export type SegmentName = 'dmz' | 'servers' | 'workstations' | 'nat-workstations';

export interface Host {
  name: string;
  ip: string;
  role: Role;
  segment: SegmentName;
  hasAuditd: boolean;
  /** Offset added to this host's log clock (ms); 0 for a host with a good clock. */
  skewMs: number;
  /** Period with no logs at all from this host (rsyslog and auditd both down). */
  gap?: { startMs: number; endMs: number };
  /** Interactive user of a workstation, or the service account of a server. */
  user: string;
  uid: number;
  /** TCP ports answered with SYN-ACK; anything else is dropped by UFW (no reply). */
  openPorts: number[];
  /** Keeps pid/serial ranges distinct per host. */
  index: number;
}

export interface Peer {
  ip: string;
  name: string;
  kind: 'web' | 'saas' | 'update' | 'ntp' | 'dns' | 'mail' | 'healthcheck';
  weight: number;
}

export interface World {
  seed: number;
  startMs: number;
  endMs: number;
  hosts: Host[];
  byName: Map<string, Host>;
  byIp: Map<string, Host>;
  admins: { user: string; uid: number; workstation: Host }[];
  peers: Peer[];
  natIp: string;
  natCidr: string;
  edgeExporterIp: string;
  collectorIp: string;
  samplingInterval: number;
  /** Addresses used only by the attacks, so no benign flow ever touches them. */
  attackers: { sshAttacker: string; payload: string; c2: string; exfil: string; webAttacker: string };
}

const HOUR = 3_600_000;

// Realistic-looking internet peers: the documentation ranges (RFC 5737) plus well-known public
// anycast services, so the flows look like a real egress mix without inventing owned addresses.
const PEERS: Peer[] = [
  { ip: '151.101.1.69', name: 'cdn.fastly', kind: 'web', weight: 8 },
  { ip: '104.16.132.229', name: 'cdn.cloudflare', kind: 'web', weight: 8 },
  { ip: '142.250.185.78', name: 'google', kind: 'web', weight: 10 },
  { ip: '13.107.42.14', name: 'office365', kind: 'saas', weight: 9 },
  { ip: '52.97.146.162', name: 'outlook', kind: 'saas', weight: 5 },
  { ip: '140.82.121.4', name: 'github', kind: 'saas', weight: 4 },
  { ip: '198.51.100.14', name: 'crm-saas', kind: 'saas', weight: 4 },
  { ip: '198.51.100.31', name: 'ticketing-saas', kind: 'saas', weight: 3 },
  { ip: '203.0.113.17', name: 'cdn-images', kind: 'web', weight: 5 },
  { ip: '203.0.113.24', name: 'news-site', kind: 'web', weight: 4 },
  { ip: '192.0.2.15', name: 'intranet-saas', kind: 'saas', weight: 3 },
  { ip: '192.0.2.41', name: 'video-cdn', kind: 'web', weight: 2 },
  { ip: '91.189.91.83', name: 'archive.ubuntu.com', kind: 'update', weight: 0 },
  { ip: '185.125.190.36', name: 'security.ubuntu.com', kind: 'update', weight: 0 },
  { ip: '185.125.190.56', name: 'ntp.ubuntu.com', kind: 'ntp', weight: 0 },
  { ip: '1.1.1.1', name: 'one.one.one.one', kind: 'dns', weight: 0 },
  { ip: '9.9.9.9', name: 'dns.quad9.net', kind: 'dns', weight: 0 },
  { ip: '198.51.100.15', name: 'hc-ping.com', kind: 'healthcheck', weight: 0 },
  { ip: '203.0.113.33', name: 'mx.partner.example', kind: 'mail', weight: 0 },
  { ip: '192.0.2.60', name: 'mx.supplier.example', kind: 'mail', weight: 0 },
];

const SERVER_PLAN: [string, Role][] = [
  ['web01', 'web'],
  ['mail01', 'mail'],
  ['jump01', 'bastion'],
  ['db01', 'db'],
  ['ns01', 'dns'],
  ['backup01', 'backup'],
  ['web02', 'web'],
  ['app01', 'app'],
  ['db02', 'db'],
];

const EXTRA_ROLES: Role[] = ['app', 'web', 'db', 'app'];

const USERS = ['cmartin', 'jnguyen', 'pkowalski', 'asato', 'lgarcia', 'mdubois', 'okeller', 'rpatel', 'tberg', 'ymorita'];

const DMZ_ROLES: ReadonlySet<Role> = new Set(['web', 'mail', 'bastion']);

function openPortsFor(role: Role): number[] {
  switch (role) {
    case 'web':
      return [22, 80, 443, 8080];
    case 'mail':
      return [22, 25, 587, 993];
    case 'bastion':
      return [22];
    case 'db':
      return [22, 5432];
    case 'dns':
      return [22, 53];
    case 'app':
      return [22, 8000];
    case 'backup':
      return [22];
    case 'workstation':
      return [];
  }
}

/** Server names beyond the fixed plan: web03, app02, db03, app03, web04 … */
function serverPlan(count: number): [string, Role][] {
  const plan = SERVER_PLAN.slice(0, count);
  const counters = new Map<Role, number>([
    ['web', 2],
    ['app', 1],
    ['db', 2],
  ]);
  for (let i = plan.length; i < count; i++) {
    const role = EXTRA_ROLES[i % EXTRA_ROLES.length] as Role;
    const n = (counters.get(role) ?? 0) + 1;
    counters.set(role, n);
    plan.push([`${role}${String(n).padStart(2, '0')}`, role]);
  }
  return plan;
}

/** The i-th address of a segment; a full /24 spills into the next /24 of the same segment. */
function ipIn(thirdOctet: number, firstHost: number, i: number): string {
  const perNet = 254 - firstHost + 1;
  return `10.20.${thirdOctet + Math.floor(i / perNet)}.${firstHost + (i % perNet)}`;
}

export function buildWorld(opts: { seed: number; hosts: number; startMs: number; endMs: number }): World {
  const rng = new Rng(opts.seed, 'world');
  const total = Math.max(8, Math.floor(opts.hosts));
  const serverCount = Math.max(6, Math.min(total - 2, Math.round(total * 0.25 + 4)));
  const hosts: Host[] = [];
  let dmz = 0;
  let srv = 0;
  for (const [name, role] of serverPlan(serverCount)) {
    const isDmz = DMZ_ROLES.has(role);
    const ip = isDmz ? ipIn(1, 10, dmz++) : ipIn(2, 10, srv++);
    hosts.push({
      name,
      ip,
      role,
      segment: isDmz ? 'dmz' : 'servers',
      hasAuditd: true,
      skewMs: 0,
      user: role === 'web' ? 'www-data' : 'root',
      uid: role === 'web' ? 33 : 0,
      openPorts: openPortsFor(role),
      index: hosts.length,
    });
  }
  const wsCount = total - serverCount;
  let direct = 0;
  let natted = 0;
  for (let i = 0; i < wsCount; i++) {
    // Every third workstation (the second, fifth …) sits on the branch segment behind the NAT gateway.
    const isNat = i % 3 === 1;
    const ip = isNat ? ipIn(30, 101, natted++) : ipIn(10, 101, direct++);
    hosts.push({
      name: `ws-${String(i + 1).padStart(3, '0')}`,
      ip,
      role: 'workstation',
      segment: isNat ? 'nat-workstations' : 'workstations',
      hasAuditd: true,
      skewMs: 0,
      user: USERS[i % USERS.length] ?? 'user',
      uid: 1000,
      openPorts: [],
      index: hosts.length,
    });
  }
  const directWs = hosts.filter((h) => h.segment === 'workstations');
  const admins = ['alice', 'bob'].flatMap((user, i) => {
    const ws = directWs[i] ?? directWs[0];
    if (!ws) return [];
    if (directWs[i]) ws.user = user;
    return [{ user, uid: 1000 + i, workstation: ws }];
  });

  // Hosts the attacks need to see with auditd are kept out of the random draws below.
  const protectedNames = new Set(['mail01', 'web01', 'db01']);
  const candidates = hosts.filter((h) => !protectedNames.has(h.name));
  const shuffled = candidates.map((h) => ({ h, k: rng.next() })).sort((a, b) => a.k - b.k);
  const noAuditd = Math.round(total * 0.2);
  for (const { h } of shuffled.slice(0, noAuditd)) h.hasAuditd = false;
  const gapHost = shuffled[shuffled.length - 1]?.h;
  const period = opts.endMs - opts.startMs;
  if (gapHost) {
    const len = Math.min(5 * HOUR, Math.max(HOUR, Math.round((period * 0.12) / HOUR) * HOUR));
    const startMs = opts.startMs + Math.floor((period * 0.62) / 60_000) * 60_000 + rng.int(0, 59) * 60_000;
    gapHost.gap = { startMs, endMs: Math.min(opts.endMs, startMs + len + rng.int(0, 40) * 60_000) };
  }
  const skewHost = hosts.find((h) => h.name === 'db01');
  if (skewHost) skewHost.skewMs = (rng.chance(0.5) ? 1 : -1) * rng.int(3_000, 9_000);

  return {
    seed: opts.seed,
    startMs: opts.startMs,
    endMs: opts.endMs,
    hosts,
    byName: new Map(hosts.map((h) => [h.name, h])),
    byIp: new Map(hosts.map((h) => [h.ip, h])),
    admins,
    peers: PEERS,
    natIp: '10.20.200.1',
    natCidr: natted > 154 ? '10.20.30.0/23' : '10.20.30.0/24',
    edgeExporterIp: '10.20.255.1',
    collectorIp: '10.20.255.10',
    samplingInterval: 10,
    attackers: {
      sshAttacker: '198.51.100.23',
      payload: '203.0.113.50',
      c2: '192.0.2.77',
      exfil: '203.0.113.201',
      webAttacker: '198.51.100.77',
    },
  };
}

/** Segment of any address, including unused ones (a scan hits addresses no host owns). */
export function segmentOfIp(world: World, ip: string): SegmentName | 'nat' | 'internal' | 'internet' {
  if (ip === world.natIp) return 'nat';
  const known = world.byIp.get(ip)?.segment;
  if (known) return known;
  const m = /^10\.20\.(\d+)\./.exec(ip);
  if (!m) return ip.startsWith('10.') ? 'internal' : 'internet';
  const third = Number(m[1]);
  if (third === 1) return 'dmz';
  if (third >= 2 && third < 10) return 'servers';
  if (third >= 10 && third < 30) return 'workstations';
  if (third >= 30 && third < 40) return 'nat-workstations';
  return 'internal';
}

export function hostOf(world: World, name: string): Host {
  const h = world.byName.get(name);
  if (!h) throw new Error(`unknown host ${name}`);
  return h;
}

export function peersOf(world: World, kind: Peer['kind']): Peer[] {
  return world.peers.filter((p) => p.kind === kind);
}

/** `hostname,ip,role` — the optional inventory the app accepts. */
export function inventoryCsv(world: World): string {
  return `hostname,ip,role\n${world.hosts.map((h) => `${h.name},${h.ip},${h.role}`).join('\n')}\n`;
}
