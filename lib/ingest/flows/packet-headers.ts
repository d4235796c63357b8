// Link, network and transport headers of one captured frame, decoded in place (no copies).
// Link types (tcpdump.org/linktypes.html): 0 NULL/loopback, 1 Ethernet (802.1Q/802.1ad/QinQ
// tags, PPPoE session, MPLS, LLC/SNAP), 101/228/229 raw IP, 108 OpenBSD LOOP, 113 Linux SLL,
// 276 Linux SLL2. Network: IPv4 and IPv6 with the common extension headers. Transport: TCP,
// UDP, SCTP ports; ICMP/ICMPv6 type and code folded into the destination port, as nfdump
// and softflowd do (type << 8 | code), so packet-derived flows line up with NetFlow ones.
import { ipv4Text, ipv6Text } from './ip-text';

export interface PacketHeaders {
  /** 4 or 6 once an IP header was found. */
  ipVersion: number;
  srcIp: string;
  dstIp: string;
  proto: number;
  srcPort: number;
  dstPort: number;
  /** TCP flags byte (FIN 1 … CWR 128), 0 for other protocols. */
  tcpFlags: number;
  /** IP length as sent (IPv4 total length, IPv6 40 + payload length): what flow meters count. */
  ipLen: number;
  /** A fragment after the first: no transport header, so no ports. */
  isLaterFragment: boolean;
  /** More fragments follow (the UDP payload here is incomplete). */
  hasMoreFragments: boolean;
  /** Transport payload bounds within the captured data (UDP only; 0/0 otherwise). */
  payloadOffset: number;
  payloadLength: number;
}

export function newPacketHeaders(): PacketHeaders {
  return {
    ipVersion: 0,
    srcIp: '',
    dstIp: '',
    proto: 0,
    srcPort: 0,
    dstPort: 0,
    tcpFlags: 0,
    ipLen: 0,
    isLaterFragment: false,
    hasMoreFragments: false,
    payloadOffset: 0,
    payloadLength: 0,
  };
}

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
/** Loopback address families: AF_INET 2; AF_INET6 is 10 (Linux), 24, 28 or 30 (the BSDs, macOS). */
const AF_INET6 = new Set([10, 24, 28, 30]);

/** Finds the IP header of a frame: returns its offset and sets `version`, or -1 for non-IP. */
function findIp(linkType: number, d: Buffer): { off: number; version: number } | null {
  const len = d.length;
  switch (linkType) {
    case 1:
      return len >= 14 ? fromEtherType(d, d.readUInt16BE(12), 14) : null;
    case 113:
      return len >= 16 ? fromEtherType(d, d.readUInt16BE(14), 16) : null;
    case 276:
      return len >= 20 ? fromEtherType(d, d.readUInt16BE(0), 20) : null;
    case 101:
      return len >= 1 ? byVersionNibble(d, 0) : null;
    case 228:
      return { off: 0, version: 4 };
    case 229:
      return { off: 0, version: 6 };
    case 0:
    case 108: {
      if (len < 4) return null;
      // NULL stores the family in the capturing host's byte order, LOOP in network order.
      const le = d.readUInt32LE(0);
      const be = d.readUInt32BE(0);
      if (le === 2 || be === 2) return { off: 4, version: 4 };
      if (AF_INET6.has(le) || AF_INET6.has(be)) return { off: 4, version: 6 };
      return null;
    }
    default:
      return null;
  }
}

function byVersionNibble(d: Buffer, off: number): { off: number; version: number } | null {
  if (off >= d.length) return null;
  const v = d.readUInt8(off) >> 4;
  return v === 4 || v === 6 ? { off, version: v } : null;
}

function fromEtherType(d: Buffer, first: number, start: number): { off: number; version: number } | null {
  let et = first;
  let off = start;
  for (let hops = 0; hops < 8; hops++) {
    if (et === ETH_IPV4) return { off, version: 4 };
    if (et === ETH_IPV6) return { off, version: 6 };
    if (et === 0x8100 || et === 0x88a8 || et === 0x9100) {
      // 802.1Q / 802.1ad (QinQ) tag: TCI then the inner EtherType.
      if (off + 4 > d.length) return null;
      et = d.readUInt16BE(off + 2);
      off += 4;
    } else if (et === 0x8847 || et === 0x8848) {
      // MPLS: skip labels to bottom-of-stack; the payload type is not signalled, guess by nibble.
      while (off + 4 <= d.length && (d.readUInt8(off + 2) & 1) === 0) off += 4;
      return byVersionNibble(d, off + 4);
    } else if (et === 0x8864) {
      // PPPoE session: 6-byte header, then the PPP protocol (0x0021 IPv4, 0x0057 IPv6).
      if (off + 8 > d.length) return null;
      const ppp = d.readUInt16BE(off + 6);
      return ppp === 0x21 ? { off: off + 8, version: 4 } : ppp === 0x57 ? { off: off + 8, version: 6 } : null;
    } else if (et < 0x0600) {
      // 802.3 length field: only LLC/SNAP (AA AA 03, OUI, EtherType) can carry IP.
      if (off + 8 > d.length || d.readUInt16BE(off) !== 0xaaaa || d.readUInt8(off + 2) !== 3) return null;
      et = d.readUInt16BE(off + 6);
      off += 8;
    } else {
      return null;
    }
  }
  return null;
}

/** Extension headers that chain with (next header, length) in RFC 8200 form. */
function isIpv6Extension(nh: number): boolean {
  return nh === 0 || nh === 43 || nh === 60 || nh === 44 || nh === 51 || nh === 135 || nh === 139 || nh === 140;
}

/**
 * Decodes the headers of one frame into `out` (reused between calls). Returns false when the
 * frame holds no complete IP header (non-IP, unknown link type, or truncated before the
 * addresses); transport fields stay 0 when the capture ends before them.
 */
export function decodePacketHeaders(linkType: number, d: Buffer, out: PacketHeaders): boolean {
  const ip = findIp(linkType, d);
  out.ipVersion = 0;
  out.srcPort = 0;
  out.dstPort = 0;
  out.tcpFlags = 0;
  out.isLaterFragment = false;
  out.hasMoreFragments = false;
  out.payloadOffset = 0;
  out.payloadLength = 0;
  if (ip === null) return false;
  let off = ip.off;
  let l4: number;
  let proto: number;
  if (ip.version === 4) {
    if (off + 20 > d.length || d.readUInt8(off) >> 4 !== 4) return false;
    const ihl = (d.readUInt8(off) & 15) * 4;
    if (ihl < 20) return false;
    out.ipLen = d.readUInt16BE(off + 2);
    proto = d.readUInt8(off + 9);
    out.srcIp = ipv4Text(d, off + 12);
    out.dstIp = ipv4Text(d, off + 16);
    const frag = d.readUInt16BE(off + 6);
    out.isLaterFragment = (frag & 0x1fff) !== 0;
    out.hasMoreFragments = (frag & 0x2000) !== 0;
    l4 = off + ihl;
  } else {
    if (off + 40 > d.length || d.readUInt8(off) >> 4 !== 6) return false;
    out.ipLen = 40 + d.readUInt16BE(off + 4);
    out.srcIp = ipv6Text(d, off + 8);
    out.dstIp = ipv6Text(d, off + 24);
    proto = d.readUInt8(off + 6);
    off += 40;
    for (let hops = 0; hops < 8 && isIpv6Extension(proto); hops++) {
      if (off + 8 > d.length) {
        proto = 59; // truncated inside the extension chain: no transport header to read
        break;
      }
      const next = d.readUInt8(off);
      if (proto === 44) {
        const frag = d.readUInt16BE(off + 2);
        out.isLaterFragment = frag >> 3 !== 0;
        out.hasMoreFragments = (frag & 1) !== 0;
        off += 8;
      } else if (proto === 51) {
        off += (d.readUInt8(off + 1) + 2) * 4; // AH counts 4-byte words minus 2 (RFC 4302)
      } else {
        off += (d.readUInt8(off + 1) + 1) * 8;
      }
      proto = next;
    }
    l4 = off;
  }
  out.ipVersion = ip.version;
  out.proto = proto;
  if (out.isLaterFragment) return true;
  const avail = d.length - l4;
  if (proto === 6 || proto === 17 || proto === 132) {
    if (avail < 4) return true;
    out.srcPort = d.readUInt16BE(l4);
    out.dstPort = d.readUInt16BE(l4 + 2);
    if (proto === 6 && avail >= 14) out.tcpFlags = d.readUInt8(l4 + 13);
    if (proto === 17 && avail >= 8) {
      const udpLen = d.readUInt16BE(l4 + 4);
      out.payloadOffset = l4 + 8;
      // UDP length bounds the payload (Ethernet pads short frames); a capture may end earlier.
      out.payloadLength = Math.max(0, Math.min(udpLen >= 8 ? udpLen - 8 : avail - 8, avail - 8));
    }
  } else if ((proto === 1 && ip.version === 4) || (proto === 58 && ip.version === 6)) {
    if (avail >= 2) out.dstPort = (d.readUInt8(l4) << 8) | d.readUInt8(l4 + 1);
  }
  return true;
}
