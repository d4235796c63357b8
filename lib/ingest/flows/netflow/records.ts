// Data and options records of v9/IPFIX data sets, read through a compiled template: each
// template op drops one value into a slot of a Float64Array, then the slots are turned into a
// FlowRecord (or, for options records, into sampling rates and boot times in the cache).
import type { FlowRecord } from '../../../records/records';
import { ipv6Text } from '../ip-text';
import { Kind, SLOT_COUNT, Slot } from './fields';
import { cachedIpv4Text } from './ipv4-cache';
import { type CompiledTemplate, isZero, VARIABLE_LENGTH } from './template';
import type { TemplateCache } from './template-cache';

/** What a data set needs from its datagram header. */
export interface SetContext {
  exporter: string | undefined;
  isV9: boolean;
  /** Template scope key (see domainKey). */
  domain: string;
  /** Header export time (ms since epoch). */
  exportMs: number;
  /** v9 header sysUptime (ms); NaN for IPFIX. */
  sysUptimeMs: number;
  /** File offset of `buf[start]` of the set body (for issues). */
  fileOffset: number;
}

export interface RecordSink {
  record(r: FlowRecord): void;
  issue(offset: number, reason: string): void;
}

/** Seconds between the NTP era (1900) and the Unix epoch (RFC 7011 §6.1.10). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;
const TWO_32 = 4294967296;

// Module-local aliases: bundlers and tsx compile an imported binding into a getter call, which
// showed up as 16 % of IPFIX decode time when read once per field per record.
const S = Slot;
const KIND_UINT = Kind.Uint;
const KIND_OFFSET = Kind.Offset;

function readUint(buf: Buffer, off: number, len: number): number {
  switch (len) {
    case 1:
      return buf.readUInt8(off);
    case 2:
      return buf.readUInt16BE(off);
    case 4:
      return buf.readUInt32BE(off);
    case 8:
      return buf.readUInt32BE(off) * TWO_32 + buf.readUInt32BE(off + 4);
    default:
      // Reduced-size encoding (RFC 7011 §6.2) of 3, 5, 6 or 7 bytes.
      return len <= 6 ? buf.readUIntBE(off, len) : buf.readUIntBE(off, len - 4) * TWO_32 + buf.readUInt32BE(off + len - 4);
  }
}

/**
 * A 32-bit uptime wraps every 49.7 days, and softflowd sends "negative" uptimes for packets
 * older than its start (bro-simple-scan 445_scan is not in time order): when boot + uptime is
 * one wrap away from the export time, take the reading next to it.
 */
function nearExport(t: number, exportMs: number): number {
  const wraps = Math.round((t - exportMs) / TWO_32);
  // More than one wrap away means the export time itself is off (an nProbe sample says 1970).
  return Math.abs(wraps) === 1 ? t - wraps * TWO_32 : t;
}

/** First of the values that is present (not NaN), else NaN. */
function firstOf(a: number, b: number, c: number): number {
  return !Number.isNaN(a) ? a : !Number.isNaN(b) ? b : c;
}

export class RecordReader {
  private readonly v = new Float64Array(SLOT_COUNT);
  private offsets = new Int32Array(64);
  private startMs = 0;
  private endMs = 0;
  /** Records without addresses (interface stats, L2-only flows): skipped, counted for a note. */
  addresslessRecords = 0;
  /** IPFIX records timed by sysUpTime with no systemInitTimeMilliseconds known: export time used. */
  approximatedTimes = 0;

  constructor(private readonly cache: TemplateCache) {}

  private at(slot: number): number {
    return this.v[slot] as number;
  }

  /** Reads every record of a data set body `buf[start, end)`. */
  readSet(t: CompiledTemplate, buf: Buffer, start: number, end: number, ctx: SetContext, sink: RecordSink): void {
    if (t.minLen === 0) return; // a template of zero-length fields describes nothing
    let pos = start;
    while (end - pos >= t.minLen) {
      let recEnd = pos + t.fixedLen;
      if (t.fixedLen < 0) {
        recEnd = this.locateFields(t, buf, pos, end);
        if (recEnd < 0) {
          // Leftover bytes that cannot form a record are padding (RFC 7011 §3.3.1) if all zero.
          if (!isZero(buf, pos, end)) {
            sink.issue(ctx.fileOffset + (pos - start), `record of template ${t.id} overruns its set; rest skipped`);
          }
          return;
        }
      }
      this.fill(t, buf, pos);
      if (t.isOptions) this.absorbOptions(ctx);
      else this.emit(buf, ctx, sink);
      pos = recEnd;
    }
  }

  /** Fills `offsets` for a record with variable-length fields; returns its end or −1. */
  private locateFields(t: CompiledTemplate, buf: Buffer, start: number, end: number): number {
    if (this.offsets.length < t.fieldCount) this.offsets = new Int32Array(t.fieldCount * 2);
    let pos = start;
    for (let i = 0; i < t.fieldCount; i++) {
      let len = t.lengths[i] as number;
      if (len === VARIABLE_LENGTH) {
        // RFC 7011 §7: one length byte, or 255 followed by a 2-byte length.
        if (pos >= end) return -1;
        len = buf.readUInt8(pos);
        pos += 1;
        if (len === 255) {
          if (pos + 2 > end) return -1;
          len = buf.readUInt16BE(pos);
          pos += 2;
        }
      }
      this.offsets[i] = pos;
      pos += len;
      if (pos > end) return -1;
    }
    return pos;
  }

  private fill(t: CompiledTemplate, buf: Buffer, rec: number): void {
    const v = this.v;
    v.fill(Number.NaN);
    const { opSlot, opKind, opLen, opOffset, opField } = t;
    const fixed = t.fixedLen >= 0;
    for (let i = 0; i < opSlot.length; i++) {
      const off = fixed ? rec + (opOffset[i] as number) : (this.offsets[opField[i] as number] as number);
      const kind = opKind[i];
      if (kind === KIND_UINT) v[opSlot[i] as number] = readUint(buf, off, opLen[i] as number);
      else if (kind === KIND_OFFSET) v[opSlot[i] as number] = off;
      else v[opSlot[i] as number] = (buf.readUInt32BE(off) - NTP_UNIX_OFFSET_S) * 1000 + (buf.readUInt32BE(off + 4) * 1000) / TWO_32;
    }
  }

  /** Sampling rate stated by the record itself (0 = none). */
  private ownRate(): number {
    const interval = this.at(S.SamplingInterval);
    if (interval > 0) return interval;
    // RFC 5477 random n-out-of-N (selectorAlgorithm 3). Checked before 305/306 because Cisco
    // IOS XR sends samplingPacketInterval 1 next to it (pmacct test 104: 1 out of 256).
    const size = this.at(S.SamplingSize);
    const population = this.at(S.SamplingPopulation);
    if (size > 0 && population > 0) return population / size;
    // RFC 5477 systematic count-based sampling: select `interval` packets, then skip `space`.
    const pktInterval = this.at(S.PacketInterval);
    if (pktInterval > 0) return (pktInterval + (this.at(S.PacketSpace) || 0)) / pktInterval;
    return 0;
  }

  /** Options records: remember sampling rates (per sampler id) and the exporter's boot time. */
  private absorbOptions(ctx: SetContext): void {
    const rate = this.ownRate();
    if (rate > 0) this.cache.setSamplingRate(ctx.domain, this.at(S.SamplerId) || 0, rate);
    const boot = this.at(S.SysInitMs);
    if (!Number.isNaN(boot)) this.cache.setBootTime(ctx.domain, boot);
  }

  private emit(buf: Buffer, ctx: SetContext, sink: RecordSink): void {
    const srcV4 = this.at(S.SrcV4);
    const dstV4 = this.at(S.DstV4);
    const srcV6 = this.at(S.SrcV6);
    const dstV6 = this.at(S.DstV6);
    const hasV4 = srcV4 >= 0 && dstV4 >= 0;
    const hasV6 = srcV6 >= 0 && dstV6 >= 0;
    let srcIp: string;
    let dstIp: string;
    // Some templates carry both families and zero the unused one.
    if (hasV4 && !(hasV6 && buf.readUInt32BE(srcV4) === 0 && buf.readUInt32BE(dstV4) === 0)) {
      srcIp = cachedIpv4Text(buf, srcV4);
      dstIp = cachedIpv4Text(buf, dstV4);
    } else if (hasV6) {
      srcIp = ipv6Text(buf, srcV6);
      dstIp = ipv6Text(buf, dstV6);
    } else {
      this.addresslessRecords++;
      return;
    }
    let bytes = firstOf(this.at(S.Bytes), this.at(S.BytesTotal), this.at(S.InitiatorBytes));
    let packets = firstOf(this.at(S.Packets), this.at(S.PacketsTotal), this.at(S.InitiatorPackets));
    let revBytes = firstOf(this.at(S.RevBytes), this.at(S.RevBytesTotal), this.at(S.ResponderBytes));
    let revPackets = firstOf(this.at(S.RevPackets), this.at(S.RevPacketsTotal), this.at(S.ResponderPackets));
    // v9 OUT_* are nProbe's dst→src counters next to IN_*, or the only counters of an
    // egress-only exporter (logstash sample netflow9_test_0length_fields_tpl_data).
    const outBytes = this.at(S.OutBytes);
    const outPackets = this.at(S.OutPackets);
    if (!Number.isNaN(outBytes)) {
      if (!(bytes > 0)) bytes = outBytes;
      else if (Number.isNaN(revBytes)) revBytes = outBytes;
    }
    if (!Number.isNaN(outPackets)) {
      if (!(packets > 0)) packets = outPackets;
      else if (Number.isNaN(revPackets)) revPackets = outPackets;
    }
    const own = this.ownRate();
    const rate = own >= 1 ? own : this.cache.samplingRate(ctx.domain, this.at(S.SamplerId) || -1);
    this.resolveTimes(ctx);
    const proto = this.at(S.Proto) || 0;
    let dstPort = this.at(S.DstPort) || this.at(S.AltDstPort) || 0;
    if (dstPort === 0 && (proto === 1 || proto === 58)) {
      // ICMP type/code go in the destination port by NetFlow convention (type << 8 | code).
      const type = this.at(S.IcmpType);
      const typeCode = Number.isNaN(type) ? this.at(S.IcmpTypeCode) : type * 256 + (this.at(S.IcmpCode) || 0);
      dstPort = typeCode || 0;
    }
    const record: FlowRecord = {
      recordNo: 0,
      startMs: this.startMs,
      endMs: this.endMs,
      srcIp,
      dstIp,
      srcPort: this.at(S.SrcPort) || this.at(S.AltSrcPort) || 0,
      dstPort,
      proto,
      packets: (packets || 0) * rate,
      bytes: (bytes || 0) * rate,
      tcpFlags: (this.at(S.TcpFlags) || 0) & 0xff, // 16-bit tcpControlBits (RFC 7125): keep the classic 8
      exporter: ctx.exporter,
      sampling: rate,
    };
    if (!Number.isNaN(revBytes) || !Number.isNaN(revPackets)) {
      record.revBytes = (revBytes || 0) * rate;
      record.revPackets = (revPackets || 0) * rate;
    }
    const revFlags = this.at(S.RevTcpFlags);
    if (!Number.isNaN(revFlags)) record.revTcpFlags = revFlags & 0xff;
    sink.record(record);
  }

  private resolveTimes(ctx: SetContext): void {
    let start = firstOf(this.at(S.StartMs), this.at(S.StartSec) * 1000, this.at(S.StartNtp));
    let end = firstOf(this.at(S.EndMs), this.at(S.EndSec) * 1000, this.at(S.EndNtp));
    // IE 158/159 count back from the export time.
    const startDelta = this.at(S.StartDeltaUs);
    const endDelta = this.at(S.EndDeltaUs);
    if (Number.isNaN(start) && !Number.isNaN(startDelta)) start = ctx.exportMs - startDelta / 1000;
    if (Number.isNaN(end) && !Number.isNaN(endDelta)) end = ctx.exportMs - endDelta / 1000;
    const first = this.at(S.FirstUptime);
    const last = this.at(S.LastUptime);
    if (!Number.isNaN(first) || !Number.isNaN(last)) {
      if (ctx.isV9) {
        // sysUptime-relative; `| 0` takes the signed 32-bit difference, so uptime wrap-around works.
        if (!Number.isNaN(first)) start = ctx.exportMs - ((ctx.sysUptimeMs - first) | 0);
        if (!Number.isNaN(last)) end = ctx.exportMs - ((ctx.sysUptimeMs - last) | 0);
      } else {
        // IPFIX IE 21/22 count from systemInitTimeMilliseconds (IE 160, in the record or an options record).
        const own = this.at(S.SysInitMs);
        const boot = Number.isNaN(own) ? this.cache.bootTime(ctx.domain) : own;
        if (!Number.isNaN(boot)) {
          if (!Number.isNaN(first)) start = nearExport(boot + first, ctx.exportMs);
          if (!Number.isNaN(last)) end = nearExport(boot + last, ctx.exportMs);
        } else if (Number.isNaN(start) && Number.isNaN(end)) {
          this.approximatedTimes++;
        }
      }
    }
    const duration = firstOf(this.at(S.DurationMs), this.at(S.DurationUs) / 1000, Number.NaN);
    if (!Number.isNaN(duration)) {
      if (Number.isNaN(end)) end = start + duration;
      else if (Number.isNaN(start)) start = end - duration;
    }
    if (Number.isNaN(start)) start = Number.isNaN(end) ? ctx.exportMs : end;
    if (Number.isNaN(end)) end = start;
    this.startMs = Math.round(start);
    this.endMs = Math.round(end);
  }
}
