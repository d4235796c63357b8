import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { createVpcFlowParser, vpcFlowFormat } from './vpc-flow';

const create = () => createVpcFlowParser({ path: 'vpc.log', timeZone: 'UTC' });
const splitParse = (buf: Buffer) => parseWithSplits(create, buf);
const read = (name: string) => fs.readFileSync(fixture(`flows/elastic-beats/aws-vpcflow/${name}`));

describeFixtures('VPC flow logs from Filebeat tests', () => {
  it('reads the v2 default with its header', () => {
    const { records, invalid, notes } = splitParse(read('accept-reject-traffic.log'));
    expect(invalid).toEqual([]);
    expect(notes).toEqual([]);
    expect(records).toHaveLength(4);
    expect(records[0]).toEqual({
      recordNo: 2,
      startMs: 1418530010000,
      endMs: 1418530070000,
      srcIp: '78.24.182.42',
      dstIp: '158.109.0.1',
      srcPort: 20641,
      dstPort: 22,
      proto: 6,
      packets: 20,
      bytes: 4249,
    });
    expect(records[2]).toMatchObject({ proto: 1, srcPort: 0, dstPort: 0, packets: 4, bytes: 336 });
  });

  it('reads a custom v3 order (bytes before packets) with tcp-flags', () => {
    const { records, notes } = splitParse(read('tcp-flag-sequence.log'));
    expect(records).toEqual([
      {
        recordNo: 2,
        startMs: 1566848875000,
        endMs: 1566848933000,
        srcIp: '52.213.180.42',
        dstIp: '10.0.0.62',
        srcPort: 43416,
        dstPort: 5001,
        proto: 6,
        packets: 8,
        bytes: 568,
        tcpFlags: 2,
      },
    ]);
    expect(notes).toEqual(['custom VPC flow log format: 21 fields named by the header']);
  });

  it('claims the header-less transit-gateway sample but cannot read its custom order', () => {
    const buf = read('custom-transit-gateway.log');
    expect(vpcFlowFormat.sniff(buf)).toBeGreaterThanOrEqual(0.5);
    expect(() => parseAll(create(), buf)).toThrow(/without a header must be the v2 default/);
  });
});

describe('VPC flow log variants', () => {
  const HEADERLESS = [
    '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
    '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA',
    '2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA',
    '2 123456789010 eni-1235b8ca123456789 172.31.9.69 999.1.1.1 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK',
    '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530070 1418530010 REJECT OK',
    '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20',
  ].join('\n');

  it('reads a header-less file as the v2 default and counts idle windows in a note', () => {
    const { records, invalid, notes } = splitParse(Buffer.from(HEADERLESS));
    expect(records.map((r) => r.recordNo)).toEqual([1]);
    expect(invalid).toEqual([
      { line: 4, reason: 'dstaddr "999.1.1.1" is not an address' },
      { line: 5, reason: 'start/end "1418530070"/"1418530010" are not a time window' },
      { line: 6, reason: 'expected 14 fields, found 9' },
    ]);
    expect(notes).toEqual(['no header: read as the v2 default format', '2 NODATA/SKIPDATA rows skipped (capture windows without recorded traffic)']);
  });

  it('accepts Athena-style underscore names and a repeated header', () => {
    const header = 'version account_id interface_id srcaddr dstaddr srcport dstport protocol packets bytes start end action log_status';
    const row = '2 1 eni-0a 10.0.0.1 10.0.0.2 1 2 17 1 80 1700000000 1700000060 ACCEPT OK';
    const { records, invalid } = splitParse(Buffer.from(`${header}\n${row}\n${header}\n${row}\n`));
    expect(invalid).toEqual([]);
    expect(records.map((r) => [r.recordNo, r.proto, r.bytes])).toEqual([
      [2, 17, 80],
      [4, 17, 80],
    ]);
  });

  it('sniffs the v2 header and a header-less v2 row, not CSV or Zeek', () => {
    expect(
      vpcFlowFormat.sniff(Buffer.from('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n')),
    ).toBe(1);
    expect(vpcFlowFormat.sniff(Buffer.from(HEADERLESS))).toBeGreaterThanOrEqual(0.9);
    expect(vpcFlowFormat.sniff(Buffer.from('ts,te,td,sa,da\n'))).toBe(0);
    expect(vpcFlowFormat.sniff(Buffer.from('#separator \\x09\n'))).toBe(0);
  });
});
