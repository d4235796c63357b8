// nfdump's native files, made by Debian's nfdump 1.7.1 (test/fixtures/generated/nfcapd/README.md):
// counts equal `nfdump -r FILE -q | wc -l`, every compression gives the same flows, the flows
// equal nfdump's own JSON export of the file and the IPFIX file nfcapd collected them from.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClassicPcap } from '../../../../test/kits/capture';
import { parseAll, parseWithSplits } from '../../../../test/kits/chunk-parser';
import type { FlowRecord } from '../../../records/records';
import { SNIFF_BYTES } from '../../format';
import { binaryFlowFormats } from '../binary-formats';
import { createIpfixFileParser, ipfixFileScore } from '../ipfix-file';
import { nfdumpJsonFormat } from '../nfdump-json';
import { decodePacketHeaders, newPacketHeaders } from '../packet-headers';
import { createNfcapdParser, nfcapdScore } from '.';

const ROOT = path.join(import.meta.dirname, '..', '..', '..', '..');
const DIR = path.join(ROOT, 'test', 'fixtures', 'generated', 'nfcapd');
const ctx = { path: 'nfcapd.202612050640', timeZone: 'UTC' };
const read = (name: string): Buffer => fs.readFileSync(path.join(DIR, name));
const parse = (buf: Buffer, chunk?: number) => parseAll(createNfcapdParser(ctx), buf, chunk);

/** `nfdump -r FILE -q | wc -l` with nfdump 1.7.1, per file. */
const NFDUMP_COUNTS: Record<string, number> = {
  'ftp-bruteforce.nfcapd': 60,
  'ftp-bruteforce.lzo.nfcapd': 60,
  'ftp-bruteforce.lz4.nfcapd': 60,
  'ftp-bruteforce.bz2.nfcapd': 60,
  'ftp-bruteforce.zstd.nfcapd': 60,
  'appliance-exfil-ipfix.lzo.nfcapd': 2789,
  'pmacct-104-ipv6.nfcapd': 3,
  'v16-appliance-exfil-head.nfcapd': 304,
  'v16-appliance-exfil-head.lzo.nfcapd': 304,
  'v16-appliance-exfil-head.lz4.nfcapd': 304,
  'v16-appliance-exfil-head.bz2.nfcapd': 304,
  'v16-pmacct-104-ipv6.nfcapd': 3,
};

function best(head: Buffer): string | null {
  const scored = binaryFlowFormats.map((f) => ({ id: f.id, score: f.sniff(head.subarray(0, SNIFF_BYTES)) })).sort((a, b) => b.score - a.score);
  return scored[0] !== undefined && scored[0].score > 0 ? scored[0].id : null;
}

/** Fields two exports of the same flow must agree on. */
function core(r: FlowRecord) {
  return {
    startMs: r.startMs,
    endMs: r.endMs,
    srcIp: r.srcIp,
    dstIp: r.dstIp,
    srcPort: r.srcPort,
    dstPort: r.dstPort,
    proto: r.proto,
    packets: r.packets,
    bytes: r.bytes,
    revPackets: r.revPackets,
    revBytes: r.revBytes,
    tcpFlags: r.proto === 6 ? r.tcpFlags : undefined,
  };
}

/** The IPFIX messages of the appliance-exfil recording, in capture order. */
function recordingIpfix(): Buffer[] {
  const cap = readClassicPcap(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'recordings', 'appliance-exfil', 'ipfix.pcap')));
  const h = newPacketHeaders();
  const messages: Buffer[] = [];
  for (const p of cap.packets) {
    if (decodePacketHeaders(cap.linkType, p.data, h) && h.proto === 17) messages.push(p.data.subarray(h.payloadOffset, h.payloadOffset + h.payloadLength));
  }
  return messages;
}

describe('nfcapd files (nfdump 1.6 and 1.7 layouts)', () => {
  it.each(Object.entries(NFDUMP_COUNTS))('%s: %i flows, as nfdump counts them, no issue', (name, count) => {
    const result = parse(read(name));
    expect(result.invalid).toEqual([]);
    expect(result.records).toHaveLength(count);
    expect(best(read(name))).toBe('nfcapd');
  });

  it('uncompressed, LZO, LZ4, bzip2 and ZSTD blocks give identical flows', () => {
    const plain = parse(read('ftp-bruteforce.nfcapd'));
    for (const c of ['lzo', 'lz4', 'bz2', 'zstd']) expect(parse(read(`ftp-bruteforce.${c}.nfcapd`)).records).toEqual(plain.records);
    expect(plain.notes).toEqual(['nfdump ident: ftp-bruteforce']);
  });

  it("the flows equal nfdump's own JSON export of the file", () => {
    const json = parseAll(nfdumpJsonFormat.createParser(ctx), read('ftp-bruteforce.nfdump.json'));
    expect(json.records).toHaveLength(60);
    expect(parse(read('ftp-bruteforce.nfcapd')).records.map(core)).toEqual(json.records.map(core));
  });

  it('what nfcapd collected from the recording equals the IPFIX file it was sent', () => {
    const ipfix = parseAll(createIpfixFileParser(ctx), Buffer.concat(recordingIpfix())).records;
    const nfcapd = parse(read('appliance-exfil-ipfix.lzo.nfcapd'));
    expect(nfcapd.records.map(core)).toEqual(ipfix.map(core));
    expect(new Set(nfcapd.records.map((r) => r.exporter))).toEqual(new Set(['127.0.0.1']));
    expect(nfcapd.notes).toContain('nfdump records other than flows were skipped: 1 exporter info, 1 exporter statistics');
  });

  it('nfdump 1.6 (layout 1): every compression gives the flows of the 40 IPFIX messages nfcapd 1.6.25 was sent', () => {
    const ipfix = parseAll(createIpfixFileParser(ctx), Buffer.concat(recordingIpfix().slice(0, 40))).records;
    const plain = parse(read('v16-appliance-exfil-head.nfcapd'));
    expect(plain.records.map(core)).toEqual(ipfix.map(core));
    for (const c of ['lzo', 'lz4', 'bz2']) expect(parse(read(`v16-appliance-exfil-head.${c}.nfcapd`)).records).toEqual(plain.records);
    expect(plain.notes).toEqual([
      'nfdump ident: appliance-exfil-1.6',
      'nfdump records other than flows were skipped: 4 extension map, 1 exporter info, 1 exporter statistics',
    ]);
    const [v6] = parse(read('v16-pmacct-104-ipv6.nfcapd')).records;
    expect(v6).toMatchObject({ srcIp: 'fe80::fa53:29ff:fe3a:3152', dstIp: 'fe80::ea5c:aff:fe3b:fc00', proto: 58 });
  });

  it('IPv6 addresses are read from their two host-order halves', () => {
    const [first] = parse(read('pmacct-104-ipv6.nfcapd')).records;
    expect(first).toMatchObject({ srcIp: 'fe80::fa53:29ff:fe3a:3152', dstIp: 'fe80::ea5c:aff:fe3b:fc00', proto: 58, exporter: '127.0.0.1' });
  });

  it('output does not depend on chunk boundaries', () => {
    for (const name of [
      'ftp-bruteforce.nfcapd',
      'ftp-bruteforce.lzo.nfcapd',
      'ftp-bruteforce.lz4.nfcapd',
      'ftp-bruteforce.bz2.nfcapd',
      'v16-appliance-exfil-head.lzo.nfcapd',
    ]) {
      parseWithSplits(() => createNfcapdParser(ctx), read(name), { maxChunk: 64, randomRuns: 10 });
    }
    const big = read('appliance-exfil-ipfix.lzo.nfcapd');
    const whole = parse(big);
    for (const size of [1, 7, 4096]) expect(parse(big, size)).toEqual(whole);
  });

  it('is not claimed for other binary flow files, nor they for it', () => {
    expect(nfcapdScore(Buffer.from('ts,te,td,sa,da\n'))).toBe(0);
    expect(nfcapdScore(Buffer.alloc(64))).toBe(0);
    expect(ipfixFileScore(read('ftp-bruteforce.nfcapd'))).toBe(0);
  });
});

describe('damaged nfcapd files', () => {
  const plain = read('ftp-bruteforce.nfcapd');

  it('a truncated file keeps the whole blocks and names where the cut block starts', () => {
    // The only flow block starts right after the 40-byte header; the appendix (at the offset the
    // header's offAppendix gives) follows it.
    const appendixAt = plain.readUInt32LE(24);
    const inAppendix = parse(plain.subarray(0, plain.length - 100));
    expect(inAppendix.records).toHaveLength(60);
    expect(inAppendix.invalid).toEqual([{ offset: appendixAt, reason: expect.stringMatching(/^file ends inside a data block \(\d+ of \d+ bytes present\)$/) }]);
    const inFlows = parse(plain.subarray(0, 1000));
    expect(inFlows.records).toHaveLength(0);
    expect(inFlows.invalid).toEqual([{ offset: 40, reason: 'file ends inside a data block (960 of 4572 bytes present)' }]);
  });

  it('a block size beyond any nfdump block stops reading with its offset', () => {
    const bad = Buffer.from(plain);
    bad.writeUInt32LE(0x7fffffff, 44);
    expect(parse(bad).invalid).toEqual([{ offset: 44, reason: expect.stringContaining('corrupt data block: size 2147483647 exceeds') }]);
  });

  it('a record whose size overruns its block is located, the records before it are kept', () => {
    const bad = Buffer.from(plain);
    const third = 40 + 12 + 2 * 76; // records of this file are 76 bytes each
    bad.writeUInt16LE(0xfff0, third + 2);
    const result = parse(bad);
    expect(result.records).toHaveLength(2);
    expect(result.invalid[0]).toEqual({ offset: third, reason: expect.stringContaining('corrupt record of type 11: size 65520 does not fit its block') });
  });

  it('damaged compressed bytes are an issue at the block, never a crash', () => {
    for (const c of ['lzo', 'lz4', 'bz2', 'zstd']) {
      const file = read(`ftp-bruteforce.${c}.nfcapd`);
      for (const at of [60, 120, 300]) {
        const bad = Buffer.from(file);
        bad.fill(0xff, at, at + 8);
        const result = parse(bad);
        // ZSTD frames carry no checksum unless asked (nfdump does not): damaged literals can decode
        // to other bytes without an error; the records then still have to pass their own checks.
        if (c !== 'zstd') expect(result.invalid.length, `${c} at ${at}`).toBeGreaterThan(0);
        expect(result.records.length + result.invalid.length, `${c} at ${at}`).toBeGreaterThan(0);
        for (const i of result.invalid) expect(i.offset).toBeLessThanOrEqual(file.length);
      }
    }
  });

  it('other layouts and methods are refused with a reason', () => {
    const v3 = Buffer.from(plain);
    v3.writeUInt16LE(3, 2);
    expect(parse(v3).invalid).toEqual([{ offset: 2, reason: 'unknown nfdump file layout 3; the rest of the file was not read' }]);
    const v15 = Buffer.from(read('v16-appliance-exfil-head.nfcapd'));
    v15.writeUInt16LE(1, 276 + 8); // first block marked as an nfdump 1.5 block
    expect(parse(v15).invalid[0]).toEqual({ offset: 284, reason: 'nfdump 1.5 data block (type 1, not supported) skipped' });
    expect(parse(read('v16-appliance-exfil-head.nfcapd').subarray(0, 200)).invalid).toEqual([
      { offset: 0, reason: 'file ends inside a file header (200 of 276 bytes present)' },
    ]);
    const unknown = Buffer.from(plain);
    unknown[16] = 5;
    expect(parse(unknown).invalid).toEqual([{ offset: 16, reason: 'unknown block compression 5; the rest of the file was not read' }]);
    // A ZSTD frame header announcing more than a block may hold is refused before decoding.
    const zstd = Buffer.from(read('ftp-bruteforce.zstd.nfcapd'));
    const frame = 40 + 12;
    zstd[frame + 4] = 0xc0; // 8-byte content size, window descriptor follows
    zstd[frame + 5] = 0xf8; // window 2^41
    expect(parse(zstd).invalid[0]?.reason).toMatch(/^damaged ZSTD block \(Zstandard window of \d+ bytes exceeds the block limit\)/);
    expect(parse(Buffer.alloc(0)).invalid).toEqual([{ offset: 0, reason: 'empty file' }]);
  });
});
