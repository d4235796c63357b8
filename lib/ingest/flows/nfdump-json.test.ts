import { describe, expect, it } from 'vitest';
import { parseWithSplits } from '../../../test/kits/chunk-parser';
import { JsonObjectSplitter } from './json-objects';
import { createNfdumpJsonParser, nfdumpJsonFormat } from './nfdump-json';

const splitParse = (text: string, timeZone = 'UTC') => parseWithSplits(() => createNfdumpJsonParser({ path: 'flows.json', timeZone }), Buffer.from(text));

// Shaped like `nfdump -o json` 1.7 (flow_record_to_json_human: tab indent, ",\n" separators).
const ARRAY = `[
{
\t"type" : "FLOW",
\t"sampled" : 0,
\t"export_sysid" : 1,
\t"first" : "2024-05-01T10:00:00.250",
\t"last" : "2024-05-01T10:00:05.750",
\t"received" : "2024-05-01T10:00:06.000",
\t"in_packets" : 12,
\t"in_bytes" : 2400,
\t"proto" : 6,
\t"tcp_flags" : "...AP.SF",
\t"src_port" : 51000,
\t"dst_port" : 443,
\t"fwd_status" : 0,
\t"src_tos" : 0,
\t"src4_addr" : "10.0.0.1",
\t"dst4_addr" : "10.0.0.2",
\t"src_geo" : "",
\t"dst_geo" : "",
\t"ip4_router" : "192.0.2.9",
\t"label" : "a } and a \\" inside a string"
},
{
\t"type" : "FLOW",
\t"first" : "2024-05-01T10:00:01.000",
\t"last" : "2024-05-01T10:00:01.000",
\t"in_packets" : 1,
\t"in_bytes" : 104,
\t"proto" : 58,
\t"icmp_type" : 128,
\t"icmp_code" : 0,
\t"src6_addr" : "2001:db8::1",
\t"dst6_addr" : "2001:db8::2",
\t"out_packets" : 1,
\t"out_bytes" : 104
}
]
`;

describe('nfdump JSON', () => {
  it('streams the array form: local times, ICMP type/code, out counters, router', () => {
    const { records, invalid, notes } = splitParse(ARRAY);
    expect(invalid).toEqual([]);
    expect(records).toEqual([
      {
        recordNo: 2,
        startMs: Date.UTC(2024, 4, 1, 10, 0, 0, 250),
        endMs: Date.UTC(2024, 4, 1, 10, 0, 5, 750),
        srcIp: '10.0.0.1',
        dstIp: '10.0.0.2',
        srcPort: 51000,
        dstPort: 443,
        proto: 6,
        packets: 12,
        bytes: 2400,
        tcpFlags: 27,
        exporter: '192.0.2.9',
      },
      {
        recordNo: 24,
        startMs: Date.UTC(2024, 4, 1, 10, 0, 1),
        endMs: Date.UTC(2024, 4, 1, 10, 0, 1),
        srcIp: '2001:db8::1',
        dstIp: '2001:db8::2',
        srcPort: 0,
        dstPort: 128 * 256,
        proto: 58,
        packets: 1,
        bytes: 104,
        revPackets: 1,
        revBytes: 104,
      },
    ]);
    expect(notes).toEqual(['zone-less times read as UTC']);
  });

  it('reads the same times in New York (EDT in May)', () => {
    expect(splitParse(ARRAY, 'America/New_York').records[0]?.startMs).toBe(Date.UTC(2024, 4, 1, 14, 0, 0, 250));
  });

  it('reads ndjson, 1.6 t_first keys and comma-joined objects, last line without newline', () => {
    const ndjson = [
      '{"type":"FLOW","first":"2024-05-01T10:00:00.000","last":"2024-05-01T10:00:00.000","in_packets":2,"in_bytes":120,"proto":17,"tcp_flags":"........","src_port":5353,"dst_port":53,"src4_addr":"::10.0.0.1","dst4_addr":"10.0.0.53"}',
      '{"t_first":"2015-03-30T14:44:49.000","t_last":"2015-03-30T14:44:57.000","proto":6,"tcp_flags":"...AP.SF","src_port":1,"dst_port":22,"in_packets":26,"in_bytes":4249,"src4_addr":"192.168.56.1","dst4_addr":"192.168.56.103"},{"first":"2024-05-01T10:00:00.000","proto":6,"src4_addr":"10.0.0.1","dst4_addr":"10.0.0.2","in_packets":1,"in_bytes":40}',
    ].join('\n');
    const { records, invalid } = splitParse(ndjson);
    expect(invalid).toEqual([]);
    expect(records.map((r) => [r.recordNo, r.srcIp, r.proto, r.dstPort, r.tcpFlags])).toEqual([
      [1, '10.0.0.1', 17, 53, undefined],
      [2, '192.168.56.1', 6, 22, 27],
      [2, '10.0.0.1', 6, 0, undefined],
    ]);
  });

  it('reports bad objects, stray text and a truncated last object by line', () => {
    const text = [
      '{"first":"1970-01-01T00:00:00.000","src4_addr":"10.0.0.1","dst4_addr":"10.0.0.2"}',
      'garbage here',
      '{"first":"2024-05-01T10:00:00.000","src4_addr":"10.0.0.300","dst4_addr":"10.0.0.2"}',
      '{"first":"2024-05-01T10:00:00.000","src4_addr":"10.0.0.1","dst4_addr":"10.0.0.2","in_bytes":-5}',
      '{"first":"2024-05-01T10:00:00.000", broken}',
      '{"first":"2024-05-01T10:00:00.000",',
    ].join('\n');
    expect(splitParse(text).invalid).toEqual([
      { line: 1, reason: 'first-seen time "1970-01-01T00:00:00.000" is before 1990: the exporter\'s clock was not set' },
      { line: 2, reason: 'text outside a JSON object' },
      { line: 3, reason: 'source address "10.0.0.300" is not valid' },
      { line: 4, reason: 'in_packets or in_bytes is not a count' },
      { line: 5, reason: 'not valid JSON' },
      { line: 6, reason: 'the input ends inside a JSON object' },
    ]);
  });

  it('notes the ndjson writer bug that copies packets into in_bytes', () => {
    const row = (p: number) => `{"first":"2024-05-01T10:00:00.000","src4_addr":"10.0.0.1","dst4_addr":"10.0.0.2","in_packets":${p},"in_bytes":${p}}`;
    expect(splitParse(`${row(3)}\n${row(7)}\n`).notes).toContain(
      'in_bytes equals in_packets in every flow (an nfdump ndjson bug): byte counts are not reliable',
    );
  });

  it('drops an oversized object the same way whatever the chunking', () => {
    const seen: string[] = [];
    const splitter = new JsonObjectSplitter(
      { object: (_t, line) => seen.push(`ok ${line}`), stray: (line) => seen.push(`stray ${line}`), broken: (line, r) => seen.push(`${r} ${line}`) },
      40,
    );
    const input = Buffer.from(`{"a":"${'x'.repeat(50)}"}\n{"b":1}`);
    for (let i = 0; i < input.length; i += 7) splitter.push(input.subarray(i, i + 7));
    splitter.end();
    expect(seen).toEqual(['JSON object too large 1', 'ok 2']);
  });

  it('sniffs arrays and ndjson with nfdump keys, not Zeek JSON', () => {
    expect(nfdumpJsonFormat.sniff(Buffer.from(ARRAY))).toBeGreaterThan(0.9);
    expect(nfdumpJsonFormat.sniff(Buffer.from('{"ts":1,"id.orig_h":"1.2.3.4","conn_state":"S0"}'))).toBe(0);
  });
});
