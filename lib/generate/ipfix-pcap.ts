// IPFIX (RFC 7011) export datagrams as a collector would capture them: classic pcap, Ethernet,
// IPv4, UDP from the exporter to port 4739. Each message is ≤ 1472 bytes (one 1500-byte MTU,
// like softflowd's) and carries ≤ 30 records. The template set, an options template describing
// 1-in-N packet sampling (RFC 5477 IEs 304/305/306, the encoding softflowd sends: interval 1,
// space N-1) and its options record are sent first and again every 10 minutes, the usual
// template refresh for UDP transport.

import { BufferedFile } from './buffered-file';
import type { FlowOut, FlowWriter } from './flow-sink';

export const IPFIX_PORT = 4739;
export const DATA_TEMPLATE_ID = 256;
export const OPTIONS_TEMPLATE_ID = 257;
export const OBSERVATION_DOMAIN = 1;
const MAX_MESSAGE = 1472;
const MAX_RECORDS = 30;
const TEMPLATE_REFRESH_MS = 600_000;

/** [IE, length]: IPv4 5-tuple, flags, counters, absolute millisecond times (IE 152/153). */
export const DATA_FIELDS: readonly (readonly [number, number])[] = [
  [8, 4],
  [12, 4],
  [7, 2],
  [11, 2],
  [4, 1],
  [6, 2],
  [5, 1],
  [1, 8],
  [2, 8],
  [152, 8],
  [153, 8],
  [10, 4],
  [14, 4],
  [136, 1],
  [61, 1],
];
const RECORD_LEN = DATA_FIELDS.reduce((n, [, len]) => n + len, 0);

function templateBlock(sampling: number): Buffer {
  const tmpl = Buffer.alloc(4 + 4 + DATA_FIELDS.length * 4);
  tmpl.writeUInt16BE(2, 0);
  tmpl.writeUInt16BE(tmpl.length, 2);
  tmpl.writeUInt16BE(DATA_TEMPLATE_ID, 4);
  tmpl.writeUInt16BE(DATA_FIELDS.length, 6);
  DATA_FIELDS.forEach(([ie, len], i) => {
    tmpl.writeUInt16BE(ie, 8 + i * 4);
    tmpl.writeUInt16BE(len, 10 + i * 4);
  });
  // Options template: scope observationDomainId, then selectorAlgorithm, interval, space.
  const opt = Buffer.alloc(4 + 6 + 4 * 4);
  opt.writeUInt16BE(3, 0);
  opt.writeUInt16BE(opt.length, 2);
  opt.writeUInt16BE(OPTIONS_TEMPLATE_ID, 4);
  opt.writeUInt16BE(4, 6);
  opt.writeUInt16BE(1, 8);
  [
    [149, 4],
    [304, 2],
    [305, 4],
    [306, 4],
  ].forEach(([ie, len], i) => {
    opt.writeUInt16BE(ie as number, 10 + i * 4);
    opt.writeUInt16BE(len as number, 12 + i * 4);
  });
  const optData = Buffer.alloc(4 + 14);
  optData.writeUInt16BE(OPTIONS_TEMPLATE_ID, 0);
  optData.writeUInt16BE(optData.length, 2);
  optData.writeUInt32BE(OBSERVATION_DOMAIN, 4);
  optData.writeUInt16BE(1, 8); // systematic count-based
  optData.writeUInt32BE(1, 10);
  optData.writeUInt32BE(Math.max(0, sampling - 1), 14);
  return Buffer.concat([tmpl, opt, optData]);
}

function ipBytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

function checksum(buf: Buffer, initial = 0): number {
  let sum = initial;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += buf.readUInt16BE(i);
  if (buf.length % 2) sum += (buf[buf.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export class IpfixPcapWriter implements FlowWriter {
  private readonly file: BufferedFile;
  private sequence = 0;
  private ipId = 1;
  private lastExportMs = 0;
  private lastTemplateMs = Number.NEGATIVE_INFINITY;
  messages = 0;
  records = 0;

  constructor(
    readonly path: string,
    private readonly opts: { exporterIp: string; collectorIp: string; sampling: number; activeTimeoutMs: number; ifIndexOf: (ip: string) => number },
  ) {
    this.file = new BufferedFile(path, 1024 * 1024);
    const gh = Buffer.alloc(24);
    gh.writeUInt32LE(0xa1b2c3d4, 0);
    gh.writeUInt16LE(2, 4);
    gh.writeUInt16LE(4, 6);
    gh.writeUInt32LE(262144, 16);
    gh.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
    this.file.write(gh);
  }

  write(records: readonly FlowOut[]): void {
    let i = 0;
    while (i < records.length) {
      const first = records[i] as FlowOut;
      const exportMs = Math.max(this.lastExportMs, first.receivedMs);
      const withTemplates = exportMs - this.lastTemplateMs >= TEMPLATE_REFRESH_MS;
      const head = withTemplates ? templateBlock(this.opts.sampling) : Buffer.alloc(0);
      const room = Math.min(MAX_RECORDS, Math.floor((MAX_MESSAGE - 16 - head.length - 4) / RECORD_LEN));
      const batch = records.slice(i, i + room);
      i += batch.length;
      this.emitMessage(head, batch, Math.max(exportMs, ...batch.map((r) => r.receivedMs)), withTemplates);
    }
  }

  private emitMessage(head: Buffer, batch: readonly FlowOut[], exportMs: number, withTemplates: boolean): void {
    if (withTemplates) this.lastTemplateMs = exportMs;
    this.lastExportMs = exportMs;
    const data = Buffer.alloc(4 + batch.length * RECORD_LEN);
    data.writeUInt16BE(DATA_TEMPLATE_ID, 0);
    data.writeUInt16BE(data.length, 2);
    batch.forEach((r, k) => {
      this.writeRecord(data, 4 + k * RECORD_LEN, r);
    });
    const msg = Buffer.concat([Buffer.alloc(16), head, data]);
    msg.writeUInt16BE(10, 0);
    msg.writeUInt16BE(msg.length, 2);
    msg.writeUInt32BE(Math.floor(exportMs / 1000), 4);
    msg.writeUInt32BE(this.sequence >>> 0, 8);
    msg.writeUInt32BE(OBSERVATION_DOMAIN, 12);
    this.sequence += batch.length + (withTemplates ? 1 : 0);
    this.messages++;
    this.records += batch.length;
    this.writeFrame(msg, exportMs);
  }

  private writeRecord(buf: Buffer, off: number, r: FlowOut): void {
    let o = off;
    for (const b of ipBytes(r.src)) buf.writeUInt8(b, o++);
    for (const b of ipBytes(r.dst)) buf.writeUInt8(b, o++);
    buf.writeUInt16BE(r.sport, o);
    buf.writeUInt16BE(r.dport, o + 2);
    buf.writeUInt8(r.proto, o + 4);
    buf.writeUInt16BE(r.flags, o + 5);
    buf.writeUInt8(0, o + 7);
    buf.writeBigUInt64BE(BigInt(r.bytes), o + 8);
    buf.writeBigUInt64BE(BigInt(r.pkts), o + 16);
    buf.writeBigUInt64BE(BigInt(r.startMs), o + 24);
    buf.writeBigUInt64BE(BigInt(r.endMs), o + 32);
    buf.writeUInt32BE(this.opts.ifIndexOf(r.src), o + 40);
    buf.writeUInt32BE(this.opts.ifIndexOf(r.dst), o + 44);
    // flowEndReason: 3 end of flow (FIN/RST seen), 2 active timeout, 1 idle timeout.
    const ended = r.proto === 6 && (r.flags & 0x05) !== 0;
    const cut = r.endMs - r.startMs >= this.opts.activeTimeoutMs - 1;
    buf.writeUInt8(ended ? 3 : cut ? 2 : 1, o + 48);
    buf.writeUInt8(0, o + 49); // flowDirection ingress
  }

  private writeFrame(payload: Buffer, exportMs: number): void {
    const udpLen = 8 + payload.length;
    const ipLen = 20 + udpLen;
    const frame = Buffer.alloc(14 + ipLen);
    Buffer.from([0x00, 0x1b, 0x21, 0x3a, 0x4c, 0x10, 0x02, 0x42, 0x0a, 0x14, 0xff, 0x01]).copy(frame, 0);
    frame.writeUInt16BE(0x0800, 12);
    const ip = frame.subarray(14, 34);
    ip.writeUInt8(0x45, 0);
    ip.writeUInt16BE(ipLen, 2);
    ip.writeUInt16BE(this.ipId++ & 0xffff, 4);
    ip.writeUInt16BE(0x4000, 6); // DF
    ip.writeUInt8(64, 8);
    ip.writeUInt8(17, 9);
    Buffer.from(ipBytes(this.opts.exporterIp)).copy(ip, 12);
    Buffer.from(ipBytes(this.opts.collectorIp)).copy(ip, 16);
    ip.writeUInt16BE(checksum(ip), 10);
    const udp = frame.subarray(34);
    udp.writeUInt16BE(50_123, 0);
    udp.writeUInt16BE(IPFIX_PORT, 2);
    udp.writeUInt16BE(udpLen, 4);
    payload.copy(udp, 8);
    const pseudo = Buffer.concat([ip.subarray(12, 20), Buffer.from([0, 17, udpLen >> 8, udpLen & 0xff])]);
    const pseudoSum = 0xffff & ~checksum(pseudo);
    udp.writeUInt16BE(checksum(udp, pseudoSum) || 0xffff, 6);
    const rec = Buffer.alloc(16);
    // Captured on the collector a fraction of a millisecond after export.
    rec.writeUInt32LE(Math.floor(exportMs / 1000), 0);
    rec.writeUInt32LE((exportMs % 1000) * 1000 + 312, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    this.file.write(Buffer.concat([rec, frame]));
  }

  close(): void {
    this.file.flush();
  }

  get written(): number {
    return this.file.written;
  }
}
