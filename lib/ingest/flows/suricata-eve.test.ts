// Suricata EVE JSON: a real sensor's events (Filebeat's test file), a generated file with every
// flow shape (two-way `flow`, one-way `netflow`, ICMP, IPv6, TCP flags each way), chunk splits
// and damaged lines located by line number.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import { binaryFlowFormats } from './binary-formats';
import { createSuricataEveParser, sniffSuricataEve } from './suricata-eve';
import { HOLD_LINES } from './suricata-eve-dns';
import { textFlowFormats } from './text-formats';

const ctx = { path: 'eve.json', timeZone: 'UTC' };
const PUBLIC = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'public', 'suricata', 'eve-small.log');
const parse = (text: string | Buffer, chunk?: number) => parseAll(createSuricataEveParser(ctx), Buffer.isBuffer(text) ? text : Buffer.from(text), chunk);

const ev = (o: object) => JSON.stringify(o);
const GENERATED = [
  ev({
    timestamp: '2026-12-04T20:16:20.100000+0000',
    flow_id: 1,
    event_type: 'flow',
    src_ip: '192.0.2.66',
    src_port: 51562,
    dest_ip: '10.40.0.5',
    dest_port: 23,
    proto: 'TCP',
    app_proto: 'telnet',
    flow: {
      pkts_toserver: 12,
      pkts_toclient: 10,
      bytes_toserver: 900,
      bytes_toclient: 4100,
      start: '2026-12-04T20:16:16.042000+0000',
      end: '2026-12-04T20:16:19.500000+0000',
      age: 3,
      state: 'closed',
      reason: 'timeout',
      alerted: false,
    },
    tcp: { tcp_flags: '1b', tcp_flags_ts: '1b', tcp_flags_tc: '1a', syn: true, fin: true, psh: true, ack: true, state: 'closed' },
  }),
  ev({
    timestamp: '2026-12-04T20:16:21.000000+0000',
    flow_id: 2,
    event_type: 'netflow',
    src_ip: '10.40.0.5',
    src_port: 44000,
    dest_ip: '203.0.113.9',
    dest_port: 443,
    proto: 'TCP',
    netflow: { pkts: 40, bytes: 52000, start: '2026-12-04T20:16:17.000000+0000', end: '2026-12-04T20:16:20.000000+0000', age: 3, min_ttl: 63, max_ttl: 63 },
    tcp: { tcp_flags: '1b', syn: true },
  }),
  ev({
    timestamp: '2026-12-04T20:16:22.000000+0000',
    flow_id: 3,
    event_type: 'flow',
    src_ip: '2001:db8::5',
    dest_ip: '2001:db8::1',
    proto: 'IPv6-ICMP',
    icmp_type: 128,
    icmp_code: 0,
    flow: {
      pkts_toserver: 1,
      pkts_toclient: 1,
      bytes_toserver: 104,
      bytes_toclient: 104,
      start: '2026-12-04T20:16:21.500000+0000',
      end: '2026-12-04T20:16:21.501000+0000',
    },
  }),
  ev({
    timestamp: '2026-12-04T20:16:23.000000+0000',
    event_type: 'alert',
    src_ip: '192.0.2.66',
    src_port: 51562,
    dest_ip: '10.40.0.5',
    dest_port: 23,
    proto: 'TCP',
    alert: { action: 'allowed', signature_id: 2100716, signature: 'GPL TELNET login incorrect', metadata: { mitre_technique_id: ['T1110'] } },
  }),
  ev({
    timestamp: '2026-12-04T20:16:24.000000+0000',
    event_type: 'dns',
    src_ip: '10.40.0.5',
    dest_ip: '10.40.0.53',
    proto: 'UDP',
    dns: { type: 'query', rrname: 'x.example' },
  }),
  ev({ timestamp: '2026-12-04T20:16:25.000000+0000', event_type: 'vendor_special', src_ip: '10.40.0.5', dest_ip: '10.40.0.53' }),
  '',
].join('\n');

describe('Suricata EVE JSON', () => {
  it("the public sample: one flow, one alert, the sensor's other events counted, no error", () => {
    const result = parse(fs.readFileSync(PUBLIC));
    expect(result.invalid).toEqual([]);
    expect(result.records).toEqual([
      {
        recordNo: 8,
        startMs: Date.parse('2018-07-05T19:51:23.453Z'),
        endMs: Date.parse('2018-07-05T19:51:23.453Z'),
        srcIp: 'fe80::fada:cff:fedc:87f1',
        dstIp: 'ff02::1:2',
        srcPort: 546,
        dstPort: 547,
        proto: 17,
        packets: 1,
        bytes: 110,
      },
    ]);
    expect(result.notes).toEqual([
      '1 Suricata alert event(s) stored as IDS alerts: 1× "ET POLICY Observed IP Lookup Domain (l2 .io in TLS SNI)"',
      '0 alert(s) with a kill-chain stage (ATT&CK metadata or classtype) become network detections; 1 whose classtype names no attacker step are kept, not detections: 1 Potential Corporate Privacy Violation',
      'Suricata events recognised but not used: 1 fileinfo, 1 http, 1 ssh, 1 stats, 1 tls',
      '1 Suricata DNS answer event(s) without their query (the sensor logged answers only?): counted, not stored',
    ]);
  });

  it('flow events are two-way, netflow events one-way, ICMP type/code in the destination port', () => {
    const result = parse(GENERATED);
    expect(result.invalid).toEqual([]);
    expect(result.records).toEqual([
      {
        recordNo: 1,
        startMs: Date.parse('2026-12-04T20:16:16.042Z'),
        endMs: Date.parse('2026-12-04T20:16:19.500Z'),
        srcIp: '192.0.2.66',
        dstIp: '10.40.0.5',
        srcPort: 51562,
        dstPort: 23,
        proto: 6,
        packets: 12,
        bytes: 900,
        revPackets: 10,
        revBytes: 4100,
        tcpFlags: 0x1b,
        revTcpFlags: 0x1a,
      },
      {
        recordNo: 2,
        startMs: Date.parse('2026-12-04T20:16:17Z'),
        endMs: Date.parse('2026-12-04T20:16:20Z'),
        srcIp: '10.40.0.5',
        dstIp: '203.0.113.9',
        srcPort: 44000,
        dstPort: 443,
        proto: 6,
        packets: 40,
        bytes: 52000,
        tcpFlags: 0x1b,
      },
      {
        recordNo: 3,
        startMs: Date.parse('2026-12-04T20:16:21.500Z'),
        endMs: Date.parse('2026-12-04T20:16:21.501Z'),
        srcIp: '2001:db8::5',
        dstIp: '2001:db8::1',
        srcPort: 0,
        dstPort: 128 * 256,
        proto: 58,
        packets: 1,
        bytes: 104,
        revPackets: 1,
        revBytes: 104,
      },
    ]);
    expect(result.notes).toEqual([
      'both flow and netflow events: Suricata logged the same traffic twice (once two-way, once per direction), so volumes count twice',
      '1 Suricata alert event(s) stored as IDS alerts: 1× "GPL TELNET login incorrect" (T1110)',
      '0 alert(s) with a kill-chain stage (ATT&CK metadata or classtype) become network detections; 1 whose classtype names no attacker step are kept, not detections: 1 (no category)',
      'Suricata event types Sightline does not know, counted and skipped: 1 vendor_special',
    ]);
  });

  it('times without an offset (Suricata before 3.0) are read in the upload zone, and said so', () => {
    const line = GENERATED.split('\n')[0]?.replaceAll('+0000', '') ?? '';
    const result = parseAll(createSuricataEveParser({ path: 'eve.json', timeZone: 'Europe/Berlin' }), Buffer.from(`${line}\n`));
    expect(result.records[0]?.startMs).toBe(Date.parse('2026-12-04T19:16:16.042Z'));
    expect(result.notes).toEqual(['zone-less times read as Europe/Berlin']);
  });

  it('output does not depend on chunk boundaries', () => {
    parseWithSplits(() => createSuricataEveParser(ctx), Buffer.from(GENERATED));
    parseWithSplits(() => createSuricataEveParser(ctx), fs.readFileSync(PUBLIC), { maxChunk: 64, randomRuns: 10 });
  });

  it('damaged lines are located by line, the others still read', () => {
    const lines = GENERATED.split('\n');
    lines[0] = lines[0]?.slice(0, 80) ?? '';
    lines[1] = (lines[1] ?? '').replace('"pkts":40', '"pkts":-4');
    lines.splice(2, 0, '{"timestamp":"2026-12-04T20:16:22Z","src_ip":"10.0.0.1"}');
    const result = parse(lines.join('\n'));
    expect(result.invalid).toEqual([
      { line: 1, reason: 'not valid JSON (EVE has one event object per line)' },
      { line: 2, reason: 'packet or byte count of the netflow object is not a count' },
      { line: 3, reason: 'not an EVE event (no "event_type")' },
    ]);
    expect(result.records.map((r) => r.recordNo)).toEqual([4]);
  });

  it('is sniffed from content, and other JSON is not claimed', () => {
    const eve = fs.readFileSync(PUBLIC);
    expect(sniffSuricataEve(eve)).toBeGreaterThan(0.9);
    const others = [...textFlowFormats, ...binaryFlowFormats].filter((f) => f.id !== 'suricata-eve');
    for (const f of others) expect(f.sniff(eve), f.id).toBeLessThan(0.5);
    expect(sniffFormat(eve, allFormats).format?.id).toBe('suricata-eve');
    expect(sniffSuricataEve(Buffer.from('{"type":"FLOW","first":"2024-05-01T10:00:00.000","src4_addr":"10.0.0.1"}\n'))).toBe(0);
    expect(sniffSuricataEve(Buffer.from('{"timestamp":"2024-05-01T10:00:00Z","host":"web01","program":"sshd","msg":"x"}\n'))).toBe(0);
    expect(sniffSuricataEve(Buffer.from(''))).toBe(0);
  });
});

describe('Suricata EVE dns events', () => {
  const dnsOf = (text: string, cuts: number[] = []) => {
    const parser = createSuricataEveParser(ctx);
    const buf = Buffer.from(text);
    const got: { dns: unknown[]; invalid: unknown[]; notes: string[]; flows: number } = { dns: [], invalid: [], notes: [], flows: 0 };
    const add = (b: ReturnType<typeof parser.push>) => {
      got.flows += b.records.length;
      got.dns.push(...(b.dns ?? []));
      got.invalid.push(...b.invalid);
      got.notes.push(...(b.notes ?? []));
    };
    let from = 0;
    for (const c of cuts) {
      add(parser.push(buf.subarray(from, c)));
      from = c;
    }
    add(parser.push(buf.subarray(from)));
    add(parser.end());
    return got;
  };
  const base = { flow_id: 7, event_type: 'dns', proto: 'UDP' };
  const q = { ...base, src_ip: '10.40.0.5', src_port: 40001, dest_ip: '10.40.0.53', dest_port: 53 };
  const a = { ...base, src_ip: '10.40.0.53', src_port: 53, dest_ip: '10.40.0.5', dest_port: 40001 };
  const TEXT = [
    // version 1: one answer event per record, folded into the query.
    ev({ ...q, timestamp: '2026-12-04T20:16:24.000000+0000', dns: { type: 'query', id: 1, rrname: 'A1b2.Tunnel-C2.net', rrtype: 'TXT', tx_id: 0 } }),
    ev({
      ...a,
      timestamp: '2026-12-04T20:16:24.010000+0000',
      dns: { type: 'answer', id: 1, rcode: 'NOERROR', rrname: 'a1b2.tunnel-c2.net', rrtype: 'TXT', rdata: 'x' },
    }),
    ev({
      ...a,
      timestamp: '2026-12-04T20:16:24.010000+0000',
      dns: { type: 'answer', id: 1, rcode: 'NOERROR', rrname: 'a1b2.tunnel-c2.net', rrtype: 'TXT', rdata: 'y' },
    }),
    // version 2: one answer event with the answers array; an NXDOMAIN without answers.
    ev({ ...q, flow_id: 8, timestamp: '2026-12-04T20:16:25.000000+0000', dns: { type: 'query', id: 2, rrname: 'www.example.co.uk', rrtype: 'A' } }),
    ev({
      ...a,
      flow_id: 8,
      timestamp: '2026-12-04T20:16:25.010000+0000',
      dns: {
        version: 2,
        type: 'answer',
        id: 2,
        rcode: 'NOERROR',
        answers: [
          { rrtype: 'CNAME', rdata: 'web.example.co.uk' },
          { rrtype: 'A', rdata: '192.0.2.80' },
        ],
      },
    }),
    ev({ ...q, flow_id: 9, timestamp: '2026-12-04T20:16:26.000000+0000', dns: { type: 'query', id: 3, rrname: 'nope.example.com', rrtype: 'AAAA' } }),
    ev({ ...a, flow_id: 9, timestamp: '2026-12-04T20:16:26.010000+0000', dns: { version: 2, type: 'answer', id: 3, rcode: 'NXDOMAIN' } }),
    // version 3 (Suricata 8): request/response with queries arrays; a query never answered.
    ev({
      ...q,
      flow_id: 10,
      timestamp: '2026-12-04T20:16:27.000000+0000',
      dns: { version: 3, type: 'request', id: 4, queries: [{ rrname: '1.0.40.10.in-addr.arpa', rrtype: 'PTR' }] },
    }),
    ev({
      ...a,
      flow_id: 10,
      timestamp: '2026-12-04T20:16:27.010000+0000',
      dns: { version: 3, type: 'response', id: 4, rcode: 'NOERROR', queries: [{ rrname: '1.0.40.10.in-addr.arpa' }], answers: [{ rrtype: 'PTR' }] },
    }),
    ev({ ...q, flow_id: 11, timestamp: '2026-12-04T20:16:28.000000+0000', dns: { type: 'query', id: 5, rrname: 'lost.example.org', rrtype: 'A' } }),
    ev({ ...q, flow_id: 12, timestamp: '2026-12-04T20:16:29.000000+0000', dns: { type: 'query', id: 6 } }),
    '',
  ].join('\n');
  const at = (s: string) => Date.parse(s);

  it('stores each query with its answers folded in, all three layouts, damaged events located', () => {
    const got = dnsOf(TEXT);
    expect(got.flows).toBe(0);
    expect(got.invalid).toEqual([{ line: 11, reason: 'dns query without "rrname"' }]);
    const common = { clientIp: '10.40.0.5', clientPort: 40001, resolverIp: '10.40.0.53', resolverPort: 53 };
    expect(got.dns).toEqual([
      {
        ...common,
        lineNo: 1,
        tsMs: at('2026-12-04T20:16:24Z'),
        query: 'a1b2.tunnel-c2.net',
        registeredDomain: 'tunnel-c2.net',
        qtype: 'TXT',
        rcode: 'NOERROR',
        answers: 2,
      },
      {
        ...common,
        lineNo: 4,
        tsMs: at('2026-12-04T20:16:25Z'),
        query: 'www.example.co.uk',
        registeredDomain: 'example.co.uk',
        qtype: 'A',
        rcode: 'NOERROR',
        answers: 2,
        answerIps: ['192.0.2.80'],
      },
      {
        ...common,
        lineNo: 6,
        tsMs: at('2026-12-04T20:16:26Z'),
        query: 'nope.example.com',
        registeredDomain: 'example.com',
        qtype: 'AAAA',
        rcode: 'NXDOMAIN',
        answers: 0,
      },
      {
        ...common,
        lineNo: 8,
        tsMs: at('2026-12-04T20:16:27Z'),
        query: '1.0.40.10.in-addr.arpa',
        registeredDomain: '10.in-addr.arpa',
        qtype: 'PTR',
        rcode: 'NOERROR',
        answers: 1,
      },
      { ...common, lineNo: 10, tsMs: at('2026-12-04T20:16:28Z'), query: 'lost.example.org', registeredDomain: 'example.org', qtype: 'A' },
    ]);
    expect(got.notes).toEqual([]);
  });

  it('gives the same records however the file is cut', () => {
    const whole = dnsOf(TEXT);
    for (let c = 1; c < TEXT.length; c += 37) expect(dnsOf(TEXT, [c])).toEqual(whole);
    expect(dnsOf(TEXT, [...Array(TEXT.length).keys()].slice(1))).toEqual(whole);
  });
});

describe('Suricata EVE dns events: memory stays flat', () => {
  it('a query waits at most HOLD_LINES lines for its answer; a later answer is counted, not folded', () => {
    const query = JSON.stringify({
      timestamp: '2026-12-04T20:16:24.000000+0000',
      flow_id: 1,
      event_type: 'dns',
      src_ip: '10.0.0.5',
      src_port: 4000,
      dest_ip: '10.0.0.53',
      dest_port: 53,
      proto: 'UDP',
      dns: { type: 'query', id: 9, rrname: 'late.example.com', rrtype: 'A' },
    });
    const stats = JSON.stringify({ timestamp: '2026-12-04T20:16:25.000000+0000', event_type: 'stats', stats: {} });
    const answer = JSON.stringify({
      timestamp: '2026-12-04T20:16:30.000000+0000',
      flow_id: 1,
      event_type: 'dns',
      src_ip: '10.0.0.53',
      src_port: 53,
      dest_ip: '10.0.0.5',
      dest_port: 4000,
      proto: 'UDP',
      dns: { version: 2, type: 'answer', id: 9, rcode: 'NOERROR', answers: [{ rrtype: 'A', rdata: '192.0.2.1' }] },
    });
    const text = [query, ...Array(HOLD_LINES).fill(stats), answer, ''].join('\n');
    const parser = createSuricataEveParser(ctx);
    const first = parser.push(Buffer.from(text));
    // Out before the end: the query was not held for the rest of the file.
    expect(first.dns?.map((q) => [q.query, q.rcode])).toEqual([['late.example.com', undefined]]);
    const last = parser.end();
    expect(last.dns).toEqual([]);
    expect(last.notes).toContain('1 Suricata DNS answer event(s) without their query (the sensor logged answers only?): counted, not stored');
  });
});
