// From "sessions" (one TCP connection or UDP exchange, both directions) to what two flow
// exporters would report: unidirectional records, cut by the exporter's active timeout,
// seen after NAT, thinned by packet sampling. Records wait in hourly buckets (keyed by their
// start) so each exporter's output comes out in start-time order while only about an hour of
// flows is in memory.

import { HOUR_MS } from './log-sink';
import { Rng } from './prng';
import { segmentOfIp, type World } from './world';

export type TcpShape = 'established' | 'syn-only' | 'syn-ack-rst' | 'rejected';

export interface Session {
  startMs: number;
  durationMs: number;
  /** ICMP: `dport` is the request's type·256 + code (echo request 2048), `sport` 0; replies are type 0. */
  proto: 'tcp' | 'udp' | 'icmp';
  src: string;
  sport: number;
  dst: string;
  dport: number;
  /** Client → server. */
  pkts: number;
  bytes: number;
  /** Server → client; 0 when nothing answered. */
  rpkts: number;
  rbytes: number;
  shape?: TcpShape;
  step?: string;
}

/** One unidirectional flow record as an exporter emits it. */
export interface FlowOut {
  startMs: number;
  endMs: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  proto: number;
  /** TCP flags bit mask: FIN 1, SYN 2, RST 4, PSH 8, ACK 16. */
  flags: number;
  pkts: number;
  bytes: number;
  /** When the collector stored the record (nfdump `tr`). */
  receivedMs: number;
  seq: number;
  step: string | undefined;
}

export interface FlowWriter {
  write(records: readonly FlowOut[]): void;
  close(): void;
}

export interface Exporter {
  name: string;
  activeTimeoutMs: number;
  inactiveTimeoutMs: number;
  /** 1 = every packet; N = 1-in-N packet sampling. */
  sampling: number;
  sees(srcSegment: string, dstSegment: string): boolean;
  writer: FlowWriter;
  /** nfpcapd keeps no state for ICMP: one record per packet instead of one per direction. */
  icmpPerPacket?: boolean;
  /** Extra flow shapes (generate --shapes): how truth.json names this export. */
  truth?: { file: string; format: 'nfdump-csv-1.7' | 'ipfix-pcap'; vantage: string; exporterIp: string | null };
}

const FIN = 1;
const SYN = 2;
const RST = 4;
const PSH = 8;
const ACK = 16;

export class FlowSink {
  private readonly rng: Rng;
  private readonly buckets: Map<number, FlowOut[]>[];
  private seq = 0;
  private flushedThrough = -1;
  /** Records emitted per truth step and exporter. */
  readonly evidence = new Map<string, Record<string, number>>();
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly world: World,
    private readonly exporters: Exporter[],
  ) {
    this.rng = new Rng(world.seed, 'flows');
    this.buckets = exporters.map(() => new Map());
    for (const e of exporters) this.counts[e.name] = 0;
  }

  add(input: Session): void {
    // Generators compute sizes and times with fractions; exporters only carry integers.
    const s = {
      ...input,
      startMs: Math.round(input.startMs),
      durationMs: Math.round(input.durationMs),
      pkts: Math.round(input.pkts),
      bytes: Math.round(input.bytes),
      rpkts: Math.round(input.rpkts),
      rbytes: Math.round(input.rbytes),
    };
    if (s.startMs < this.world.startMs || s.startMs >= this.world.endMs) return;
    const endMs = Math.min(s.startMs + Math.max(0, s.durationMs), this.world.endMs - 1);
    let { src, sport } = s;
    // The branch segment reaches the core through a NAT gateway: exporters see its address.
    if (this.world.byIp.get(src)?.segment === 'nat-workstations') {
      src = this.world.natIp;
      sport = 1024 + this.rng.int(0, 64_000);
    }
    const srcSeg = segmentOfIp(this.world, src);
    const dstSeg = segmentOfIp(this.world, s.dst);
    const proto = s.proto === 'tcp' ? 6 : s.proto === 'icmp' ? 1 : 17;
    const shape = s.proto === 'tcp' ? (s.shape ?? 'established') : undefined;
    const rtt = s.proto === 'tcp' ? Math.min(Math.max(1, Math.round((endMs - s.startMs) * 0.05)), 80) : 1;
    this.exporters.forEach((ex, i) => {
      if (!ex.sees(srcSeg, dstSeg)) return;
      if (proto === 1 && ex.icmpPerPacket) {
        this.emitPerPacket(i, ex, s, { src, dst: s.dst, sport, dport: s.dport, proto }, s.startMs, endMs, s.pkts, s.bytes);
        if (s.rpkts > 0) this.emitPerPacket(i, ex, s, { src: s.dst, dst: src, sport: 0, dport: 0, proto }, s.startMs + 1, endMs + 1, s.rpkts, s.rbytes);
        return;
      }
      const fwdFlags = shape === 'syn-ack-rst' ? SYN | RST : shape === 'syn-only' || shape === 'rejected' ? SYN : -1;
      const revFlags = shape === 'syn-ack-rst' ? SYN | ACK : shape === 'rejected' ? RST | ACK : -1;
      this.emit(i, ex, s, { src, dst: s.dst, sport, dport: s.dport, proto }, s.startMs, endMs, s.pkts, s.bytes, fwdFlags, shape);
      if (s.rpkts > 0) {
        const rStart = Math.min(endMs, s.startMs + rtt);
        const rEnd = Math.max(rStart, endMs - (shape === 'established' ? rtt : 0));
        // An ICMP reply is its own type (echo reply 0/0), not the request's key mirrored.
        const rkey = proto === 1 ? { sport: 0, dport: 0 } : { sport: s.dport, dport: sport };
        this.emit(i, ex, s, { src: s.dst, dst: src, ...rkey, proto }, rStart, rEnd, s.rpkts, s.rbytes, revFlags, shape);
      }
    });
  }

  /** One direction as one record per packet, evenly spaced over the session (nfpcapd's ICMP). */
  private emitPerPacket(
    i: number,
    ex: Exporter,
    s: Session,
    key: { src: string; dst: string; sport: number; dport: number; proto: number },
    start: number,
    end: number,
    pkts: number,
    bytes: number,
  ): void {
    const gap = pkts > 1 ? (end - start) / (pkts - 1) : 0;
    for (let k = 0; k < pkts; k++) {
      const t = Math.round(start + k * gap);
      const b = Math.round(bytes / pkts);
      this.emit(i, ex, s, key, t, t, 1, b, -1, undefined);
    }
  }

  /** One direction, cut into active-timeout slices, sampled, into the exporter's buckets. */
  private emit(
    i: number,
    ex: Exporter,
    s: Session,
    key: { src: string; dst: string; sport: number; dport: number; proto: number },
    start: number,
    end: number,
    pkts: number,
    bytes: number,
    fixedFlags: number,
    shape: TcpShape | undefined,
  ): void {
    // An unsampled record carries at least one packet: no more slices than packets. (Sampled
    // exporters keep their draw as it was; a slice left without packets is dropped there.)
    const cut = Math.max(1, Math.ceil((end - start + 1) / ex.activeTimeoutMs));
    const slices = ex.sampling === 1 ? Math.min(cut, Math.max(1, pkts)) : cut;
    let pLeft = pkts;
    let bLeft = bytes;
    for (let k = 0; k < slices; k++) {
      const sStart = start + k * ex.activeTimeoutMs;
      const last = k === slices - 1;
      const sEnd = last ? end : sStart + ex.activeTimeoutMs - 1;
      const share = last ? 1 : (sEnd - sStart + 1) / Math.max(1, end - sStart + 1);
      let p = last ? pLeft : Math.max(1, Math.min(pLeft - (slices - k - 1), Math.round(pLeft * share)));
      let b = last ? bLeft : Math.max(40 * p, Math.min(bLeft - 40 * (pLeft - p), Math.round(bLeft * share)));
      pLeft -= p;
      bLeft -= b;
      let flags = 0;
      if (key.proto === 6) {
        if (fixedFlags >= 0) flags = fixedFlags;
        else flags = ACK | (b > 52 * p ? PSH : 0) | (k === 0 ? SYN : 0) | (last && shape === 'established' ? FIN : 0);
      }
      if (ex.sampling > 1) {
        const kept = this.rng.binomial(p, 1 / ex.sampling);
        if (kept === 0) continue;
        b = Math.max(28 * kept, Math.round((b * kept) / p));
        p = kept;
      }
      const receivedMs = sEnd + (last ? ex.inactiveTimeoutMs : 0) + this.rng.int(5, 990);
      const rec: FlowOut = { ...key, startMs: sStart, endMs: sEnd, flags, pkts: p, bytes: b, receivedMs, seq: this.seq++, step: s.step };
      const hour = Math.max(this.flushedThrough + 1, Math.floor((sStart - this.world.startMs) / HOUR_MS));
      const buckets = this.buckets[i] as Map<number, FlowOut[]>;
      let bucket = buckets.get(hour);
      if (!bucket) {
        bucket = [];
        buckets.set(hour, bucket);
      }
      bucket.push(rec);
      this.counts[ex.name] = (this.counts[ex.name] ?? 0) + 1;
      if (s.step) {
        const ev = this.evidence.get(s.step) ?? {};
        ev[ex.name] = (ev[ex.name] ?? 0) + 1;
        this.evidence.set(s.step, ev);
      }
    }
  }

  flushHour(hour: number): void {
    this.flushedThrough = hour;
    this.exporters.forEach((ex, i) => {
      const buckets = this.buckets[i] as Map<number, FlowOut[]>;
      const bucket = buckets.get(hour);
      buckets.delete(hour);
      if (!bucket) return;
      bucket.sort((a, b) => a.startMs - b.startMs || a.seq - b.seq);
      ex.writer.write(bucket);
    });
  }

  close(): void {
    const hours = new Set<number>();
    for (const b of this.buckets) for (const h of b.keys()) hours.add(h);
    for (const h of [...hours].sort((a, b) => a - b)) this.flushHour(h);
    for (const ex of this.exporters) ex.writer.close();
  }
}
