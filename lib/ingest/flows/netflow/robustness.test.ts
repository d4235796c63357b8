// Damaged, reordered and arbitrarily split input: every outcome is records plus located
// issues, identical for any chunking, and nothing throws or hangs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, test } from 'vitest';
import { describeFixtures, fixture } from '../../../../test/fixtures';
import { readFixture } from '../../../../test/kits/capture';
import { parseAll, parseWithSplits, seededRandom } from '../../../../test/kits/chunk-parser';
import type { FlowRecord } from '../../../records/records';
import type { ChunkParser } from '../../types';
import { createNetflowPcapParser, createNetflowRawParser, type NetflowParserOptions } from './parsers';

const ctx = { path: 'test', timeZone: 'UTC' };

function parserFor(file: string, options?: NetflowParserOptions): ChunkParser<FlowRecord> {
  return file.endsWith('.dat') ? createNetflowRawParser(ctx, options) : createNetflowPcapParser(ctx, options);
}

function listFiles(dir: string, match: RegExp): string[] {
  if (!fs.existsSync(fixture(dir))) return [];
  return fs
    .readdirSync(fixture(dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => match.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

const exportFiles = [
  ...listFiles('flows/logstash-codec-netflow', /\.dat$/),
  ...listFiles('flows/akvorado', /\.pcap$/),
  ...listFiles('flows/pmacct', /\.pcap$/),
  ...listFiles('flows/derived', /softflowd\..*\.pcap$/),
  ...listFiles('paired/otrf-log4shell-jndi/derived-flows', /\.pcap$/),
];

describeFixtures('NetFlow/IPFIX decoding does not depend on chunk boundaries', () => {
  test.each(exportFiles)('%s', (file) => {
    const buf = readFixture(file);
    const result = parseWithSplits(() => parserFor(file), buf, { maxChunk: 48, randomRuns: 8 });
    for (const issue of result.invalid) {
      expect(issue.offset).toBeGreaterThanOrEqual(0);
      expect(issue.offset).toBeLessThanOrEqual(buf.length);
    }
  });
});

describeFixtures('damaged exports', () => {
  const logstash = (f: string): string => `flows/logstash-codec-netflow/${f}`;

  it('logstash invalid v5 samples (record count 55582 and 163) are issues at offset 0, no records', () => {
    for (const f of ['netflow5_test_invalid01.dat', 'netflow5_test_invalid02.dat']) {
      const result = parseAll(parserFor(f), readFixture(logstash(f)));
      expect(result.records).toEqual([]);
      expect(result.invalid).toEqual([{ offset: 0, reason: expect.stringContaining('1464 byte(s)') }]);
    }
  });

  it('logstash invalid v9 sample decodes what it can without throwing', () => {
    const result = parseAll(parserFor('x.dat'), readFixture(logstash('netflow9_test_invalid01.dat')));
    expect(result.records.length).toBeGreaterThanOrEqual(0);
  });

  test.each([
    logstash('netflow9_test_softflowd_tpl_data.dat'),
    logstash('ipfix.dat'),
    logstash('netflow5.dat'),
    'flows/akvorado/nfv5.pcap',
    'flows/pmacct/100-IPFIXv10-CISCO/traffic-00.pcap',
  ])('%s cut at every offset: a prefix of the records, located issues, no exception', (file) => {
    const buf = readFixture(file);
    const full = parseAll(parserFor(file), buf).records.map((r) => JSON.stringify(r));
    for (let cut = 0; cut < buf.length; cut++) {
      const result = parseAll(parserFor(file), buf.subarray(0, cut));
      expect(result.records.map((r) => JSON.stringify(r))).toEqual(full.slice(0, result.records.length));
      // A cut inside the last datagram must be reported (earlier cuts may fall on a boundary).
      if (cut === buf.length - 1) expect(result.invalid.length).toBeGreaterThan(0);
      for (const issue of result.invalid) expect(issue.offset).toBeLessThanOrEqual(cut);
    }
  });

  test.each([logstash('ipfix_test_netscaler_tpl.dat'), logstash('netflow9_test_cisco_asa_1_tpl.dat'), 'flows/akvorado/ipfixprobe-data.pcap'])(
    '%s with every byte flipped: no exception',
    (file) => {
      const buf = readFixture(file);
      for (let i = 0; i < buf.length; i++) {
        for (const mask of [0xff, 0x80, 0x01]) {
          const bad = Buffer.from(buf);
          bad.writeUInt8(bad.readUInt8(i) ^ mask, i);
          expect(() => parseAll(parserFor(file), bad, 64)).not.toThrow();
        }
      }
    },
  );

  it('templates and data mangled together (shared cache) never throw', () => {
    const random = seededRandom(7);
    const tpl = readFixture(logstash('ipfix_test_netscaler_tpl.dat'));
    const data = readFixture(logstash('ipfix_test_netscaler_data.dat'));
    for (let run = 0; run < 300; run++) {
      const bad = Buffer.concat([tpl, data]);
      for (let k = 0; k < 4; k++) bad.writeUInt8(Math.floor(random() * 256), Math.floor(random() * bad.length));
      expect(() => parseAll(parserFor('x.dat'), bad, 1 + Math.floor(random() * 200))).not.toThrow();
    }
  });
});

describeFixtures('templates arriving after their data', () => {
  it('data sets wait for a template that comes later in the same file', () => {
    const logstash = (f: string): Buffer => readFixture(`flows/logstash-codec-netflow/${f}`);
    const inOrder = parseAll(
      parserFor('x.dat'),
      Buffer.concat([logstash('netflow9_test_cisco_asa_1_tpl.dat'), logstash('netflow9_test_cisco_asa_1_data.dat')]),
    );
    const reversed = parseAll(
      parserFor('x.dat'),
      Buffer.concat([logstash('netflow9_test_cisco_asa_1_data.dat'), logstash('netflow9_test_cisco_asa_1_tpl.dat')]),
    );
    expect(reversed.invalid).toEqual([]);
    expect(reversed.records.map((r) => ({ ...r, recordNo: 0 }))).toEqual(inOrder.records.map((r) => ({ ...r, recordNo: 0 })));
  });

  it('the wait list is bounded: overflow drops the oldest sets with one issue', () => {
    const data = readFixture('flows/logstash-codec-netflow/netflow9_test_fortigate_fortios_542_appid_data258_262.dat');
    const result = parseAll(parserFor('x.dat', { pendingLimits: { maxSets: 3, maxBytes: 1 << 20 } }), data);
    const dropped = result.invalid.find((i) => i.reason.includes('dropped'));
    expect(dropped?.reason).toMatch(/^\d+ data set\(s\) dropped/);
    const waiting = result.invalid.filter((i) => i.reason.includes('never arrived'));
    const sets = waiting.reduce((n, i) => n + Number(i.reason.split(' ')[0]), 0);
    expect(sets).toBe(3);
  });
});

describe('garbage', () => {
  it('random bytes as raw datagrams or as a pcap never throw', () => {
    const random = seededRandom(42);
    for (let run = 0; run < 200; run++) {
      const buf = Buffer.alloc(1 + Math.floor(random() * 3000));
      for (let i = 0; i < buf.length; i++) buf.writeUInt8(Math.floor(random() * 256), i);
      // Give half of them a believable header so the deeper code runs.
      if (run % 2 === 0) buf.writeUInt16BE([5, 9, 10][run % 3] as number, 0);
      expect(() => parseAll(parserFor('x.dat'), buf, 17)).not.toThrow();
      expect(() => parseAll(parserFor('x.pcap'), buf, 17)).not.toThrow();
    }
  });
});
