import fs from 'node:fs';
import path from 'node:path';
import { expect, it, test } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { readClassicPcap, readFixture, writePcapng } from '../../../test/kits/capture';
import { parseAll } from '../../../test/kits/chunk-parser';
import { SNIFF_BYTES } from '../format';
import { binaryFlowFormats } from './binary-formats';

function list(dir: string, match: RegExp): string[] {
  if (!fs.existsSync(fixture(dir))) return [];
  return fs
    .readdirSync(fixture(dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => match.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

/** The id of the best-scoring format, or null when every sniffer says 0. */
function best(head: Buffer): string | null {
  const scored = binaryFlowFormats.map((f) => ({ id: f.id, score: f.sniff(head.subarray(0, SNIFF_BYTES)) }));
  scored.sort((a, b) => b.score - a.score);
  const top = scored[0];
  return top !== undefined && top.score > 0 ? top.id : null;
}

// Data-only captures decode to nothing without their template file, but are still exports.
const exportCaptures = [
  ...list('flows/akvorado', /\.pcap$/),
  ...list('flows/pmacct', /\.pcap$/),
  ...list('flows/derived', /\.pcap$/),
  ...list('paired/otrf-log4shell-jndi/derived-flows', /\.pcap$/),
];
const trafficCaptures = [...list('flows/packet-captures', /\.pcap$/), ...list('paired/otrf-log4shell-jndi', /^pcap_.*\.pcap$/)];
// logstash's deliberately corrupt v5 samples are not recognisable as anything.
const rawExports = list('flows/logstash-codec-netflow', /\.dat$/).filter((f) => !f.includes('netflow5_test_invalid'));

describeFixtures('binary flow format sniffing', () => {
  test.each(exportCaptures)('%s → netflow-pcap', (file) => {
    expect(best(readFixture(file))).toBe('netflow-pcap');
  });

  test.each(trafficCaptures)('%s → packet-capture', (file) => {
    expect(best(readFixture(file))).toBe('packet-capture');
  });

  // A raw dump of IPFIX messages is an RFC 5655 IPFIX file; one of NetFlow v5/v9 datagrams is not.
  test.each(rawExports)('%s → netflow-raw or ipfix-file', (file) => {
    expect(best(readFixture(file))).toBe(path.basename(file).startsWith('ipfix') ? 'ipfix-file' : 'netflow-raw');
  });

  it('pcapng exports and pcapng traffic are told apart too', () => {
    const exported = readClassicPcap(readFixture('flows/akvorado/nfv5.pcap'));
    expect(best(writePcapng(exported, { le: false }))).toBe('netflow-pcap');
    const traffic = readClassicPcap(readFixture('flows/packet-captures/zeek/traces/ssh_sshguess.pcap'));
    expect(best(writePcapng(traffic, { le: true, tsresol: 9 }))).toBe('packet-capture');
  });

  it('text flow exports are not claimed', () => {
    for (const file of list('flows/derived', /\.csv$/).slice(0, 5)) expect(best(readFixture(file))).toBeNull();
  });

  it('each format parses what it claims', () => {
    const ctx = { path: 'x', timeZone: 'UTC' };
    const byId = new Map(binaryFlowFormats.map((f) => [f.id, f]));
    const nfv5 = parseAll(byId.get('netflow-pcap')?.createParser(ctx) ?? fail(), readFixture('flows/akvorado/nfv5.pcap'));
    expect(nfv5.records).toHaveLength(29);
    const raw = parseAll(byId.get('netflow-raw')?.createParser(ctx) ?? fail(), readFixture('flows/logstash-codec-netflow/netflow5.dat'));
    expect(raw.records).toHaveLength(30);
    const traffic = parseAll(byId.get('packet-capture')?.createParser(ctx) ?? fail(), readFixture('flows/packet-captures/zeek/traces/rfb_vnc-scanner.pcap'));
    expect(traffic.records).toHaveLength(1);
  });
});

it('garbage and empty heads score 0 everywhere', () => {
  for (const head of [Buffer.alloc(0), Buffer.from('ts,te,td,sa,da\n'), Buffer.alloc(100, 0xff)]) {
    for (const f of binaryFlowFormats) expect(f.sniff(head)).toBe(0);
  }
});

function fail(): never {
  throw new Error('format missing');
}
