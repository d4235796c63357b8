import { describe, expect, it, test } from 'vitest';
import { describeFixtures } from '../../../test/fixtures';
import { type RawCapture, readClassicPcap, readFixture, writeClassicPcap, writePcapng } from '../../../test/kits/capture';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import type { ChunkParser } from '../types';
import { MAX_PCAPNG_INTERFACES, PcapReader } from './pcap';

interface Seen {
  tsMs: number;
  linkType: number;
  data: string;
  origLen: number;
  offset: number;
}

/** PcapReader as a ChunkParser of packet summaries, so the shared split helpers apply. */
function packetParser(): ChunkParser<Seen> {
  const reader = new PcapReader();
  let records: Seen[] = [];
  const onPacket = (p: { tsMs: number; linkType: number; data: Buffer; origLen: number; offset: number }): void => {
    records.push({ tsMs: p.tsMs, linkType: p.linkType, data: p.data.toString('base64'), origLen: p.origLen, offset: p.offset });
  };
  return {
    push(chunk) {
      records = [];
      const invalid: { offset?: number; reason: string }[] = [];
      reader.push(chunk, onPacket, invalid);
      return { records, invalid };
    },
    end() {
      const invalid: { offset?: number; reason: string }[] = [];
      reader.end(invalid);
      return { records: [], invalid };
    },
  };
}

const CAPTURES = [
  'flows/packet-captures/zeek/traces/rfb_vnc-scanner.pcap',
  'flows/packet-captures/bro-simple-scan/pcaps/445_scan.pcap',
  'flows/pmacct/112-IPFIXv10-CISCO-options-map-reassignment/traffic-00.pcap',
  'flows/akvorado/nfv5.pcap',
];

/** What every variant must reproduce: timestamps (µs precision), link type and bytes. */
function expected(cap: RawCapture): Omit<Seen, 'offset'>[] {
  return cap.packets.map((p) => ({
    tsMs: p.tsSec * 1000 + p.tsUsec / 1000,
    linkType: cap.linkType,
    data: p.data.toString('base64'),
    origLen: p.origLen,
  }));
}

function withoutOffsets(seen: Seen[]): Omit<Seen, 'offset'>[] {
  return seen.map(({ offset: _offset, ...rest }) => ({ ...rest, tsMs: Math.round(rest.tsMs * 1000) / 1000 }));
}

describeFixtures('PcapReader on real captures', () => {
  test.each(CAPTURES)('%s: every packet, with file offsets, at any chunk split', (path) => {
    const buf = readFixture(path);
    const cap = readClassicPcap(buf);
    const result = parseWithSplits(packetParser, buf, { maxChunk: 40, randomRuns: 10 });
    expect(result.invalid).toEqual([]);
    expect(withoutOffsets(result.records)).toEqual(expected(cap));
    // Offsets point at the packet bytes in the file.
    for (const r of result.records)
      expect(buf.subarray(r.offset, r.offset + 8).toString('base64')).toBe(Buffer.from(r.data, 'base64').subarray(0, 8).toString('base64'));
  });

  const variants: [string, (cap: RawCapture) => Buffer][] = [
    ['classic big-endian µs', (c) => writeClassicPcap(c, { le: false, nano: false })],
    ['classic little-endian ns', (c) => writeClassicPcap(c, { le: true, nano: true })],
    ['classic big-endian ns', (c) => writeClassicPcap(c, { le: false, nano: true })],
    ['pcapng little-endian, default resolution', (c) => writePcapng(c, { le: true })],
    ['pcapng big-endian, ns resolution', (c) => writePcapng(c, { le: false, tsresol: 9 })],
    ['pcapng little-endian, 2^-20 s resolution, second interface', (c) => writePcapng(c, { le: true, tsresol: 0x94, extraInterface: true })],
  ];
  test.each(variants)('%s gives the same packets as the original', (_name, encode) => {
    const cap = readClassicPcap(readFixture(CAPTURES[1] as string));
    const buf = encode(cap);
    const result = parseWithSplits(packetParser, buf, { maxChunk: 30, randomRuns: 5 });
    expect(result.invalid).toEqual([]);
    const want = expected(cap);
    const got = withoutOffsets(result.records);
    // 2^-20 s units cannot hold every microsecond exactly.
    expect(got.map((g) => ({ ...g, tsMs: Math.round(g.tsMs) }))).toEqual(want.map((w) => ({ ...w, tsMs: Math.round(w.tsMs) })));
  });

  it('reads pcapng Simple Packet Blocks (no timestamp, data intact)', () => {
    const cap = readClassicPcap(readFixture(CAPTURES[0] as string));
    const result = parseAll(packetParser(), writePcapng(cap, { le: false, simple: true }));
    expect(result.invalid).toEqual([]);
    expect(result.records.map((r) => r.data)).toEqual(cap.packets.map((p) => p.data.toString('base64')));
  });

  it('cut at every offset: whole records only, one located issue, never an exception', () => {
    const buf = readFixture(CAPTURES[0] as string);
    const cap = readClassicPcap(buf);
    const ends = [24];
    for (const p of cap.packets) ends.push((ends.at(-1) as number) + 16 + p.data.length);
    for (let cut = 0; cut <= buf.length; cut++) {
      const result = parseAll(packetParser(), buf.subarray(0, cut));
      const complete = ends.filter((e) => e <= cut).length - 1;
      expect(result.records.length).toBe(Math.max(0, complete));
      if (cut === 0) expect(result.invalid).toEqual([{ offset: 0, reason: 'empty file' }]);
      else if (ends.includes(cut)) expect(result.invalid).toEqual([]);
      else expect(result.invalid).toEqual([expect.objectContaining({ offset: cut < 24 ? 0 : ends[complete] })]);
    }
  });
});

describe('PcapReader on damaged input', () => {
  const cap: RawCapture = {
    linkType: 1,
    snapLen: 65535,
    packets: [1, 2, 3].map((i) => ({ tsSec: 1_700_000_000 + i, tsUsec: i, data: Buffer.alloc(60, i), origLen: 60 })),
  };

  it('stops at an impossible captured length and says where', () => {
    const buf = writeClassicPcap(cap, { le: true, nano: false });
    buf.writeUInt32LE(0x7fffffff, 24 + 76 + 8); // second record's incl_len
    const result = parseAll(packetParser(), buf);
    expect(result.records).toHaveLength(1);
    expect(result.invalid).toEqual([{ offset: 100, reason: expect.stringContaining('captured length') }]);
  });

  it('rejects unknown magic', () => {
    expect(parseAll(packetParser(), Buffer.from('not a capture at all')).invalid).toEqual([{ offset: 0, reason: expect.stringContaining('unknown magic') }]);
  });

  it('pcapng: bad trailing length, bad byte-order magic, undeclared interface', () => {
    const good = writePcapng(cap, { le: true });
    const trailing = Buffer.from(good);
    trailing.writeUInt32LE(999, trailing.length - 4);
    expect(parseAll(packetParser(), trailing).invalid).toEqual([{ offset: trailing.length - 4, reason: expect.stringContaining('trailing length') }]);
    const bom = Buffer.from(good);
    bom.writeUInt32LE(0x12345678, 8);
    expect(parseAll(packetParser(), bom).invalid).toEqual([{ offset: 8, reason: expect.stringContaining('byte-order') }]);
    const iface = Buffer.from(good);
    const firstEpb = 28 + 20; // SHB (28 bytes) + IDB without options (20 bytes)
    iface.writeUInt32LE(7, firstEpb + 8);
    const result = parseAll(packetParser(), iface);
    expect(result.records).toHaveLength(2);
    expect(result.invalid).toEqual([{ offset: firstEpb + 8, reason: expect.stringContaining('interface 7') }]);
  });

  it('flipped bytes never throw or hang', () => {
    const buf = writePcapng(cap, { le: false, tsresol: 9 });
    for (let i = 0; i < buf.length; i++) {
      const bad = Buffer.from(buf);
      bad.writeUInt8(bad.readUInt8(i) ^ 0xff, i);
      expect(() => parseAll(packetParser(), bad, 7)).not.toThrow();
    }
  });
});

describe('PcapReader on a flood of interface declarations', () => {
  // Issue 20, finding 2: one section header and 90 M minimal interface description blocks (a
  // 12 MB gzip) grew the interface list to 6.9 GB. 5 M blocks (100 MB) are streamed here in
  // 64 KB chunks; what is measured is heap growth, not time.
  it('5 M interface blocks: one located problem, the heap does not grow with them', () => {
    const idb = Buffer.alloc(20);
    idb.writeUInt32LE(1, 0);
    idb.writeUInt32LE(20, 4);
    idb.writeUInt16LE(1, 8);
    idb.writeUInt32LE(20, 16);
    const perChunk = 3276;
    const chunk = Buffer.concat(Array.from({ length: perChunk }, () => idb));
    const shb = Buffer.alloc(28);
    shb.writeUInt32LE(0x0a0d0d0a, 0);
    shb.writeUInt32LE(28, 4);
    shb.writeUInt32LE(0x1a2b3c4d, 8);
    shb.writeUInt16LE(1, 12);
    shb.fill(0xff, 16, 24);
    shb.writeUInt32LE(28, 24);
    const reader = new PcapReader();
    const issues: { offset?: number; reason: string }[] = [];
    const noPacket = () => {
      throw new Error('no packet expected');
    };
    reader.push(shb, noPacket, issues);
    const chunks = Math.ceil(5_000_000 / perChunk);
    let heapAfterLimit = 0;
    for (let i = 0; i < chunks; i++) {
      reader.push(chunk, noPacket, issues);
      if (i === 10) heapAfterLimit = process.memoryUsage().heapUsed;
    }
    reader.end(issues);
    const growth = process.memoryUsage().heapUsed - heapAfterLimit;
    expect(issues).toEqual([
      {
        offset: 28 + MAX_PCAPNG_INTERFACES * 20,
        reason: `more than ${MAX_PCAPNG_INTERFACES} interfaces in one section (limit); the rest are ignored and their packets skipped`,
      },
    ]);
    // 5 M kept interfaces would be several hundred MB.
    expect(growth).toBeLessThan(64 * 1024 ** 2);
  }, 120_000);
});
