import { describe, expect, it, test } from 'vitest';
import { describeFixtures } from '../../../test/fixtures';
import { type RawCapture, readClassicPcap, readFixture, relink, writeClassicPcap } from '../../../test/kits/capture';
import { parseAll } from '../../../test/kits/chunk-parser';
import { createPacketCaptureParser } from './packet-flows';
import { decodePacketHeaders, newPacketHeaders } from './packet-headers';

const ctx = { path: 'test.pcap', timeZone: 'UTC' };

function flowsOf(cap: RawCapture): unknown[] {
  const result = parseAll(createPacketCaptureParser(ctx), writeClassicPcap(cap, { le: true, nano: false }));
  expect(result.invalid).toEqual([]);
  return result.records;
}

function be16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
}

/** Link-layer framings of the same IP packet (tcpdump.org/linktypes.html). */
const framings: [string, number, (ip: Buffer, et: number) => Buffer][] = [
  ['802.1Q VLAN', 1, (ip, et) => Buffer.concat([Buffer.alloc(12, 0xaa), be16(0x8100), be16(42), be16(et), ip])],
  ['QinQ (802.1ad + 802.1Q)', 1, (ip, et) => Buffer.concat([Buffer.alloc(12, 0xaa), be16(0x88a8), be16(7), be16(0x8100), be16(42), be16(et), ip])],
  ['Linux SLL', 113, (ip, et) => Buffer.concat([be16(0), be16(1), be16(6), Buffer.alloc(8, 1), be16(et), ip])],
  ['Linux SLL2', 276, (ip, et) => Buffer.concat([be16(et), be16(0), Buffer.alloc(4), be16(1), Buffer.from([0, 6]), Buffer.alloc(8), ip])],
  ['raw IP (101)', 101, (ip) => ip],
  ['raw IPv4 (228)', 228, (ip) => ip],
  ['BSD null, little-endian family', 0, (ip) => Buffer.concat([Buffer.from([2, 0, 0, 0]), ip])],
  ['OpenBSD loop, network order family', 108, (ip) => Buffer.concat([Buffer.from([0, 0, 0, 2]), ip])],
];

describeFixtures('link types', () => {
  test.each(framings)('%s gives the same flows as Ethernet', (_name, linkType, frame) => {
    const cap = readClassicPcap(readFixture('flows/packet-captures/zeek/traces/ssh_sshguess.pcap'));
    const original = flowsOf(cap);
    expect(original.length).toBeGreaterThan(5);
    expect(flowsOf(relink(cap, linkType, frame))).toEqual(original);
  });

  it('IPv6 over Linux SLL (pmacct 112 exporter) decodes to UDP with the right payload', () => {
    const cap = readClassicPcap(readFixture('flows/pmacct/112-IPFIXv10-CISCO-options-map-reassignment/traffic-00.pcap'));
    expect(cap.linkType).toBe(113);
    const h = newPacketHeaders();
    const first = cap.packets[0]?.data as Buffer;
    expect(decodePacketHeaders(113, first, h)).toBe(true);
    expect(h).toMatchObject({ ipVersion: 6, proto: 17, srcIp: '2001:db8:90::1' });
    expect(first.readUInt16BE(h.payloadOffset)).toBe(10); // IPFIX version word
    expect(h.payloadOffset + h.payloadLength).toBe(first.length);
  });
});

describe('IPv6 extension headers and fragments', () => {
  /** IPv6 UDP packet 2001:db8::1 → 2001:db8::2, 1234 → 53, with `ext` headers inserted. */
  function ipv6(ext: Buffer[], firstNext: number): Buffer {
    const udp = Buffer.concat([be16(1234), be16(53), be16(12), be16(0), Buffer.from('abcd')]);
    const payload = Buffer.concat([...ext, udp]);
    const hdr = Buffer.alloc(40);
    hdr.writeUInt32BE(0x60000000);
    hdr.writeUInt16BE(payload.length, 4);
    hdr.writeUInt8(ext.length > 0 ? firstNext : 17, 6);
    hdr.writeUInt8(64, 7);
    Buffer.from('20010db8000000000000000000000001', 'hex').copy(hdr, 8);
    Buffer.from('20010db8000000000000000000000002', 'hex').copy(hdr, 24);
    return Buffer.concat([hdr, payload]);
  }
  const hopByHop = (next: number): Buffer => Buffer.from([next, 0, 1, 4, 0, 0, 0, 0]);
  const fragment = (next: number, offsetUnits: number, more: boolean): Buffer => {
    const b = Buffer.alloc(8);
    b.writeUInt8(next, 0);
    b.writeUInt16BE((offsetUnits << 3) | (more ? 1 : 0), 2);
    return b;
  };

  it('walks hop-by-hop and destination options to UDP', () => {
    const h = newPacketHeaders();
    expect(decodePacketHeaders(229, ipv6([hopByHop(60), hopByHop(17)], 0), h)).toBe(true);
    expect(h).toMatchObject({ srcIp: '2001:db8::1', dstIp: '2001:db8::2', proto: 17, srcPort: 1234, dstPort: 53 });
    expect(h.payloadLength).toBe(4);
  });

  it('first fragment has ports, later fragments do not', () => {
    const h = newPacketHeaders();
    decodePacketHeaders(229, ipv6([fragment(17, 0, true)], 44), h);
    expect(h).toMatchObject({ proto: 17, srcPort: 1234, hasMoreFragments: true, isLaterFragment: false });
    decodePacketHeaders(229, ipv6([fragment(17, 10, false)], 44), h);
    expect(h).toMatchObject({ proto: 17, srcPort: 0, isLaterFragment: true });
  });

  it('truncated headers are reported as not decodable, never thrown', () => {
    const h = newPacketHeaders();
    const full = ipv6([hopByHop(17)], 0);
    for (let cut = 0; cut < full.length; cut++) {
      expect(() => decodePacketHeaders(229, full.subarray(0, cut), h)).not.toThrow();
      expect(decodePacketHeaders(229, full.subarray(0, cut), h)).toBe(cut >= 40);
    }
    for (const linkType of [0, 1, 101, 108, 113, 228, 276, 9999]) {
      for (let cut = 0; cut < 30; cut++) expect(() => decodePacketHeaders(linkType, full.subarray(0, cut), h)).not.toThrow();
    }
  });

  it('ICMP type and code go to the destination port (nfdump convention)', () => {
    const h = newPacketHeaders();
    const ip = Buffer.alloc(28);
    ip.writeUInt8(0x45, 0);
    ip.writeUInt16BE(28, 2);
    ip.writeUInt8(1, 9);
    ip.writeUInt8(8, 20); // echo request
    expect(decodePacketHeaders(228, ip, h)).toBe(true);
    expect(h).toMatchObject({ proto: 1, srcPort: 0, dstPort: 8 << 8, ipLen: 28 });
  });
});
