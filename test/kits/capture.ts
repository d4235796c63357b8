// Test-only helpers for the binary flow parsers: a deliberately simple, independent classic
// pcap reader, writers for every capture variant we support (so one real fixture can be
// re-encoded as big-endian, nanosecond, pcapng with EPB or SPB, other link types), and a
// minimal reader for the 48-column nfdump CSV that the derived fixtures carry.
import fs from 'node:fs';
import type { FlowRecord } from '../../lib/records/records';
import { fixture } from '../fixtures';

export interface RawPacket {
  tsSec: number;
  /** Microseconds. */
  tsUsec: number;
  data: Buffer;
  origLen: number;
}

export interface RawCapture {
  linkType: number;
  snapLen: number;
  packets: RawPacket[];
}

export function readFixture(relative: string): Buffer {
  return fs.readFileSync(fixture(relative));
}

/** Reads a little-endian microsecond classic pcap (what every capture fixture is). */
export function readClassicPcap(buf: Buffer): RawCapture {
  if (buf.readUInt32LE(0) !== 0xa1b2c3d4) throw new Error('fixture is not a LE microsecond pcap');
  const packets: RawPacket[] = [];
  for (let o = 24; o + 16 <= buf.length; ) {
    const capLen = buf.readUInt32LE(o + 8);
    packets.push({
      tsSec: buf.readUInt32LE(o),
      tsUsec: buf.readUInt32LE(o + 4),
      data: buf.subarray(o + 16, o + 16 + capLen),
      origLen: buf.readUInt32LE(o + 12),
    });
    o += 16 + capLen;
  }
  return { linkType: buf.readUInt32LE(20), snapLen: buf.readUInt32LE(16), packets };
}

function u32(value: number, le: boolean): Buffer {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(value >>> 0);
  else b.writeUInt32BE(value >>> 0);
  return b;
}

function u16(value: number, le: boolean): Buffer {
  const b = Buffer.alloc(2);
  if (le) b.writeUInt16LE(value);
  else b.writeUInt16BE(value);
  return b;
}

export function writeClassicPcap(cap: RawCapture, opts: { le: boolean; nano: boolean }): Buffer {
  const { le, nano } = opts;
  const parts = [u32(nano ? 0xa1b23c4d : 0xa1b2c3d4, le), u16(2, le), u16(4, le), u32(0, le), u32(0, le), u32(cap.snapLen, le), u32(cap.linkType, le)];
  for (const p of cap.packets) {
    parts.push(u32(p.tsSec, le), u32(nano ? p.tsUsec * 1000 : p.tsUsec, le));
    parts.push(u32(p.data.length, le), u32(p.origLen, le), p.data);
  }
  return Buffer.concat(parts);
}

function block(type: number, body: Buffer, le: boolean): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const len = padded.length + 12;
  return Buffer.concat([u32(type, le), u32(len, le), padded, u32(len, le)]);
}

export interface PcapngOptions {
  le: boolean;
  /** if_tsresol option byte (6 = µs, 9 = ns, 0x80|n = 2^-n); omitted when undefined. */
  tsresol?: number;
  /** Use Simple Packet Blocks (no timestamps) instead of Enhanced Packet Blocks. */
  simple?: boolean;
  /** Emit an extra unused interface first, so packets reference interface 1. */
  extraInterface?: boolean;
}

export function writePcapng(cap: RawCapture, opts: PcapngOptions): Buffer {
  const { le } = opts;
  const shb = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d, le), u16(1, le), u16(0, le), Buffer.alloc(8, 0xff)]), le);
  const idb = (linkType: number, tsresol?: number): Buffer => {
    const options = tsresol === undefined ? Buffer.alloc(0) : Buffer.concat([u16(9, le), u16(1, le), Buffer.from([tsresol, 0, 0, 0]), u16(0, le), u16(0, le)]);
    return block(1, Buffer.concat([u16(linkType, le), u16(0, le), u32(cap.snapLen, le), options]), le);
  };
  const parts = [shb];
  if (opts.extraInterface) parts.push(idb(147));
  parts.push(idb(cap.linkType, opts.tsresol));
  const ifId = opts.extraInterface ? 1 : 0;
  const res = opts.tsresol ?? 6;
  const perSecond = res & 0x80 ? 2 ** (res & 0x7f) : 10 ** res;
  for (const p of cap.packets) {
    if (opts.simple) {
      parts.push(block(3, Buffer.concat([u32(p.origLen, le), p.data]), le));
      continue;
    }
    const units = BigInt(p.tsSec) * BigInt(perSecond) + (BigInt(p.tsUsec) * BigInt(perSecond)) / 1_000_000n;
    const hi = Number(units >> 32n);
    const lo = Number(units & 0xffffffffn);
    const head = Buffer.concat([u32(ifId, le), u32(hi, le), u32(lo, le), u32(p.data.length, le), u32(p.origLen, le)]);
    parts.push(block(6, Buffer.concat([head, p.data]), le));
  }
  return Buffer.concat(parts);
}

/** Re-frames Ethernet/IP packets under another link layer (the IP packet is kept as is). */
export function relink(cap: RawCapture, linkType: number, frame: (ip: Buffer, etherType: number) => Buffer): RawCapture {
  if (cap.linkType !== 1) throw new Error('relink expects an Ethernet capture');
  const packets = cap.packets.map((p) => {
    const etherType = p.data.readUInt16BE(12);
    const data = frame(p.data.subarray(14), etherType);
    return { ...p, data, origLen: p.origLen - p.data.length + data.length };
  });
  return { linkType, snapLen: cap.snapLen, packets };
}

/** One row of a 48-column nfdump CSV (`-o csv`, 1.6/1.7.1): the fields the tests compare. */
export interface NfdumpRow {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  proto: number;
  packets: number;
  bytes: number;
}

const PROTOCOLS: Record<string, number> = { ICMP: 1, TCP: 6, UDP: 17, ICMP6: 58 };

export function readNfdumpCsv(relative: string): NfdumpRow[] {
  const [header, ...lines] = fs.readFileSync(fixture(relative), 'utf8').split('\n');
  const cols = (header ?? '').split(',');
  const at = (name: string): number => cols.indexOf(name);
  const rows: NfdumpRow[] = [];
  for (const line of lines) {
    if (line.startsWith('Summary')) break;
    const c = line.split(',');
    if (c.length < cols.length) continue;
    const pr = c[at('pr')] ?? '';
    rows.push({
      srcIp: c[at('sa')] ?? '',
      dstIp: c[at('da')] ?? '',
      srcPort: Number(c[at('sp')]),
      dstPort: Number(c[at('dp')]),
      proto: PROTOCOLS[pr] ?? Number(pr),
      packets: Number(c[at('ipkt')]),
      bytes: Number(c[at('ibyt')]),
    });
  }
  return rows;
}

/** `proto src:port>dst:port packets bytes`, for comparing record sets. */
export function flowKey(r: Pick<FlowRecord, 'proto' | 'srcIp' | 'srcPort' | 'dstIp' | 'dstPort' | 'packets' | 'bytes'>): string {
  return `${r.proto} ${r.srcIp}:${r.srcPort}>${r.dstIp}:${r.dstPort} ${r.packets} ${r.bytes}`;
}
