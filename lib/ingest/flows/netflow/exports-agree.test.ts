// Cross-checks on the derived fixtures: the same traffic exported by softflowd as NetFlow v5,
// v9 and IPFIX must decode to the same flows, and to what nfcapd/nfdump made of the v9 export;
// vendor captures replayed into nfcapd must give nfdump's rows (to the second, UTC).
import fs from 'node:fs';
import { expect, test } from 'vitest';
import { describeFixtures, fixture } from '../../../../test/fixtures';
import { flowKey, readFixture, readNfdumpCsv } from '../../../../test/kits/capture';
import { parseAll } from '../../../../test/kits/chunk-parser';
import type { FlowRecord } from '../../../records/records';
import { createNetflowPcapParser } from './parsers';

const ctx = { path: 'test', timeZone: 'UTC' };

function decode(path: string): FlowRecord[] {
  const result = parseAll(createNetflowPcapParser(ctx), readFixture(path));
  expect(result.invalid).toEqual([]);
  return result.records;
}

const derivedDirs = fs.existsSync(fixture('flows/derived')) ? fs.readdirSync(fixture('flows/derived')).filter((d) => !d.startsWith('replayed')) : [];

describeFixtures('softflowd exports of one capture agree', () => {
  test.each(derivedDirs)('%s: v5 = v9 = IPFIX = nfdump of the v9 export', (dir) => {
    const files = fs.readdirSync(fixture(`flows/derived/${dir}`));
    const pick = (suffix: string): string => `flows/derived/${dir}/${files.find((f) => f.endsWith(suffix))}`;
    const v5 = decode(pick('.softflowd.netflow-v5.pcap'));
    const v9 = decode(pick('.softflowd.netflow-v9.pcap'));
    const ipfix = decode(pick('.softflowd.ipfix.pcap'));
    const keys = (records: FlowRecord[]): string[] => records.map(flowKey).sort();
    expect(v9.length).toBeGreaterThan(0);
    expect(keys(ipfix)).toEqual(keys(v9));
    // v5 cannot carry IPv6; these captures are IPv4 only, so nothing is lost here.
    expect(keys(v5)).toEqual(keys(v9.filter((r) => !r.srcIp.includes(':'))));
    // nfcapd sometimes prints a flow twice (zeek-vnc-scanner); compare distinct rows.
    const nfdump = [...new Set(readNfdumpCsv(pick('.softflowd-v9.nfdump.csv')).map(flowKey))].sort();
    expect([...new Set(keys(v9))]).toEqual(nfdump);
    // Times: v9 headers carry whole seconds, v5 adds nanoseconds, IPFIX uses the boot time
    // from options plus uptime, so the three agree to within a second.
    const times = (records: FlowRecord[]): Map<string, FlowRecord> => new Map(records.map((r) => [flowKey(r), r]));
    const t5 = times(v5);
    const tIpfix = times(ipfix);
    for (const r of v9) {
      for (const other of [t5.get(flowKey(r)), tIpfix.get(flowKey(r))]) {
        expect(Math.abs((other?.startMs ?? 0) - r.startMs)).toBeLessThanOrEqual(1000);
        expect(Math.abs((other?.endMs ?? 0) - r.endMs)).toBeLessThanOrEqual(1000);
      }
    }
  });
});

/** nfdump -o csv rows as `tuple start(UTC, s) duration packets bytes`; it prints IPv4 from v9/IPFIX as ::a.b.c.d. */
function nfdumpRows(path: string): string[] {
  const [header, ...lines] = readFixture(path).toString('utf8').split('\n');
  const cols = (header ?? '').split(',');
  const at = (row: string[], name: string): string => row[cols.indexOf(name)] ?? '';
  const ip = (s: string): string => s.replace(/^::(\d+\.\d+\.\d+\.\d+)$/, '$1');
  const rows: string[] = [];
  for (const line of lines) {
    if (line.startsWith('Summary')) break;
    const r = line.split(',');
    if (r.length < cols.length) continue;
    rows.push(`${ip(at(r, 'sa'))}:${at(r, 'sp')}>${ip(at(r, 'da'))}:${at(r, 'dp')} ${at(r, 'ts')} ${at(r, 'td')} ${at(r, 'ipkt')} ${at(r, 'ibyt')}`);
  }
  return rows.sort();
}

function ourRows(records: FlowRecord[]): string[] {
  const second = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return records
    .map((r) => `${r.srcIp}:${r.srcPort}>${r.dstIp}:${r.dstPort} ${second(r.startMs)} ${((r.endMs - r.startMs) / 1000).toFixed(3)} ${r.packets} ${r.bytes}`)
    .sort();
}

describeFixtures('vendor exports replayed into nfcapd', () => {
  test.each([
    ['pmacct_100_ipfix_cisco', ['pmacct/100-IPFIXv10-CISCO/traffic-00.pcap']],
    ['pmacct_101_nfv9_cisco', ['pmacct/101-NFv9-CISCO-cust_primitives/traffic-00.pcap']],
    ['akvorado_nfv5', ['akvorado/nfv5.pcap']],
    ['pmacct_110_multi_source', [0, 1, 2].map((i) => `pmacct/110-IPFIXv10-NFv9-multiple-sources/traffic-0${i}.pcap`)],
  ])('%s: same rows, start to the second, duration to the ms', (name, pcaps) => {
    const records = pcaps.flatMap((p) => decode(`flows/${p}`));
    expect(ourRows(records)).toEqual(nfdumpRows(`flows/derived/replayed-vendor-netflow/${name}.nfdump.csv`));
  });
});
