import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { seededRandom } from '../../../test/kits/chunk-parser';
import type { ParseIssue } from '../../records/issue';
import type { DnsQueryRecord } from '../../records/records';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import type { ChunkParser } from '../types';
import { createZeekDnsParser } from './zeek-dns';

const create = () => createZeekDnsParser({ path: 'dns.log', timeZone: 'UTC' });

interface DnsResult {
  dns: DnsQueryRecord[];
  flows: number;
  invalid: ParseIssue[];
  notes: string[];
}

function feed(parser: ChunkParser<unknown>, buf: Buffer, cuts: number[]): DnsResult {
  const r: DnsResult = { dns: [], flows: 0, invalid: [], notes: [] };
  const add = (b: ReturnType<ChunkParser<unknown>['push']>) => {
    r.flows += b.records.length;
    r.dns.push(...(b.dns ?? []));
    r.invalid.push(...b.invalid);
    for (const n of b.notes ?? []) if (!r.notes.includes(n)) r.notes.push(n);
  };
  let from = 0;
  for (const cut of cuts) {
    add(parser.push(buf.subarray(from, cut)));
    from = cut;
  }
  add(parser.push(buf.subarray(from)));
  add(parser.end());
  return r;
}

/** One chunk, then byte-by-byte over the first 600 bytes, then 20 random splits: all the same. */
function splitParse(buf: Buffer): DnsResult {
  const whole = feed(create(), buf, []);
  const small = buf.subarray(0, Math.min(buf.length, 600));
  const smallWhole = feed(create(), small, []);
  expect(feed(create(), small, [...Array(small.length).keys()].slice(1))).toEqual(smallWhole);
  const rnd = seededRandom(23);
  for (let i = 0; i < 20; i++) {
    const cuts = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * buf.length)))]
      .sort((a, b) => a - b)
      .filter((c) => c > 0);
    expect(feed(create(), buf, cuts)).toEqual(whole);
  }
  return whole;
}

const TSV_HEAD = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tdns',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\tquery\tqtype\tqtype_name\trcode\trcode_name\tanswers',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tstring\tcount\tstring\tcount\tstring\tvector[string]',
];

describeFixtures('Zeek dns.log on real logs', () => {
  it("RITA's conn.log beside it is not taken for dns.log", () => {
    const conn = fs.readFileSync(fixture('flows/rita/proxy/conn.log'));
    expect(sniffFormat(conn.subarray(0, 65536), allFormats).format?.id).toBe('zeek-conn');
  });

  it('reads RITA proxy dns.log (TSV): 942 queries, exact fields of the first', () => {
    const buf = fs.readFileSync(fixture('flows/rita/proxy/dns.log'));
    expect(sniffFormat(buf.subarray(0, 65536), allFormats).format?.id).toBe('zeek-dns');
    const { dns, flows, invalid, notes } = splitParse(buf);
    expect(invalid).toEqual([]);
    expect(flows).toBe(0);
    expect(notes).toEqual([]);
    expect(dns).toHaveLength(942); // 951 lines − 8 header lines − #close
    expect(dns[0]).toEqual({
      lineNo: 9,
      tsMs: 1610645203325,
      clientIp: '192.168.0.20',
      clientPort: 5353,
      resolverIp: '224.0.0.251',
      resolverPort: 5353,
      query: '_homekit._tcp.local',
      registeredDomain: '_tcp.local',
      qtype: 'PTR',
    });
    // Every answered query has its rcode; PTR lookups are there to be told apart from tunnels.
    expect(dns.filter((q) => q.qtype === 'PTR').length).toBeGreaterThan(0);
    expect(dns.every((q) => q.rcode === undefined || /^[A-Z]+$/.test(q.rcode))).toBe(true);
  });
});

describe('Zeek dns.log: the public JSON sample', () => {
  it('reads RITA’s json_with_all_fields dns.log: 34 entries, the dnscat2 slice among them', () => {
    const buf = fs.readFileSync(
      path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'public', 'zeek-dns', 'rita-json_with_all_fields-dns.log'),
    );
    expect(sniffFormat(buf, allFormats).format?.id).toBe('zeek-dns');
    const { dns, invalid, notes } = splitParse(buf);
    expect(invalid).toEqual([]);
    expect(notes).toEqual([]);
    expect(dns).toHaveLength(34);
    const tunnel = dns.filter((q) => q.registeredDomain === 'r-1x.com');
    expect(tunnel).toHaveLength(24);
    expect(new Set(tunnel.map((q) => q.query)).size).toBe(23);
    expect(tunnel.every((q) => q.qtype === 'TXT' && q.clientIp === '192.168.88.2' && q.resolverIp === '165.227.88.15')).toBe(true);
    expect(dns[0]).toEqual({
      lineNo: 1,
      tsMs: 1517336042279,
      clientIp: '192.168.88.2',
      clientPort: 55638,
      resolverIp: '165.227.88.15',
      resolverPort: 53,
      query: '6dde0175375169c68f.dnsc.r-1x.com',
      registeredDomain: 'r-1x.com',
      qtype: 'TXT',
      rcode: 'NOERROR',
      answers: 1,
    });
    // Unanswered entries carry no rcode and no answers.
    expect(dns.filter((q) => q.rcode === undefined).length).toBeGreaterThan(0);
  });
});

describe('Zeek dns.log', () => {
  it('reads TSV answers, rcodes, registered domains and a trailing dot', () => {
    const text = [
      ...TSV_HEAD,
      '1700000000.250000\tC1\t10.0.0.5\t40000\t10.0.0.53\t53\tudp\t1\tWWW.Example.CO.UK.\t1\tA\t0\tNOERROR\t93.184.216.34,93.184.216.35',
      '1700000001.000000\tC2\t10.0.0.5\t40001\t10.0.0.53\t53\tudp\t2\tnope.example.com\t16\tTXT\t3\tNXDOMAIN\t-',
      '1700000002.000000\tC3\t10.0.0.5\t40002\t10.0.0.53\t53\tudp\t3\t-\t-\t-\t-\t-\t-',
      '#close\t2023-11-14-22-13-22',
      '',
    ].join('\n');
    const { dns, invalid, notes } = splitParse(Buffer.from(text));
    expect(invalid).toEqual([]);
    expect(dns).toEqual([
      {
        lineNo: 8,
        tsMs: 1700000000250,
        clientIp: '10.0.0.5',
        clientPort: 40000,
        resolverIp: '10.0.0.53',
        resolverPort: 53,
        query: 'www.example.co.uk',
        registeredDomain: 'example.co.uk',
        qtype: 'A',
        rcode: 'NOERROR',
        answers: 2,
        answerIps: ['93.184.216.34', '93.184.216.35'],
      },
      {
        lineNo: 9,
        tsMs: 1700000001000,
        clientIp: '10.0.0.5',
        clientPort: 40001,
        resolverIp: '10.0.0.53',
        resolverPort: 53,
        query: 'nope.example.com',
        registeredDomain: 'example.com',
        qtype: 'TXT',
        rcode: 'NXDOMAIN',
      },
    ]);
    expect(notes).toEqual(['1 dns.log entry without a query name skipped']);
  });

  it('reads JSON lines (dotted and nested id, ISO time, answers array) the same way', () => {
    const lines = [
      '{"ts":1517336042.279652,"uid":"C1","id.orig_h":"192.168.88.2","id.orig_p":55638,"id.resp_h":"165.227.88.15","id.resp_p":53,"proto":"udp","trans_id":42937,"query":"6dde0175375169c68f.dnsc.r-1x.com","qclass":1,"qtype":16,"qtype_name":"TXT","rcode":0,"rcode_name":"NOERROR","answers":["TXT 18 302f017537c68f5169"]}',
      '{"ts":"2018-01-30T18:14:03.354471Z","uid":"C2","id":{"orig_h":"192.168.88.2","orig_p":28736,"resp_h":"165.227.88.15","resp_p":53},"trans_id":16556,"query":"0b320175375169c68f.dnsc.r-1x.com","qtype":10}',
    ];
    const buf = Buffer.from(lines.join('\n'));
    expect(sniffFormat(buf, allFormats).format?.id).toBe('zeek-dns');
    const { dns, invalid } = splitParse(buf);
    expect(invalid).toEqual([]);
    expect(dns).toEqual([
      {
        lineNo: 1,
        tsMs: 1517336042279,
        clientIp: '192.168.88.2',
        clientPort: 55638,
        resolverIp: '165.227.88.15',
        resolverPort: 53,
        query: '6dde0175375169c68f.dnsc.r-1x.com',
        registeredDomain: 'r-1x.com',
        qtype: 'TXT',
        rcode: 'NOERROR',
        answers: 1,
      },
      {
        lineNo: 2,
        tsMs: 1517336043354,
        clientIp: '192.168.88.2',
        clientPort: 28736,
        resolverIp: '165.227.88.15',
        resolverPort: 53,
        query: '0b320175375169c68f.dnsc.r-1x.com',
        registeredDomain: 'r-1x.com',
        qtype: 'NULL',
      },
    ]);
  });

  it('reports damaged lines with their line number and keeps the rest', () => {
    const text = [
      ...TSV_HEAD,
      '1700000000.0\tC1\t10.0.0.5\t40000\t10.0.0.53\t53\tudp\t1\ta.example.com\t1\tA\t0\tNOERROR\t-',
      '1700000000.0\tC1\t10.0.0.5\t40000\t10.0.0.53',
      'yesterday\tC1\t10.0.0.5\t40000\t10.0.0.53\t53\tudp\t1\tb.example.com\t1\tA\t0\tNOERROR\t-',
      '1700000000.0\tC1\tnot-an-ip\t40000\t10.0.0.53\t53\tudp\t1\tc.example.com\t1\tA\t0\tNOERROR\t-',
      '1700000000.0\tC1\t10.0.0.5\t99999\t10.0.0.53\t53\tudp\t1\td.example.com\t1\tA\t0\tNOERROR\t-',
    ].join('\n');
    const { dns, invalid } = splitParse(Buffer.from(text));
    expect(dns.map((q) => q.query)).toEqual(['a.example.com']);
    expect(invalid).toEqual([
      { line: 9, reason: 'expected 14 fields, found 5' },
      { line: 10, reason: 'ts "yesterday" is not a time' },
      { line: 11, reason: 'id.orig_h "not-an-ip" is not an address' },
      { line: 12, reason: 'port "99999" is not valid' },
    ]);
    const json = feed(create(), Buffer.from('{"ts":1,"id.orig_h":"10.0.0.1","trans_id":1,"query":"x"}\n{"ts": 17\n'), []);
    expect(json.invalid).toEqual([
      { line: 1, reason: 'ts "1" is before 1990: the sensor\'s clock was not set' },
      { line: 2, reason: 'not valid JSON' },
    ]);
  });

  it('is recognised without its #path line (conn.log is not taken for it: see the real-log tests)', () => {
    const head = Buffer.from(`${TSV_HEAD.join('\n').replace('#path\tdns\n', '')}\n`);
    expect(sniffFormat(head, allFormats).format?.id).toBe('zeek-dns');
  });
});
