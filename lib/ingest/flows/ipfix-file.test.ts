// IPFIX files (RFC 5655) against the recording's own IPFIX export: the UDP payloads of
// test/fixtures/recordings/appliance-exfil/ipfix.pcap written back to back are exactly the
// file an IPFIX collector (ipfixcol2, YAF, pmacct) stores, and must give the flows the capture gives.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClassicPcap } from '../../../test/kits/capture';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import type { FlowRecord } from '../../records/records';
import { SNIFF_BYTES } from '../format';
import { binaryFlowFormats, createNetflowPcapParser } from './binary-formats';
import { createIpfixFileParser, ipfixFileScore } from './ipfix-file';
import { decodePacketHeaders, newPacketHeaders } from './packet-headers';

const RECORDING = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'recordings', 'appliance-exfil');
const ctx = { path: 'exfil.ipfix', timeZone: 'UTC' };

/** The UDP payloads of a capture, one per packet, in capture order. */
function payloads(pcap: Buffer): Buffer[] {
  const cap = readClassicPcap(pcap);
  const headers = newPacketHeaders();
  const out: Buffer[] = [];
  for (const p of cap.packets) {
    if (!decodePacketHeaders(cap.linkType, p.data, headers) || headers.proto !== 17) continue;
    out.push(p.data.subarray(headers.payloadOffset, headers.payloadOffset + headers.payloadLength));
  }
  return out;
}

/** A flow without the exporter (the capture knows it from the UDP source, a file does not). */
function strip(r: FlowRecord): Omit<FlowRecord, 'exporter'> {
  const { exporter: _exporter, ...rest } = r;
  return rest;
}

function best(head: Buffer): string | null {
  const scored = binaryFlowFormats.map((f) => ({ id: f.id, score: f.sniff(head.subarray(0, SNIFF_BYTES)) })).sort((a, b) => b.score - a.score);
  return scored[0] !== undefined && scored[0].score > 0 ? scored[0].id : null;
}

const pcap = fs.readFileSync(path.join(RECORDING, 'ipfix.pcap'));
const messages = payloads(pcap);
const file = Buffer.concat(messages);

describe('IPFIX file (RFC 5655)', () => {
  it('the recording written as an IPFIX file gives the same flows as its capture', () => {
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) expect(m.readUInt16BE(0)).toBe(10);
    const fromPcap = parseAll(createNetflowPcapParser(ctx), pcap);
    const fromFile = parseAll(createIpfixFileParser(ctx), file);
    expect(fromFile.invalid).toEqual([]);
    expect(fromPcap.records.length).toBeGreaterThan(100);
    expect(fromFile.records.map(strip)).toEqual(fromPcap.records.map(strip));
  });

  it('is sniffed from content as ipfix-file, also with the head cut inside a message', () => {
    expect(best(file)).toBe('ipfix-file');
    expect(ipfixFileScore(file.subarray(0, SNIFF_BYTES))).toBeGreaterThan(0.95);
    // A raw dump of NetFlow v9 datagrams is not an IPFIX file.
    const v9 = Buffer.concat(payloads(fs.readFileSync(path.join(RECORDING, 'netflow_v9.pcap'))));
    expect(ipfixFileScore(v9)).toBe(0);
    expect(best(v9)).toBe('netflow-raw');
    // Text and zeroes are not claimed.
    expect(ipfixFileScore(Buffer.from('ts,te,td,sa,da\n'))).toBe(0);
    expect(ipfixFileScore(Buffer.alloc(64))).toBe(0);
  });

  it('a message whose sets overrun its length is not an IPFIX file head', () => {
    const bad = Buffer.from(file.subarray(0, messages[0]?.length));
    bad.writeUInt16BE(0xfff0, 18); // first set length far beyond the message
    expect(ipfixFileScore(bad)).toBe(0);
  });

  it('output does not depend on chunk boundaries', () => {
    // The templates and the first data messages: every chunk size 1..97 plus random cuts.
    const head = Buffer.concat(messages.slice(0, 12));
    const result = parseWithSplits(() => createIpfixFileParser(ctx), head);
    expect(result.records.length).toBeGreaterThan(0);
    expect(result.invalid).toEqual([]);
    // The whole file at a few coarse sizes.
    const whole = parseAll(createIpfixFileParser(ctx), file);
    for (const size of [1000, 4093, 65_536]) expect(parseAll(createIpfixFileParser(ctx), file, size)).toEqual(whole);
  });

  it('a damaged message is a located issue and the messages after it are still read', () => {
    const at = messages.slice(0, 5).reduce((n, m) => n + m.length, 0);
    const damaged = Buffer.from(file);
    damaged.writeUInt16BE(0x0bad, at); // version word of message 6 overwritten
    const whole = parseAll(createIpfixFileParser(ctx), file);
    const result = parseAll(createIpfixFileParser(ctx), damaged);
    expect(result.invalid).toEqual([{ offset: at, reason: expect.stringMatching(/^\d+ byte\(s\) that do not form a NetFlow\/IPFIX datagram were skipped$/) }]);
    expect(result.records.length).toBeGreaterThan(0);
    expect(result.records.length).toBeLessThan(whole.records.length);
  });

  it('a truncated file names the offset of its last, cut message', () => {
    const cut = file.subarray(0, file.length - 7);
    const lastAt = file.length - (messages.at(-1)?.length ?? 0);
    const result = parseAll(createIpfixFileParser(ctx), cut);
    expect(result.invalid.length).toBeGreaterThan(0);
    expect(result.invalid[0]?.offset).toBeGreaterThanOrEqual(lastAt);
    expect(best(cut)).toBe('ipfix-file');
  });
});
