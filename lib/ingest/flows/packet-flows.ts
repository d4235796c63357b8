// A packet capture of ordinary traffic turned into two-way flows, the way a flow sensor
// (softflowd, nfpcapd, Zeek conn) would meter it: key = protocol + both endpoints, the sender
// of the earliest packet is the source, bytes are IP lengths, TCP flags OR-ed per direction.
// A flow ends after an idle timeout, after the active timeout (long flows are cut, as NetFlow
// exporters do), or shortly after TCP FIN from both sides or RST. Memory stays bounded: idle
// flows expire as capture time advances and the table has a size cap (reported when hit).

import type { ParseIssue } from '../../records/issue';
import type { FlowRecord } from '../../records/records';
import type { ChunkParser, ParseBatch, ParseContext } from '../types';
import { decodePacketHeaders, newPacketHeaders, type PacketHeaders } from './packet-headers';
import { type CapturedPacket, PcapReader } from './pcap';

export interface PacketFlowSettings {
  /** Longest a flow may run before it is cut, like a NetFlow exporter's active timeout. */
  activeTimeoutS: number;
  /** Idle time that ends a UDP/ICMP/other flow. */
  idleTimeoutS: number;
  /** Idle time that ends a TCP flow that never closed (longer: interactive sessions idle a lot). */
  tcpIdleTimeoutS: number;
  /** A closed TCP flow stays open this long for the last ACKs and retransmitted FINs. */
  tcpCloseGraceS: number;
  /** Most flows held at once; beyond it the least recently seen flow is exported early. */
  maxFlows: number;
}

export const DEFAULT_PACKET_FLOW_SETTINGS: PacketFlowSettings = {
  activeTimeoutS: 1800,
  idleTimeoutS: 60,
  tcpIdleTimeoutS: 300,
  tcpCloseGraceS: 5,
  maxFlows: 500_000,
};

interface Flow {
  key: string;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  proto: number;
  firstMs: number;
  lastMs: number;
  packets: number;
  bytes: number;
  revPackets: number;
  revBytes: number;
  flags: number;
  revFlags: number;
  finFwd: boolean;
  finRev: boolean;
  /** Capture time at which TCP closed (both FINs or a RST), NaN while open. */
  closedMs: number;
}

const FIN = 1;
const SYN = 2;
const RST = 4;
const ACK = 16;

function keyOf(proto: number, a: string, ap: number, b: string, bp: number): string {
  return `${proto} ${a} ${ap} ${b} ${bp}`;
}

/** The flow table; `add` one decoded packet at a time, `flush` at the end. */
export class FlowTable {
  /** Insertion order = least recently seen first, per timeout class, so sweeps stop early. */
  private readonly tcp = new Map<string, Flow>();
  private readonly other = new Map<string, Flow>();
  private closedQueue: Flow[] = [];
  private nowMs = Number.NEGATIVE_INFINITY;
  private nextSweepMs = Number.NEGATIVE_INFINITY;
  private recordNo = 0;
  private capReported = false;

  constructor(
    private readonly settings: PacketFlowSettings,
    private readonly out: (r: FlowRecord) => void,
    private readonly issue: (i: ParseIssue) => void,
  ) {}

  get size(): number {
    return this.tcp.size + this.other.size;
  }

  add(tsMs: number, h: PacketHeaders, offset: number): void {
    if (tsMs > this.nowMs) this.nowMs = tsMs;
    if (this.nowMs >= this.nextSweepMs) {
      this.sweep();
      this.nextSweepMs = this.nowMs + 1000;
    }
    const isTcp = h.proto === 6;
    const table = isTcp ? this.tcp : this.other;
    // ICMP request and reply differ in type (kept in dstPort), so they are keyed without it.
    const isIcmp = h.proto === 1 || h.proto === 58;
    const sp = isIcmp ? 0 : h.srcPort;
    const dp = isIcmp ? 0 : h.dstPort;
    let flow = table.get(keyOf(h.proto, h.srcIp, sp, h.dstIp, dp));
    let reverse = false;
    if (flow === undefined) {
      flow = table.get(keyOf(h.proto, h.dstIp, dp, h.srcIp, sp));
      reverse = flow !== undefined;
    }
    // A new SYN on a closed connection is a new connection reusing the ports.
    const reused = flow !== undefined && isTcp && !Number.isNaN(flow.closedMs) && (h.tcpFlags & (SYN | ACK)) === SYN;
    if (flow !== undefined && (reused || this.isOver(flow, tsMs))) {
      this.export(flow);
      flow = undefined;
      reverse = false;
    }
    if (flow === undefined) {
      if (this.size >= this.settings.maxFlows) this.evictOldest(offset);
      flow = {
        key: keyOf(h.proto, h.srcIp, sp, h.dstIp, dp),
        srcIp: h.srcIp,
        dstIp: h.dstIp,
        srcPort: h.srcPort,
        dstPort: h.dstPort,
        proto: h.proto,
        firstMs: tsMs,
        lastMs: tsMs,
        packets: 0,
        bytes: 0,
        revPackets: 0,
        revBytes: 0,
        flags: 0,
        revFlags: 0,
        finFwd: false,
        finRev: false,
        closedMs: Number.NaN,
      };
    } else {
      table.delete(flow.key); // re-inserted below: moves it to the most-recent end
      if (tsMs < flow.firstMs && reverse) {
        // Captures are not always in time order (bro-simple-scan 445_scan): the earliest
        // packet decides who initiated, so an earlier reply-direction packet turns the flow round.
        this.swap(flow);
        reverse = false;
      }
    }
    table.set(flow.key, flow);
    if (tsMs < flow.firstMs) flow.firstMs = tsMs;
    if (tsMs > flow.lastMs) flow.lastMs = tsMs;
    if (reverse) {
      flow.revPackets++;
      flow.revBytes += h.ipLen;
      flow.revFlags |= h.tcpFlags;
      if (h.tcpFlags & FIN) flow.finRev = true;
    } else {
      flow.packets++;
      flow.bytes += h.ipLen;
      flow.flags |= h.tcpFlags;
      if (h.tcpFlags & FIN) flow.finFwd = true;
    }
    if (isTcp && Number.isNaN(flow.closedMs) && (h.tcpFlags & RST || (flow.finFwd && flow.finRev))) {
      flow.closedMs = tsMs;
      this.closedQueue.push(flow);
    }
  }

  private swap(f: Flow): void {
    const isIcmp = f.proto === 1 || f.proto === 58;
    [f.srcIp, f.dstIp] = [f.dstIp, f.srcIp];
    // ICMP keeps the type/code of the packet that opened the flow in dstPort.
    if (!isIcmp) [f.srcPort, f.dstPort] = [f.dstPort, f.srcPort];
    [f.packets, f.revPackets, f.bytes, f.revBytes] = [f.revPackets, f.packets, f.revBytes, f.bytes];
    [f.flags, f.revFlags, f.finFwd, f.finRev] = [f.revFlags, f.flags, f.finRev, f.finFwd];
    f.key = keyOf(f.proto, f.srcIp, isIcmp ? 0 : f.srcPort, f.dstIp, isIcmp ? 0 : f.dstPort);
  }

  private isOver(f: Flow, tsMs: number): boolean {
    const s = this.settings;
    if (tsMs - f.firstMs >= s.activeTimeoutS * 1000) return true;
    if (!Number.isNaN(f.closedMs)) return tsMs - f.closedMs > s.tcpCloseGraceS * 1000;
    return tsMs - f.lastMs > (f.proto === 6 ? s.tcpIdleTimeoutS : s.idleTimeoutS) * 1000;
  }

  private sweep(): void {
    const s = this.settings;
    while (this.closedQueue.length > 0) {
      const f = this.closedQueue[0] as Flow;
      if (this.nowMs - f.closedMs <= s.tcpCloseGraceS * 1000) break;
      this.closedQueue.shift();
      if (this.tcp.get(f.key) === f) this.export(f);
    }
    this.sweepIdle(this.tcp, s.tcpIdleTimeoutS);
    this.sweepIdle(this.other, s.idleTimeoutS);
  }

  private sweepIdle(table: Map<string, Flow>, idleS: number): void {
    for (const f of table.values()) {
      if (this.nowMs - f.lastMs <= idleS * 1000) break;
      this.export(f);
    }
  }

  private evictOldest(offset: number): void {
    const oldest = [this.tcp.values().next().value, this.other.values().next().value]
      .filter((f): f is Flow => f !== undefined)
      .sort((a, b) => a.lastMs - b.lastMs)[0];
    if (oldest === undefined) return;
    if (!this.capReported) {
      this.capReported = true;
      this.issue({
        offset,
        reason: `more than ${this.settings.maxFlows} flows open at once: the least recently seen are exported early`,
      });
    }
    this.export(oldest);
  }

  private export(f: Flow): void {
    (f.proto === 6 ? this.tcp : this.other).delete(f.key);
    const isTcp = f.proto === 6;
    const record: FlowRecord = {
      recordNo: ++this.recordNo,
      startMs: Math.floor(f.firstMs),
      endMs: Math.floor(f.lastMs),
      srcIp: f.srcIp,
      dstIp: f.dstIp,
      srcPort: f.srcPort,
      dstPort: f.dstPort,
      proto: f.proto,
      packets: f.packets,
      bytes: f.bytes,
      revPackets: f.revPackets,
      revBytes: f.revBytes,
      sampling: 1,
    };
    if (isTcp) {
      record.tcpFlags = f.flags;
      record.revTcpFlags = f.revFlags;
    }
    this.out(record);
  }

  /** Exports every open flow, earliest first. */
  flush(): void {
    const open = [...this.tcp.values(), ...this.other.values()].sort((a, b) => a.firstMs - b.firstMs);
    for (const f of open) this.export(f);
    this.closedQueue = [];
  }
}

export function createPacketCaptureParser(_ctx: ParseContext, settings: PacketFlowSettings = DEFAULT_PACKET_FLOW_SETTINGS): ChunkParser<FlowRecord> {
  const reader = new PcapReader();
  const headers = newPacketHeaders();
  let batch: ParseBatch<FlowRecord> = { records: [], invalid: [] };
  const table = new FlowTable(
    settings,
    (r) => batch.records.push(r),
    (i) => batch.invalid.push(i),
  );
  let nonIp = 0;
  let fragments = 0;
  const onPacket = (p: CapturedPacket): void => {
    if (!decodePacketHeaders(p.linkType, p.data, headers)) nonIp++;
    else if (headers.isLaterFragment) fragments++;
    else table.add(p.tsMs, headers, p.offset);
  };
  return {
    push(chunk) {
      batch = { records: [], invalid: [] };
      reader.push(chunk, onPacket, batch.invalid);
      return batch;
    },
    end() {
      batch = { records: [], invalid: [] };
      reader.end(batch.invalid);
      table.flush();
      const notes: string[] = [];
      if (nonIp > 0) notes.push(`${nonIp} non-IP packet(s) (ARP, STP, unknown link types …) were not counted in flows`);
      if (fragments > 0) notes.push(`${fragments} IP fragment(s) after the first were not counted (no reassembly)`);
      if (notes.length > 0) batch.notes = notes;
      return batch;
    },
  };
}
