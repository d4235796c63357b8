import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, fixture, fixturesDir, hasFixtures } from '../../../test/fixtures';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { IngestError } from '../types';
import { createNfdumpCsvParser, nfdumpCsvFormat } from './nfdump-csv';

const parse = (text: string, timeZone = 'UTC') => parseAll(createNfdumpCsvParser({ path: 't.csv', timeZone }), Buffer.from(text));
const splitParse = (buf: Buffer, timeZone = 'UTC') => parseWithSplits(() => createNfdumpCsvParser({ path: 'f', timeZone }), buf);
const utc = (...parts: [number, number, number, number, number, number, number?]) => {
  const [y, mo, d, h, mi, s, ms = 0] = parts;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
};

/** Every nfdump CSV fixture (legacy 48-column output of nfdump 1.7.1). */
function nfdumpFixtures(): string[] {
  if (!hasFixtures) return [];
  const dirs = ['flows/derived', 'paired/otrf-log4shell-jndi'];
  const found: string[] = [];
  for (const dir of dirs) {
    for (const entry of fs.readdirSync(path.join(fixturesDir, dir), { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith('.nfdump.csv')) found.push(path.join(dir, entry));
    }
  }
  return found.sort();
}

describeFixtures('nfdump CSV on real exports', () => {
  it.each(nfdumpFixtures())('%s: split-independent, and every flow of the Summary is accounted for', (file) => {
    const buf = fs.readFileSync(fixture(file));
    const result = splitParse(buf);
    const lines = buf.toString('utf8').trimEnd().split('\n');
    const [flows, bytes, packets] = (lines.at(-1) ?? '').split(',').map(Number);
    expect(lines.at(-3)).toBe('Summary');
    expect(result.records.length + result.invalid.length).toBe(flows);
    if (result.invalid.length === 0) {
      expect(result.records.reduce((sum, r) => sum + r.bytes, 0)).toBe(bytes);
      expect(result.records.reduce((sum, r) => sum + r.packets, 0)).toBe(packets);
    }
    for (const issue of result.invalid) expect(issue.reason).toMatch(/before 1990/); // softflowd without a clock
    expect(result.notes).toContain('nfdump CSV, legacy 48-column layout (nfdump ≤ 1.7.4)');
  });

  it('reads the first SSH-guessing flow exactly', () => {
    const { records, notes } = splitParse(fs.readFileSync(fixture('flows/derived/zeek-sshguess/zeek_sshguess.nfpcapd.nfdump.csv')));
    expect(records).toHaveLength(22);
    expect(records[0]).toEqual({
      recordNo: 2,
      startMs: utc(2015, 3, 30, 14, 44, 49),
      endMs: utc(2015, 3, 30, 14, 44, 57),
      srcIp: '192.168.56.1',
      dstIp: '192.168.56.103',
      srcPort: 55470,
      dstPort: 22,
      proto: 6,
      packets: 26,
      bytes: 4249,
      tcpFlags: 0b11011, // ...AP.SF
    });
    expect(notes).toContain('zone-less times read as UTC');
  });

  it('reads the same file in Europe/Paris (CEST since 2015-03-29) two hours earlier', () => {
    const { records, notes } = splitParse(fs.readFileSync(fixture('flows/derived/zeek-sshguess/zeek_sshguess.nfpcapd.nfdump.csv')), 'Europe/Paris');
    expect(records[0]?.startMs).toBe(utc(2015, 3, 30, 12, 44, 49));
    expect(notes).toContain('zone-less times read as Europe/Paris');
  });

  it('turns ::a.b.c.d (pmacct replay) into IPv4 and keeps the exporter address', () => {
    const { records } = splitParse(fs.readFileSync(fixture('flows/derived/replayed-vendor-netflow/pmacct_101_nfv9_cisco.nfdump.csv')));
    expect(records[0]).toMatchObject({ srcIp: '138.187.58.13', dstIp: '138.187.57.33', exporter: '127.0.0.1', tcpFlags: 16 });
    expect(records.filter((r) => r.srcIp.startsWith('::') || r.dstIp.startsWith('::'))).toEqual([]);
  });

  it('keeps ICMP type/code as the destination port and sets no TCP flags', () => {
    const { records } = splitParse(fs.readFileSync(fixture('flows/derived/bro-simple-scan-multiport_scan/bss_multiport_scan.nfpcapd.nfdump.csv')));
    const icmp = records.filter((r) => r.proto === 1);
    expect(icmp.length).toBeGreaterThan(0);
    expect(icmp[0]).toMatchObject({ srcPort: 0, dstPort: 778 }); // type 3 code 10
    expect(icmp.every((r) => r.tcpFlags === undefined)).toBe(true);
  });

  it('finds the Log4Shell reverse shell to :443 at 18:10:22 UTC', () => {
    const { records } = splitParse(fs.readFileSync(fixture('paired/otrf-log4shell-jndi/derived-flows/otrf_log4shell_jndi.nfpcapd.nfdump.csv')));
    const shell = records.find((r) => r.dstPort === 443);
    expect(shell).toMatchObject({ srcIp: '192.168.2.5', dstIp: '192.168.2.6', startMs: utc(2022, 5, 11, 18, 10, 22), endMs: utc(2022, 5, 11, 18, 10, 33) });
  });
});

const CSV_175 = `firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows
2024-11-05 10:00:01.250,1.500,6,10.0.0.1,51000,10.0.0.2,443,10,1500,1
2024-11-05 10:00:02.000,0.000,1,10.0.0.1,0,10.0.0.2,8.0,1,84,1
2024-11-05 10:00:03.000,0.000,58,2001:db8::1,0,2001:db8::2,128.0,1,104,1
Summary
flows,bytes,packets,avg_bps,avg_pps,avg_bpp
3,1688,12,0,0,0
`;

describe('nfdump CSV dialects', () => {
  it('reads the 1.7.5+ default columns: end = start + duration, ICMP type.code → type·256+code', () => {
    const result = splitParse(Buffer.from(CSV_175));
    expect(result.invalid).toEqual([]);
    expect(result.records.map((r) => [r.startMs, r.endMs, r.proto, r.dstPort])).toEqual([
      [utc(2024, 11, 5, 10, 0, 1, 250), utc(2024, 11, 5, 10, 0, 2, 750), 6, 443],
      [utc(2024, 11, 5, 10, 0, 2), utc(2024, 11, 5, 10, 0, 2), 1, 2048],
      [utc(2024, 11, 5, 10, 0, 3), utc(2024, 11, 5, 10, 0, 3), 58, 32768],
    ]);
    expect(result.records[2]?.srcIp).toBe('2001:db8::1');
    expect(result.notes).toEqual(['nfdump CSV, default columns of nfdump ≥ 1.7.5', 'zone-less times read as UTC']);
  });

  it('reads csv-fast (epoch ms, flags string)', () => {
    const text =
      'cnt,af,firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,dstPort,srcAS,dstAS,input,output,flags,srcTos,packets,bytes\n' +
      '1,2,1730800801250,1730800802750,6,10.0.0.1,51000,10.0.0.2,443,0,0,0,0,...AP.SF,0,10,1500\n';
    const { records, notes } = splitParse(Buffer.from(text));
    expect(records).toEqual([
      {
        recordNo: 2,
        startMs: 1730800801250,
        endMs: 1730800802750,
        srcIp: '10.0.0.1',
        dstIp: '10.0.0.2',
        srcPort: 51000,
        dstPort: 443,
        proto: 6,
        packets: 10,
        bytes: 1500,
        tcpFlags: 27,
      },
    ]);
    expect(notes).toEqual(['nfdump csv-fast (times in epoch ms)']); // no zone-less time was read
  });

  it('reads custom -o "csv:%tsg,%teg,…,%opkt,%obyt,%flg" with out counters as the reverse direction', () => {
    const text =
      'firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,dstPort,inPackets,inBytes,outPackets,outBytes,flags,routerIP,mplsLabel1\n' +
      '2024-11-05 10:00:01.000,2024-11-05 10:00:09.000,6,10.0.0.1,51000,10.0.0.2,22,12,2400,10,5200,.....S.,192.0.2.9,       0-0-0\n' +
      '2024-11-05 10:00:01.000,2024-11-05 10:00:09.000,17,10.0.0.1,5353,10.0.0.2,53,1,80,0,0,........,0.0.0.0,       0-0-0\n';
    const { records, notes } = splitParse(Buffer.from(text));
    expect(records[0]).toMatchObject({ packets: 12, bytes: 2400, revPackets: 10, revBytes: 5200, tcpFlags: 2, exporter: '192.0.2.9' });
    expect(records[1]).not.toHaveProperty('revBytes');
    expect(records[1]).not.toHaveProperty('exporter');
    expect(notes[0]).toBe('nfdump CSV with custom columns (14)');
  });

  it('reads %tsr/%ter epoch seconds with milliseconds', () => {
    const text = 'firstSeen,lastSeen,srcAddr,dstAddr,proto\n1730800801.250,1730800802.005,10.0.0.1,10.0.0.2,TCP\n';
    const { records } = splitParse(Buffer.from(text));
    expect(records[0]).toMatchObject({ startMs: 1730800801250, endMs: 1730800802005, srcPort: 0, packets: 0 });
  });

  it('reads the 1.6 header (…,mpls10,ra,eng) and 6-character UAPRSF flags', () => {
    const names =
      'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,ra,eng';
    const row = `2004-07-11 10:30:00,2004-07-11 10:30:10,10.010,172.16.1.66,192.168.170.100,1024,25,TCP,.A..SF,0,0,5,500,0,0${',0'.repeat(8)},0.0.0.0,0.0.0.0,0,0${',00:00:00:00:00:00'.repeat(4)}${',0-0-0'.repeat(10)},10.1.1.1,0/0`;
    const { records, invalid, notes } = splitParse(Buffer.from(`${names}\n${row}\n`));
    expect(invalid).toEqual([]);
    expect(records[0]).toMatchObject({ srcIp: '172.16.1.66', dstPort: 25, proto: 6, tcpFlags: 0b10011, exporter: '10.1.1.1' });
    expect(notes[0]).toBe('nfdump CSV, legacy 43-column layout (nfdump ≤ 1.7.4)');
  });

  it('reads exports concatenated with cat (header and Summary repeated)', () => {
    const { records, invalid } = splitParse(Buffer.from(CSV_175 + CSV_175));
    expect(invalid).toEqual([]);
    expect(records.map((r) => r.recordNo)).toEqual([2, 3, 4, 9, 10, 11]);
  });
});

describe('nfdump CSV local time zones', () => {
  const rows = (times: string[]) => `firstSeen,srcAddr,dstAddr\n${times.map((t) => `${t},10.0.0.1,10.0.0.2`).join('\n')}\n`;

  it('handles the Europe/Paris spring gap and autumn overlap', () => {
    const { records, notes } = parse(
      rows(['2024-03-31 01:30:00', '2024-03-31 02:30:00', '2024-03-31 03:30:00', '2024-10-27 01:59:59', '2024-10-27 02:30:00', '2024-10-27 03:30:00']),
      'Europe/Paris',
    );
    expect(records.map((r) => new Date(r.startMs).toISOString())).toEqual([
      '2024-03-31T00:30:00.000Z', // CET
      '2024-03-31T01:30:00.000Z', // 02:30 does not exist: moved forward to 03:30 CEST
      '2024-03-31T01:30:00.000Z', // CEST
      '2024-10-26T23:59:59.000Z', // CEST
      '2024-10-27T00:30:00.000Z', // 02:30 happens twice: the earlier (CEST) reading
      '2024-10-27T02:30:00.000Z', // CET
    ]);
    expect(notes).toContain('zone-less times read as Europe/Paris');
  });

  it('handles southern-hemisphere and half-hour zones', () => {
    const sydney = parse(rows(['2024-01-15 12:00:00', '2024-07-15 12:00:00']), 'Australia/Sydney').records;
    expect(sydney.map((r) => new Date(r.startMs).toISOString())).toEqual(['2024-01-15T01:00:00.000Z', '2024-07-15T02:00:00.000Z']);
    const kathmandu = parse(rows(['2024-01-15 12:00:00']), 'Asia/Kathmandu').records;
    expect(new Date(kathmandu[0]?.startMs ?? 0).toISOString()).toBe('2024-01-15T06:15:00.000Z');
  });

  it('honours an explicit Z or offset and ignores the zone then', () => {
    const { records, notes } = parse(rows(['2024-01-15T12:00:00Z', '2024-01-15 12:00:00+05:30', '2024-01-15 12:00:00-0800']), 'Europe/Paris');
    expect(records.map((r) => new Date(r.startMs).toISOString())).toEqual(['2024-01-15T12:00:00.000Z', '2024-01-15T06:30:00.000Z', '2024-01-15T20:00:00.000Z']);
    expect(notes.some((n) => n.startsWith('zone-less'))).toBe(false);
  });

  it('rejects an unknown zone as a setup error', () => {
    expect(() => createNfdumpCsvParser({ path: 'x', timeZone: 'Mars/Olympus' })).toThrow(IngestError);
  });
});

describe('nfdump CSV bad input', () => {
  it('reports broken rows with their 1-based line, counting blank lines, CRLF and a BOM', () => {
    const text = [
      '\uFEFFfirstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows',
      '2024-11-05 10:00:01.000,1.000,6,10.0.0.1,51000,10.0.0.2,443,10,1500,1',
      '',
      '2024-11-05 10:00:01.000,1.000,6,10.0.0.1,51000,10.0.0.2,443,10,1500', // 9 fields
      '2024-11-05 10:00:01.000,1.000,6,10.0.0.999,51000,10.0.0.2,443,10,1500,1',
      '2024-11-05 10:00:01.000,1.000,6,10.0.0.1,70000,10.0.0.2,443,10,1500,1',
      '2024-11-05 10:00:01.000,1.000,XYZ,10.0.0.1,1,10.0.0.2,443,10,1500,1',
      '2024-13-05 10:00:01.000,1.000,6,10.0.0.1,1,10.0.0.2,443,10,1500,1',
      '0000-00-00 00:00:00.000,1.000,6,10.0.0.1,1,10.0.0.2,443,10,1500,1',
      '2024-11-05 10:00:01.000,1.000,6,10.0.0.1,1,10.0.0.2,443,ten,1500,1',
      '2024-11-05 10:00:01.000,1.000,6,::ffff:10.0.0.1,1,::1,443,1,40,1,',
      'Summary',
      'flows,bytes,packets,avg_bps,avg_pps,avg_bpp',
      '2,1540,11,0,0,0',
      'leftover text',
    ].join('\r\n');
    const { records, invalid } = splitParse(Buffer.from(text));
    expect(records.map((r) => [r.recordNo, r.srcIp, r.dstIp])).toEqual([
      [2, '10.0.0.1', '10.0.0.2'],
      [11, '10.0.0.1', '::1'],
    ]);
    expect(invalid).toEqual([
      { line: 4, reason: 'expected 10 fields, found 9' },
      { line: 5, reason: 'source address "10.0.0.999" is not valid' },
      { line: 6, reason: 'source port "70000" is not valid' },
      { line: 7, reason: 'protocol "XYZ" is not valid' },
      { line: 8, reason: 'first-seen time "2024-13-05 10:00:01.000" is not valid' },
      { line: 9, reason: 'first-seen time "0000-00-00 00:00:00.000" is not valid' },
      { line: 10, reason: 'packet count "ten" is not valid' },
      { line: 15, reason: 'unexpected text after the Summary footer: "leftover text"' },
    ]);
  });

  it('throws IngestError when there is no header (nfdump -q output)', () => {
    expect(() => parse('2024-11-05 10:00:01,10.0.0.1,10.0.0.2\n')).toThrow(IngestError);
  });

  it('returns nothing for an empty file', () => {
    expect(parse('')).toEqual({ records: [], invalid: [], notes: [] });
  });
});

describe('nfdump CSV sniffing', () => {
  const sniff = (text: string) => nfdumpCsvFormat.sniff(Buffer.from(text));
  it.each([
    ['legacy', 'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt\n'],
    ['1.7.5', CSV_175],
    ['csv-fast', 'cnt,af,firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,dstPort,srcAS,dstAS,input,output,flags,srcTos,packets,bytes\n'],
    ['custom', 'firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,dstPort,inBytes,outBytes\n'],
  ])('claims %s headers', (_name, head) => expect(sniff(head)).toBeGreaterThanOrEqual(0.9));

  it('is unconvinced by a foreign CSV that merely has address columns', () => {
    expect(sniff('time,srcAddr,dstAddr,user,comment\n')).toBeLessThan(0.5);
  });
});
