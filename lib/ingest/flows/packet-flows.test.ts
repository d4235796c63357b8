import { describe, expect, it, test } from 'vitest';
import { describeFixtures } from '../../../test/fixtures';
import { type RawPacket, readFixture, readNfdumpCsv, writeClassicPcap } from '../../../test/kits/capture';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import type { FlowRecord } from '../../records/records';
import { createPacketCaptureParser, DEFAULT_PACKET_FLOW_SETTINGS, type PacketFlowSettings } from './packet-flows';

const ctx = { path: 'capture.pcap', timeZone: 'UTC' };

/** Capture → nfpcapd's one-way CSV of the same capture (made with nfdump 1.7.1, flows/derived). */
const pairs: [string, string][] = [
  ['flows/packet-captures/bro-simple-scan/pcaps/445_scan.pcap', 'flows/derived/bro-simple-scan-445_scan/bss_445_scan'],
  ['flows/packet-captures/bro-simple-scan/pcaps/multiport_scan.pcap', 'flows/derived/bro-simple-scan-multiport_scan/bss_multiport_scan'],
  ['flows/packet-captures/bro-simple-scan/pcaps/port_scan.pcap', 'flows/derived/bro-simple-scan-port_scan/bss_port_scan'],
  [
    'flows/packet-captures/bro-simple-scan/pcaps/scan_with_zero_windows.pcap',
    'flows/derived/bro-simple-scan-scan_with_zero_windows/bss_scan_with_zero_windows',
  ],
  ['flows/packet-captures/zeek/traces/ftp_bruteforce.pcap', 'flows/derived/zeek-ftp-bruteforce/zeek_ftp_bruteforce'],
  ['flows/packet-captures/zeek/traces/rfb_vnc-scanner.pcap', 'flows/derived/zeek-vnc-scanner/zeek_vnc_scanner'],
  ['flows/packet-captures/zeek/traces/ssh_sshguess.pcap', 'flows/derived/zeek-sshguess/zeek_sshguess'],
  [
    'paired/otrf-log4shell-jndi/pcap_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.pcap',
    'paired/otrf-log4shell-jndi/derived-flows/otrf_log4shell_jndi',
  ],
];

/** Our two-way flows as one-way rows (`proto a:p>b:q` → [packets, bytes]), summed per direction. */
function oneWay(records: FlowRecord[]): Map<string, [number, number]> {
  const rows = new Map<string, [number, number]>();
  const add = (key: string, packets: number, bytes: number): void => {
    const row = rows.get(key) ?? [0, 0];
    rows.set(key, [row[0] + packets, row[1] + bytes]);
  };
  for (const r of records) {
    add(`${r.proto} ${r.srcIp}:${r.srcPort}>${r.dstIp}:${r.dstPort}`, r.packets, r.bytes);
    if ((r.revPackets ?? 0) > 0) add(`${r.proto} ${r.dstIp}:${r.dstPort}>${r.srcIp}:${r.srcPort}`, r.revPackets ?? 0, r.revBytes ?? 0);
  }
  return rows;
}

describeFixtures('packet captures metered into flows', () => {
  test.each(pairs)('%s matches nfpcapd per direction (packets, IP bytes)', (pcap, derived) => {
    const result = parseWithSplits(() => createPacketCaptureParser(ctx), readFixture(pcap), { maxChunk: 24, randomRuns: 6 });
    expect(result.invalid).toEqual([]);
    const theirs = new Map<string, [number, number]>();
    for (const row of readNfdumpCsv(`${derived}.nfpcapd.nfdump.csv`)) {
      const key = `${row.proto} ${row.srcIp}:${row.srcPort}>${row.dstIp}:${row.dstPort}`;
      const sum = theirs.get(key) ?? [0, 0];
      theirs.set(key, [sum[0] + row.packets, sum[1] + row.bytes]);
    }
    expect(Object.fromEntries(oneWay(result.records))).toEqual(Object.fromEntries(theirs));
    for (const r of result.records) expect(r.endMs).toBeGreaterThanOrEqual(r.startMs);
  });

  it('445_scan is not in time order: the earliest packet still decides the direction', () => {
    const { records } = parseAll(createPacketCaptureParser(ctx), readFixture(pairs[0]?.[0] as string));
    for (const r of records.filter((f) => f.proto === 6)) {
      expect(r.dstPort).toBe(445);
      expect((r.tcpFlags ?? 0) & 2).toBe(2); // the scanner's SYN is in the forward direction
    }
  });
});

/** A raw IPv4 packet (link type 228) with a TCP or UDP header. */
function packet(t: number, src: string, sp: number, dst: string, dp: number, opts: { tcp?: number; len?: number } = {}): RawPacket {
  const isTcp = opts.tcp !== undefined;
  const len = opts.len ?? (isTcp ? 40 : 28);
  const d = Buffer.alloc(len);
  d.writeUInt8(0x45, 0);
  d.writeUInt16BE(len, 2);
  d.writeUInt8(isTcp ? 6 : 17, 9);
  Buffer.from(src.split('.').map(Number)).copy(d, 12);
  Buffer.from(dst.split('.').map(Number)).copy(d, 16);
  d.writeUInt16BE(sp, 20);
  d.writeUInt16BE(dp, 22);
  if (isTcp) d.writeUInt8(opts.tcp ?? 0, 33);
  else d.writeUInt16BE(len - 20, 24);
  return { tsSec: Math.floor(t), tsUsec: Math.round((t % 1) * 1e6), data: d, origLen: len };
}

function meter(packets: RawPacket[], settings: Partial<PacketFlowSettings> = {}) {
  const buf = writeClassicPcap({ linkType: 228, snapLen: 65535, packets }, { le: true, nano: false });
  return parseAll(createPacketCaptureParser(ctx, { ...DEFAULT_PACKET_FLOW_SETTINGS, ...settings }), buf);
}

const A = '10.0.0.1';
const B = '10.0.0.2';
const SYN = 2;
const ACK = 16;
const FIN = 1;
const RST = 4;
const T0 = 1_700_000_000;

describe('flow metering rules', () => {
  it('counts both directions and ORs TCP flags per direction', () => {
    const { records } = meter([
      packet(T0, A, 5000, B, 80, { tcp: SYN }),
      packet(T0 + 0.1, B, 80, A, 5000, { tcp: SYN | ACK }),
      packet(T0 + 0.2, A, 5000, B, 80, { tcp: ACK, len: 100 }),
      packet(T0 + 0.3, A, 5000, B, 80, { tcp: FIN | ACK }),
      packet(T0 + 0.4, B, 80, A, 5000, { tcp: FIN | ACK }),
    ]);
    expect(records).toEqual([
      expect.objectContaining({
        srcIp: A,
        dstIp: B,
        srcPort: 5000,
        dstPort: 80,
        packets: 3,
        bytes: 180,
        revPackets: 2,
        revBytes: 80,
        tcpFlags: SYN | ACK | FIN,
        revTcpFlags: SYN | ACK | FIN,
        startMs: T0 * 1000,
        endMs: T0 * 1000 + 400,
      }),
    ]);
  });

  it('a UDP flow idle for longer than the inactive timeout ends; the next packet starts a new one', () => {
    const { records } = meter([packet(T0, A, 53000, B, 53), packet(T0 + 30, B, 53, A, 53000), packet(T0 + 100, A, 53000, B, 53)]);
    expect(records.map((r) => [r.packets, r.revPackets, r.startMs / 1000 - T0])).toEqual([
      [1, 1, 0],
      [1, 0, 100],
    ]);
  });

  it('the active timeout cuts long flows', () => {
    const packets = Array.from({ length: 400 }, (_, i) => packet(T0 + i * 10, A, 40000, B, 443, { tcp: ACK }));
    const { records } = meter(packets);
    expect(records.map((r) => r.packets)).toEqual([180, 180, 40]);
  });

  it('FIN both ways or RST closes TCP; a new SYN on the same ports is a new flow', () => {
    const { records } = meter([
      packet(T0, A, 5000, B, 22, { tcp: SYN }),
      packet(T0 + 1, B, 22, A, 5000, { tcp: RST | ACK }),
      packet(T0 + 2, A, 5000, B, 22, { tcp: SYN }),
      packet(T0 + 3, B, 22, A, 5000, { tcp: SYN | ACK }),
      packet(T0 + 20, A, 5000, B, 22, { tcp: ACK }),
    ]);
    expect(records.map((r) => [r.packets, r.revPackets, r.revTcpFlags])).toEqual([
      [1, 1, RST | ACK],
      [2, 1, SYN | ACK],
    ]);
  });

  it('out-of-order packets: a reply stamped earlier than the request turns the flow round', () => {
    const { records } = meter([packet(T0 + 1, B, 80, A, 5000, { tcp: SYN | ACK }), packet(T0, A, 5000, B, 80, { tcp: SYN })]);
    expect(records).toEqual([expect.objectContaining({ srcIp: A, dstPort: 80, tcpFlags: SYN, revTcpFlags: SYN | ACK, startMs: T0 * 1000 })]);
  });

  it('the table cap exports early with one issue and loses no packet', () => {
    const packets = Array.from({ length: 50 }, (_, i) => packet(T0 + i / 100, A, 10000 + i, B, 53));
    const { records, invalid } = meter([...packets, ...packets.map((p) => ({ ...p, tsUsec: p.tsUsec + 5000 }))], {
      maxFlows: 10,
    });
    expect(invalid).toEqual([{ offset: expect.any(Number), reason: expect.stringContaining('more than 10 flows') }]);
    expect(records.reduce((n, r) => n + r.packets, 0)).toBe(100);
  });
});
