import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from './generate-scenario';
import { DATA_FIELDS, DATA_TEMPLATE_ID, IPFIX_PORT, OPTIONS_TEMPLATE_ID } from './ipfix-pcap';

interface Message {
  exportTime: number;
  sequence: number;
  domain: number;
  sets: { id: number; body: Buffer }[];
  srcIp: string;
  dstPort: number;
}

/** A deliberately independent pcap → Ethernet → IPv4 → UDP → IPFIX walk. */
function readPcap(buf: Buffer): { linktype: number; messages: Message[] } {
  expect(buf.readUInt32LE(0)).toBe(0xa1b2c3d4);
  const linktype = buf.readUInt32LE(20);
  const messages: Message[] = [];
  let off = 24;
  while (off < buf.length) {
    const incl = buf.readUInt32LE(off + 8);
    const frame = buf.subarray(off + 16, off + 16 + incl);
    off += 16 + incl;
    expect(frame.readUInt16BE(12)).toBe(0x0800);
    const ip = frame.subarray(14);
    const ihl = (ip.readUInt8(0) & 0x0f) * 4;
    expect(ip.readUInt8(9)).toBe(17);
    let sum = 0;
    for (let i = 0; i < ihl; i += 2) sum += ip.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(sum).toBe(0xffff); // header checksum verifies
    const udp = ip.subarray(ihl);
    const msg = udp.subarray(8, udp.readUInt16BE(4));
    expect(msg.readUInt16BE(0)).toBe(10);
    expect(msg.readUInt16BE(2)).toBe(msg.length);
    const sets: Message['sets'] = [];
    for (let s = 16; s < msg.length; ) {
      const len = msg.readUInt16BE(s + 2);
      sets.push({ id: msg.readUInt16BE(s), body: msg.subarray(s + 4, s + len) });
      s += len;
    }
    messages.push({
      exportTime: msg.readUInt32BE(4),
      sequence: msg.readUInt32BE(8),
      domain: msg.readUInt32BE(12),
      sets,
      srcIp: [...ip.subarray(12, 16)].join('.'),
      dstPort: udp.readUInt16BE(2),
    });
  }
  return { linktype, messages };
}

describe('generated edge.ipfix.pcap', () => {
  let dir: string;
  let pcap: ReturnType<typeof readPcap>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sightline-ipfix-'));
    const r = await generateScenario({ outDir: dir, hosts: 8, days: 0.25, seed: 9, start: '2026-03-02T08:00:00Z' });
    pcap = readPcap(readFileSync(r.files.flows[1] as string));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is an Ethernet pcap of IPFIX datagrams from the edge exporter to 4739', () => {
    expect(pcap.linktype).toBe(1);
    expect(pcap.messages.length).toBeGreaterThan(5);
    for (const m of pcap.messages) {
      expect(m.srcIp).toBe('10.20.255.1');
      expect(m.dstPort).toBe(IPFIX_PORT);
      expect(m.domain).toBe(1);
    }
  });

  it('opens with the template set, then the sampling options template and record', () => {
    const first = pcap.messages[0] as Message;
    expect(first.sets.map((s) => s.id)).toEqual([2, 3, OPTIONS_TEMPLATE_ID, DATA_TEMPLATE_ID]);
    const tmpl = (first.sets[0] as { body: Buffer }).body;
    expect(tmpl.readUInt16BE(0)).toBe(DATA_TEMPLATE_ID);
    const count = tmpl.readUInt16BE(2);
    const ies = Array.from({ length: count }, (_, i) => tmpl.readUInt16BE(4 + i * 4));
    expect(ies).toEqual(expect.arrayContaining([8, 12, 7, 11, 4, 6, 1, 2, 152, 153]));
    const opt = (first.sets[1] as { body: Buffer }).body;
    expect(opt.readUInt16BE(0)).toBe(OPTIONS_TEMPLATE_ID);
    const optIes = Array.from({ length: opt.readUInt16BE(2) }, (_, i) => opt.readUInt16BE(6 + i * 4));
    expect(optIes).toEqual([149, 304, 305, 306]);
    const optData = (first.sets[2] as { body: Buffer }).body;
    expect(optData.readUInt32BE(6)).toBe(1); // samplingPacketInterval
    expect(optData.readUInt32BE(10)).toBe(9); // samplingPacketSpace: 1-in-10
  });

  it('keeps ≤ 30 records per message, consistent sequence numbers and plausible times', () => {
    const recLen = DATA_FIELDS.reduce((n, [, l]) => n + l, 0);
    const offsetOf = (ie: number) =>
      DATA_FIELDS.slice(
        0,
        DATA_FIELDS.findIndex(([id]) => id === ie),
      ).reduce((n, [, l]) => n + l, 0);
    let expectedSeq = 0;
    let prevExport = 0;
    for (const m of pcap.messages) {
      expect(m.sequence).toBe(expectedSeq);
      expect(m.exportTime).toBeGreaterThanOrEqual(prevExport);
      prevExport = m.exportTime;
      const data = m.sets.find((s) => s.id === DATA_TEMPLATE_ID);
      const n = data ? data.body.length / recLen : 0;
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeLessThanOrEqual(30);
      expectedSeq += n + (m.sets.some((s) => s.id === OPTIONS_TEMPLATE_ID) ? 1 : 0);
      if (!data) continue;
      const start = Number(data.body.readBigUInt64BE(offsetOf(152)));
      const end = Number(data.body.readBigUInt64BE(offsetOf(153)));
      expect(end).toBeGreaterThanOrEqual(start);
      expect(start).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 2, 8));
      expect(Math.floor(end / 1000)).toBeLessThanOrEqual(m.exportTime);
    }
  });
});
