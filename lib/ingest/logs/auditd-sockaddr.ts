import { bytesToText, isHex } from './auditd-hex';

// SOCKADDR `saddr=` is the raw struct sockaddr in hex. Its 2-byte family is in the byte order
// of the traced process (0200… on x86_64, 0002… on big-endian ppc64), the port is always
// network order. Interpreted forms (`ausearch -i`, ENRICHED `SADDR=`, laurel) come as
// `{ saddr_fam=inet laddr=10.0.0.1 lport=80 }` (older auditd: `fam=`).

export type SockFamily = 'unspec' | 'local' | 'inet' | 'inet6' | 'netlink' | 'other';

export interface SockAddr {
  family: SockFamily;
  ip?: string;
  port?: number;
  /** AF_UNIX path; abstract sockets start with `@`. */
  path?: string;
}

const AF_UNSPEC = 0;
const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;

export function decodeSockaddrBytes(b: Uint8Array, isLittleEndian: boolean): SockAddr | undefined {
  if (b.length < 2) return undefined;
  const b0 = b[0] as number;
  const b1 = b[1] as number;
  const fam = isLittleEndian ? b0 | (b1 << 8) : (b0 << 8) | b1;
  const port = b.length >= 4 ? ((b[2] as number) << 8) | (b[3] as number) : undefined;
  switch (fam) {
    case AF_INET:
      if (b.length < 8) return { family: 'inet' };
      return { family: 'inet', ip: `${b[4]}.${b[5]}.${b[6]}.${b[7]}`, ...(port === undefined ? {} : { port }) };
    case AF_INET6:
      if (b.length < 24) return { family: 'inet6' };
      return { family: 'inet6', ip: formatIpv6(b.subarray(8, 24)), ...(port === undefined ? {} : { port }) };
    case AF_UNIX: {
      const isAbstract = b.length > 2 && b[2] === 0;
      const start = isAbstract ? 3 : 2;
      let end = Buffer.from(b.buffer, b.byteOffset, b.length).indexOf(0, start);
      if (end === -1) end = b.length;
      const text = bytesToText(Buffer.from(b.subarray(start, end)));
      return { family: 'local', path: isAbstract ? `@${text}` : text };
    }
    case AF_NETLINK:
      return { family: 'netlink' };
    case AF_UNSPEC:
      return { family: 'unspec' };
    default:
      return { family: 'other' };
  }
}

export function decodeSockaddrHex(hex: string, isLittleEndian: boolean): SockAddr | undefined {
  return isHex(hex) ? decodeSockaddrBytes(Buffer.from(hex, 'hex'), isLittleEndian) : undefined;
}

const FAMILY_NAMES: Record<string, SockFamily> = {
  inet: 'inet',
  inet6: 'inet6',
  local: 'local',
  unix: 'local',
  netlink: 'netlink',
  unspec: 'unspec',
};

/** `{ saddr_fam=inet laddr=10.0.0.1 lport=80 }` → SockAddr. */
export function parseInterpretedSockaddr(text: string): SockAddr | undefined {
  // Not `/\s*\}$/`: unanchored at the start, it rescans every run of spaces to its end (quadratic).
  let body = text;
  if (body.startsWith('{')) body = body.slice(1);
  if (body.endsWith('}')) body = body.slice(0, -1);
  const kv = new Map<string, string>();
  for (const word of body.split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq > 0) kv.set(word.slice(0, eq), word.slice(eq + 1));
  }
  const fam = kv.get('saddr_fam') ?? kv.get('fam');
  if (fam === undefined) return undefined;
  const family = FAMILY_NAMES[fam] ?? 'other';
  const out: SockAddr = { family };
  const ip = kv.get('laddr') ?? kv.get('addr');
  const port = kv.get('lport') ?? kv.get('port');
  if (ip !== undefined && (family === 'inet' || family === 'inet6')) out.ip = normaliseIp(ip);
  if (port !== undefined && /^\d+$/.test(port)) out.port = Number(port);
  const path = kv.get('path');
  if (path !== undefined) out.path = path;
  return out;
}

/** RFC 5952 text; IPv4-mapped addresses become dotted IPv4 so they match flow records. */
export function formatIpv6(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] as number) << 8) | (b[i + 1] as number));
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether `addr=` holds an IP address (it may hold `?`, a hostname or a tty). */
export function isIpAddress(text: string): boolean {
  const m = IPV4.exec(text);
  if (m !== null) return m.slice(1).every((p) => Number(p) <= 255);
  return text.includes(':') && /^[0-9a-fA-F:.]+$/.test(text) && text.length >= 2;
}

/** `::ffff:1.2.3.4` → `1.2.3.4`, so log and flow addresses compare equal. */
export function normaliseIp(text: string): string {
  const lower = text.toLowerCase();
  return lower.startsWith('::ffff:') && IPV4.test(lower.slice(7)) ? lower.slice(7) : lower;
}
