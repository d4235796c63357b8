import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { IngestError } from '../types';
import { createZeekConnParser, zeekConnFormat } from './zeek-conn';
import { zeekTcpFlags } from './zeek-conn-record';

const create = () => createZeekConnParser({ path: 'conn.log', timeZone: 'UTC' });
const splitParse = (buf: Buffer) => parseWithSplits(create, buf);
const parse = (text: string) => parseAll(create(), Buffer.from(text));

describeFixtures('Zeek conn.log on real logs', () => {
  it('reads RITA proxy TSV: 463 connections, the beacon to the proxy 407 times', () => {
    const { records, invalid, notes } = splitParse(fs.readFileSync(fixture('flows/rita/proxy/conn.log')));
    expect(invalid).toEqual([]);
    expect(records).toHaveLength(463); // 472 lines − 8 header lines − #close
    const beacon = records.filter((r) => r.srcIp === '10.136.0.18' && r.dstIp === '10.136.0.16' && r.dstPort === 3128);
    expect(beacon).toHaveLength(407);
    expect(records[0]).toEqual({
      recordNo: 9,
      startMs: 1672843056913,
      endMs: 1672843056913 + 84,
      srcIp: '10.136.0.18',
      dstIp: '10.136.0.16',
      srcPort: 55548,
      dstPort: 3128,
      proto: 6,
      packets: 18,
      bytes: 1974, // orig_ip_bytes, not the 1030 payload bytes
      revPackets: 14,
      revBytes: 21011,
      tcpFlags: 0b11011, // ShADadFf: S A D F from the originator
      revTcpFlags: 0b11011, // h a d f from the responder
    });
    expect(notes).toEqual([
      'Zeek byte counts read from orig_ip_bytes/resp_ip_bytes (IP level, as NetFlow counts them)',
      'Zeek TCP flags approximated from history (or conn_state)',
    ]);
  });

  it('reads ICMPv6 router solicitations as proto 58 with type·256 in dstPort', () => {
    const { records } = splitParse(fs.readFileSync(fixture('flows/rita/proxy/conn.log')));
    const icmp6 = records.filter((r) => r.srcIp === 'fe80::7809:d6ff:fee3:ff67');
    expect(icmp6.length).toBeGreaterThan(0);
    expect(icmp6[0]).toMatchObject({ proto: 58, srcPort: 0, dstPort: 133 * 256, dstIp: 'ff02::2', endMs: icmp6[0]?.startMs });
    expect(icmp6[0]).not.toHaveProperty('tcpFlags');
  });

  it('reads Filebeat NDJSON whose last line has no newline', () => {
    const buf = fs.readFileSync(fixture('flows/elastic-beats/zeek/conn.log'));
    expect(buf.at(-1)).not.toBe(10);
    const { records, invalid } = splitParse(buf);
    expect(invalid).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ startMs: 1546981792481, endMs: 1546981792481 + 20022, bytes: 7337, revBytes: 12550, tcpFlags: 27 });
    // S0: a lone SYN, nothing back.
    expect(records[1]).toEqual({
      recordNo: 2,
      startMs: 1546982038618,
      endMs: 1546982038618,
      srcIp: '192.168.86.167',
      dstIp: '10.101.78.23',
      srcPort: 55099,
      dstPort: 15011,
      proto: 6,
      packets: 1,
      bytes: 64,
      tcpFlags: 2,
    });
  });

  it('refuses the other RITA logs (dns.log) in sniffing and parsing', () => {
    const dns = fs.readFileSync(fixture('flows/rita/proxy/dns.log'));
    expect(zeekConnFormat.sniff(dns.subarray(0, 65536))).toBe(0);
    expect(() => parseAll(create(), dns)).toThrow(IngestError);
  });
});

const TSV_NODE = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#fields\t_node_name\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_bytes\tresp_bytes\tconn_state\thistory\torig_pkts\tresp_pkts\tip_proto',
  '#types\tstring\ttime\tstring\taddr\tport\taddr\tport\tenum\tinterval\tcount\tcount\tstring\tstring\tcount\tcount\tcount',
  'worker-1\t1700000000.000001\tC1\t10.0.0.1\t40000\t10.0.0.2\t443\ttcp\t1.5\t100\t2000\tSF\t-\t5\t6\t6',
  'worker-2\t1700000001.5\tC2\t10.0.0.1\t0\t10.0.0.9\t0\tunknown_transport\t-\t-\t-\tOTH\t-\t3\t0\t47',
  'worker-1\t1700000002\tC3\t10.0.0.1\t8\t10.0.0.2\t0\ticmp\t0.1\t56\t56\tOTH\t-\t1\t1\t1',
  'worker-1\t1700000003\tC4\tnot-an-ip\t1\t10.0.0.2\t2\ttcp\t-\t-\t-\tS0\tS\t1\t0\t6',
  'worker-1\t1700000004\tC5\t10.0.0.1\t1',
  'worker-1\t1700000005\tC6\t10.0.0.1\t1\t10.0.0.2\t22\ttcp\t-\t-\t-\tREJ\t-\t1\t1\t6',
  '#close\t2023-11-14-22-13-20',
].join('\n');

describe('Zeek conn.log variants', () => {
  it('reads an extra _node_name column, ip_proto, missing columns and payload-only counts', () => {
    const { records, invalid, notes } = splitParse(Buffer.from(TSV_NODE));
    expect(records.map((r) => [r.recordNo, r.proto, r.srcPort, r.dstPort, r.bytes, r.tcpFlags, r.revTcpFlags])).toEqual([
      [8, 6, 40000, 443, 100, 0b10011, 0b10011], // SF without history: SYN|ACK|FIN both ways
      [9, 47, 0, 0, 0, undefined, undefined], // GRE, known only through ip_proto
      [10, 1, 0, 8 * 256, 56, undefined, undefined], // echo request: resp_p 0 is the counterpart, code 0
      [13, 6, 1, 22, 0, 2, 4], // REJ: SYN, answered by RST
    ]);
    expect(records[0]).toMatchObject({ startMs: 1700000000000, endMs: 1700000001500, revBytes: 2000 });
    expect(invalid).toEqual([
      { line: 11, reason: 'id.orig_h "not-an-ip" is not an address' },
      { line: 12, reason: 'expected 16 fields, found 5' },
    ]);
    expect(notes[0]).toBe('Zeek byte counts read from orig_bytes/resp_bytes (payload only: the IP-level columns are missing)');
  });

  it('reads JSON with a nested id object, ISO 8601 ts and omitted unset fields', () => {
    const line =
      '{"ts":"2024-05-01T10:00:00.250000Z","uid":"C1","id":{"orig_h":"2001:db8::1","orig_p":5353,"resp_h":"2001:db8::2","resp_p":53},"proto":"udp","conn_state":"S0","orig_pkts":1,"orig_ip_bytes":80}';
    const { records } = parse(`${line}\n\n{broken\n[1]\n`);
    expect(records).toEqual([
      {
        recordNo: 1,
        startMs: Date.UTC(2024, 4, 1, 10, 0, 0, 250),
        endMs: Date.UTC(2024, 4, 1, 10, 0, 0, 250),
        srcIp: '2001:db8::1',
        dstIp: '2001:db8::2',
        srcPort: 5353,
        dstPort: 53,
        proto: 17,
        packets: 1,
        bytes: 80,
      },
    ]);
    expect(parse(`${line}\n{broken\n[1]\n`).invalid).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 3, reason: 'not a JSON object' },
    ]);
  });

  it('approximates TCP flags from history first, then conn_state', () => {
    expect(zeekTcpFlags('ShADadFf', 'SF')).toEqual([27, 27]);
    expect(zeekTcpFlags('Sr', 'REJ')).toEqual([2, 4]);
    expect(zeekTcpFlags(undefined, 'S0')).toEqual([2, 0]);
    expect(zeekTcpFlags(undefined, 'RSTO')).toEqual([22, 18]);
    expect(zeekTcpFlags(undefined, 'OTH')).toBeUndefined();
  });
});

describe('Zeek conn.log sniffing', () => {
  it('claims conn TSV and conn JSON, nothing else', () => {
    expect(zeekConnFormat.sniff(Buffer.from(TSV_NODE))).toBe(1);
    expect(zeekConnFormat.sniff(Buffer.from('{"ts":1,"id.orig_h":"1.2.3.4","conn_state":"S0"}\n'))).toBeGreaterThan(0.9);
    expect(zeekConnFormat.sniff(Buffer.from('{"ts":1,"id.orig_h":"1.2.3.4","query":"example.com"}\n'))).toBe(0);
  });
});
