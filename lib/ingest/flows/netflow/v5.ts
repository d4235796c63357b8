// NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records (Cisco's NetFlow v5 format,
// as documented in logstash-codec-netflow util.rb and nfdump nfx/netflow_v5_v7.c).
import type { FlowRecord } from '../../../records/records';
import { cachedIpv4Text } from './ipv4-cache';
import type { RecordSink } from './records';

export const V5_HEADER_LEN = 24;
export const V5_RECORD_LEN = 48;
export const V5_MAX_RECORDS = 30;

/**
 * Decodes one v5 datagram `buf[start, end)`; `fileOffset` is the file offset of `buf[start]`.
 * A count outside 1..30 means the datagram is not trustworthy (logstash's invalid samples).
 */
export function decodeV5(buf: Buffer, start: number, end: number, exporter: string | undefined, fileOffset: number, sink: RecordSink): void {
  if (end - start < V5_HEADER_LEN) {
    sink.issue(fileOffset, `NetFlow v5 header truncated (${end - start} of ${V5_HEADER_LEN} bytes)`);
    return;
  }
  const count = buf.readUInt16BE(start + 2);
  if (count < 1 || count > V5_MAX_RECORDS) {
    sink.issue(fileOffset + 2, `NetFlow v5 record count ${count} is outside 1..${V5_MAX_RECORDS}; datagram skipped`);
    return;
  }
  const sysUptime = buf.readUInt32BE(start + 4);
  const exportMs = buf.readUInt32BE(start + 8) * 1000 + Math.floor(buf.readUInt32BE(start + 12) / 1_000_000);
  // 2-bit sampling mode, 14-bit interval; 0 means unsampled.
  const rate = buf.readUInt16BE(start + 22) & 0x3fff || 1;
  const available = Math.floor((end - start - V5_HEADER_LEN) / V5_RECORD_LEN);
  if (available < count) {
    sink.issue(fileOffset + V5_HEADER_LEN + available * V5_RECORD_LEN, `NetFlow v5 datagram truncated: ${available} of ${count} records present`);
  }
  for (let i = 0; i < Math.min(count, available); i++) {
    const r = start + V5_HEADER_LEN + i * V5_RECORD_LEN;
    // First/Last are sysUptime ms; the signed 32-bit difference survives uptime wrap-around.
    const startMs = exportMs - ((sysUptime - buf.readUInt32BE(r + 24)) | 0);
    const endMs = exportMs - ((sysUptime - buf.readUInt32BE(r + 28)) | 0);
    const record: FlowRecord = {
      recordNo: 0,
      startMs,
      endMs,
      srcIp: cachedIpv4Text(buf, r),
      dstIp: cachedIpv4Text(buf, r + 4),
      srcPort: buf.readUInt16BE(r + 32),
      dstPort: buf.readUInt16BE(r + 34),
      proto: buf.readUInt8(r + 38),
      packets: buf.readUInt32BE(r + 16) * rate,
      bytes: buf.readUInt32BE(r + 20) * rate,
      tcpFlags: buf.readUInt8(r + 37),
      exporter,
      sampling: rate,
    };
    sink.record(record);
  }
}
