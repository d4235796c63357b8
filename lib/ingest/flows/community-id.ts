// Community ID v1 (corelight/community-id-spec): a direction-free flow hash that Zeek,
// Suricata, Elastic and Arkime can log, so our flows join theirs by string equality.
//   "1:" + base64(sha1(seed:u16be . saddr . daddr . proto:u8 . 0:u8 [. sport:u16be . dport:u16be]))
// Endpoints are ordered so the smaller (address bytes, then port) comes first. Ports are hashed
// only for TCP, UDP, SCTP, ICMP and ICMPv6. ICMP "ports" are the type and either the type of
// the counterpart message (request ↔ reply, two-way) or the code (one-way, never reordered),
// following Zeek's ICMP4_counterpart / ICMP6_counterpart, which the spec adopts.
import { hash } from 'node:crypto';
import { writeIpBytes } from './address-text';

const ICMP = 1;
const ICMP6 = 58;
const PORT_PROTOCOLS = new Set([6, 17, 132, ICMP, ICMP6]);

// Echo, timestamp, information, router solicitation/advertisement, address mask.
const ICMP4_COUNTERPART = new Map([
  [8, 0],
  [0, 8],
  [13, 14],
  [14, 13],
  [15, 16],
  [16, 15],
  [10, 9],
  [9, 10],
  [17, 18],
  [18, 17],
]);
// Echo, MLD query/report, router and neighbour discovery, who-are-you, home agent discovery.
const ICMP6_COUNTERPART = new Map([
  [128, 129],
  [129, 128],
  [130, 131],
  [131, 130],
  [133, 134],
  [134, 133],
  [135, 136],
  [136, 135],
  [139, 140],
  [140, 139],
  [144, 145],
  [145, 144],
]);

/** The reply type for an ICMP(v6) request type and vice versa; `undefined` for one-way types. */
export function icmpCounterpart(proto: number, type: number): number | undefined {
  return (proto === ICMP6 ? ICMP6_COUNTERPART : ICMP4_COUNTERPART).get(type);
}

export interface FlowTuple {
  srcIp: string;
  dstIp: string;
  proto: number;
  srcPort: number;
  /** For ICMP(v6), Sightline's convention (nfdump, NetFlow v5): type · 256 + code. */
  dstPort: number;
}

// Scratch space reused by every call (hashing is synchronous): ingest hashes each flow.
const srcBytes = new Uint8Array(16);
const dstBytes = new Uint8Array(16);
const input = Buffer.alloc(2 + 16 + 16 + 2 + 4);

/** Address bytes, then ports, compared as the spec orders endpoints. */
function isOrdered(length: number, sport: number, dport: number): boolean {
  for (let i = 0; i < length; i++) {
    const d = (srcBytes[i] ?? 0) - (dstBytes[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return sport <= dport;
}

/** The Community ID of a flow, or `undefined` when an address is unreadable or families differ. */
export function communityId(flow: FlowTuple, seed = 0): string | undefined {
  const length = writeIpBytes(flow.srcIp, srcBytes);
  if (length === 0 || writeIpBytes(flow.dstIp, dstBytes) !== length) return undefined;
  const proto = flow.proto;
  let sport = flow.srcPort;
  let dport = flow.dstPort;
  let isOneWay = false;
  if (proto === ICMP || proto === ICMP6) {
    const type = (flow.dstPort >> 8) & 0xff;
    const counterpart = icmpCounterpart(proto, type);
    sport = type;
    dport = counterpart ?? flow.dstPort & 0xff;
    isOneWay = counterpart === undefined;
  }
  const keep = isOneWay || isOrdered(length, sport, dport);
  let at = input.writeUInt16BE(seed & 0xffff, 0);
  input.set(keep ? srcBytes.subarray(0, length) : dstBytes.subarray(0, length), at);
  at += length;
  input.set(keep ? dstBytes.subarray(0, length) : srcBytes.subarray(0, length), at);
  at += length;
  at = input.writeUInt8(proto & 0xff, at);
  at = input.writeUInt8(0, at);
  if (PORT_PROTOCOLS.has(proto)) {
    at = input.writeUInt16BE((keep ? sport : dport) & 0xffff, at);
    at = input.writeUInt16BE((keep ? dport : sport) & 0xffff, at);
  }
  return `1:${hash('sha1', input.subarray(0, at), 'base64')}`;
}
