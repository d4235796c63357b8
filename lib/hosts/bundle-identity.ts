// What a log bundle's own files say about its host: its name (/etc/hostname, a collector's
// `hostname` output, `hostnamectl`) and its addresses (`ip addr`, `ifconfig`, `hostname -I`, and
// the local side of `ss` / `netstat` sockets). Files are recognised by the names the
// collectors give them (docs/ANCHORS.md#identity-listings):
//   * UAC (tclahr/uac artifacts/live_response/network/*.yaml): live_response/network/
//     ip_addr_show.txt, ifconfig_-a.txt, ss_-anp.txt, netstat_-an*.txt, hostname.txt,
//     hostname_-f.txt, hostnamectl.txt, uname_-n.txt; the bundle folder is uac-<host>-<os>-<time>;
//   * sosreport (sosreport/sos plugins networking.py, host.py): sos_commands/networking/
//     ip_-o_addr (root link ip_addr), ip_-d_address, ss_-peaonmi, netstat_-W_-neopa (root link
//     netstat), sos_commands/host/hostname (root link hostname), etc/hostname; folder
//     sosreport-<host>-…;
//   * any bundle: etc/hostname, and the same command names with or without .txt.
// Loopback, link-local, wildcard and multicast addresses say nothing and are dropped.
import net from 'node:net';

export type IdentityListing = 'hostname' | 'hostnamectl' | 'ip addr' | 'ifconfig' | 'hostname -I' | 'ss' | 'netstat';

export interface IdentityFact {
  line: number;
  kind: 'name' | 'address';
  value: string;
  raw: string;
}

const BY_NAME: [RegExp, IdentityListing][] = [
  [/^hostname_-i(\.txt)?$/i, 'hostname -I'],
  [/^(hostname|hostname_-f|uname_-n)(\.txt)?$/, 'hostname'],
  [/^hostnamectl(_status)?(\.txt)?$/, 'hostnamectl'],
  [/^(ip_addr_show|ip_addr|ip_address|ip_-o_addr|ip_-d_address|ip_a|ip_-[46]_addr(_show)?)(\.txt)?$/, 'ip addr'],
  [/^ifconfig(_-a)?(\.txt)?$/, 'ifconfig'],
  [/^ss(_-[a-z]+)+(\.txt)?$/, 'ss'],
  [/^netstat(_-[A-Za-z]+)*(\.txt)?$/, 'netstat'],
];

/** The listing a bundle member is, by its path; undefined for everything else. */
export function identityListing(memberPath: string): IdentityListing | undefined {
  const parts = memberPath.split('/').filter(Boolean);
  const base = parts.at(-1) ?? '';
  const parent = parts.at(-2) ?? '';
  if (base === 'hostname' && parent === 'etc') return 'hostname';
  // Command outputs, never a file in a log folder (a log named `ss` or `hostname` is a log).
  if (parts.some((p) => p === 'log' || p === 'logs')) return undefined;
  // netstat -s / ss -s are statistics, not sockets.
  if (/^(netstat|ss)_-s(\.txt)?$/.test(base)) return undefined;
  for (const [re, kind] of BY_NAME) if (re.test(base)) return kind;
  return undefined;
}

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*$/;

/** A usable host address: an IP that is not loopback, link-local, unspecified or multicast. */
export function hostAddress(token: string): string | undefined {
  let ip = token.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) ip = ip.slice(7);
  const family = net.isIP(ip);
  if (family === 0) return undefined;
  if (family === 4) {
    if (/^(127\.|169\.254\.|0\.|22[4-9]\.|23\d\.|24\d\.|25[0-5]\.)/.test(ip)) return undefined;
    return ip;
  }
  const lower = ip.toLowerCase();
  if (lower === '::' || lower === '::1' || /^fe[89ab]/.test(lower) || lower.startsWith('ff')) return undefined;
  return lower;
}

/** The short name syslog uses: the first label of a fully qualified name. */
function shortName(name: string): string {
  return name.split('.')[0] ?? name;
}

const INET = /\binet6?\s+(?:addr:\s*)?([0-9A-Fa-f.:]+(?:%\S+)?)(?:\/\d+)?/g;
const SOCKET = /^(\[[^\]]+\]|[0-9A-Fa-f.:*]+?)(%[^:\s]+)?:(\d+|\*)$/;

/** The facts one listing states; `text` is the whole file (collectors' outputs are small). */
export function parseIdentityListing(kind: IdentityListing, text: string): IdentityFact[] {
  const facts: IdentityFact[] = [];
  const seen = new Set<string>();
  const add = (line: number, k: IdentityFact['kind'], value: string, raw: string) => {
    if (seen.has(`${k} ${value}`)) return;
    seen.add(`${k} ${value}`);
    facts.push({ line, kind: k, value, raw: raw.trim().slice(0, 300) });
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    switch (kind) {
      case 'hostname':
        if (facts.length === 0 && HOST_NAME.test(line) && !/^localhost(\.|$)/i.test(line)) add(i + 1, 'name', shortName(line), raw);
        break;
      case 'hostnamectl': {
        const m = /^Static hostname:\s*(\S+)$/.exec(line);
        if (m?.[1] && HOST_NAME.test(m[1]) && !/^localhost(\.|$)/i.test(m[1])) add(i + 1, 'name', shortName(m[1]), raw);
        break;
      }
      case 'hostname -I':
        for (const t of line.split(/\s+/)) {
          const ip = hostAddress(t);
          if (ip) add(i + 1, 'address', ip, raw);
        }
        break;
      case 'ip addr':
      case 'ifconfig':
        // `scope host` / `scope link` (ip) and `<host>` / `<link>` (ifconfig) are never on the wire.
        if (/\bscope (host|link)\b|<(host|link)>|Scope:(Host|Link)/.test(line)) break;
        for (const m of line.matchAll(INET)) {
          const ip = hostAddress(m[1] ?? '');
          if (ip) add(i + 1, 'address', ip, raw);
        }
        break;
      case 'ss':
      case 'netstat': {
        // The first address:port token of a socket line is its local side; the second the peer.
        if (/^\s/.test(raw)) break; // ss -e/-i/-m continuation lines
        const local = line.split(/\s+/).find((t) => SOCKET.test(t));
        const m = local === undefined ? null : SOCKET.exec(local);
        const ip = m?.[1] ? hostAddress(m[1]) : undefined;
        if (ip) add(i + 1, 'address', ip, raw);
        break;
      }
    }
  });
  return facts;
}

/** The host a collector's folder is named after (`uac-web01-linux-20240101120000`, `sosreport-web01-…`). */
export function hostFromCollectorFolder(folder: string): string | undefined {
  const uac = /^uac-(.+)-(?:aix|android|esxi|freebsd|linux|macos|netbsd|netscaler|openbsd|solaris)-\d{14}$/.exec(folder);
  if (uac?.[1]) return uac[1];
  const sos = /^sosreport-(.+?)-(?:[^-]+-)?\d{4}-\d{2}-\d{2}-[a-z0-9]+$/.exec(folder);
  if (sos?.[1]) return sos[1];
  return undefined;
}
