// One-way flow records (NetFlow v5, most v9 exports, nfdump rows: one row per direction) are
// stitched into two-way flows when the reverse direction shows up within the timeout, the way
// a biflow collector would: byte ratios and "did the server answer" become columns detectors
// can use. The reply's own record number is kept (revRecordNo) so drill-down still finds its
// line. Works in file order with a bounded window, so memory stays flat: a reply that arrives
// more than the window after its request is left one-way (SQL correlation can still pair it).
import { ownString } from '../../records/own-string';
import type { FlowRecord } from '../../records/records';

export interface StitchOptions {
  /** How far apart (ms) the two directions may start and still be one flow. */
  windowMs: number;
  /** Most one-way records held while waiting for their reverse. */
  maxPending: number;
}

export const DEFAULT_STITCH: StitchOptions = { windowMs: 60_000, maxPending: 200_000 };

const SYN = 2;
const ACK = 16;

/** FNV-1a over a string's UTF-16 code units, from `h`, then a separator (so "1.2" + "3" ≠ "1.23" + ""). */
function mixText(h: number, text: string): number {
  let x = h;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(x ^ 0x7c, 0x01000193);
}

/** FNV-1a over a port, protocol or ICMP type·code (< 2^16 … 2^32), from `h`. */
function mixNumber(h: number, n: number): number {
  return Math.imul(Math.imul(h ^ (n & 0xffff), 0x01000193) ^ (n >>> 16), 0x01000193);
}

const FNV_OFFSET = 0x811c9dc5 | 0;

/**
 * The conversation's hash, the same for both directions: the two endpoints' hashes are added,
 * which does not depend on their order. A number, not a text key built, hashed and copied per
 * record: the stitching stage 0.97 → 0.37 s per 1 M nfdump CSV rows without the database
 * (2026-12-08; bench/README.md, tenth-session note). Records under one hash are
 * compared field by field (`isReverseOf`), so a collision only costs a comparison.
 */
function conversationHash(f: FlowRecord): number {
  const a = mixNumber(mixText(FNV_OFFSET, f.srcIp), f.srcPort);
  const b = mixNumber(mixText(FNV_OFFSET, f.dstIp), f.dstPort);
  let h = mixNumber((a + b) | 0, f.proto);
  if (f.exporter !== undefined) h = mixText(h, f.exporter);
  // A small integer (V8 keeps it unboxed as a Map key).
  return h & 0x3fffffff;
}

/** `c` is the other direction of `f`: the same conversation (protocol, endpoints, exporter), the other way. */
const isReverseOf = (c: FlowRecord, f: FlowRecord) =>
  c.srcPort === f.dstPort &&
  c.dstPort === f.srcPort &&
  c.proto === f.proto &&
  c.srcIp === f.dstIp &&
  c.dstIp === f.srcIp &&
  (c.exporter ?? '') === (f.exporter ?? '');

const opensConnection = (f: FlowRecord) => f.proto === 6 && f.tcpFlags !== undefined && (f.tcpFlags & SYN) !== 0 && (f.tcpFlags & ACK) === 0;

/** Which of two directions started the conversation. */
function initiatorFirst(a: FlowRecord, b: FlowRecord): [FlowRecord, FlowRecord] {
  if (opensConnection(a) !== opensConnection(b)) return opensConnection(a) ? [a, b] : [b, a];
  if (a.startMs !== b.startMs) return a.startMs < b.startMs ? [a, b] : [b, a];
  // Same second (nfdump prints whole seconds): the side talking to the lower port is the client.
  return a.dstPort <= a.srcPort ? [a, b] : [b, a];
}

export function mergeDirections(a: FlowRecord, b: FlowRecord): FlowRecord {
  const [init, resp] = initiatorFirst(a, b);
  // Written out field by field: `{ ...init, startMs, … }` took 2.1 s of CPU for the 802 k
  // stitched flows of the week's collector export (2.6 µs a merge in the profile; 7.4–10.4 µs
  // spread against 0.3–0.9 µs written out in a microbenchmark of 800 k merges), and the objects
  // it made slowed every later step (that file: Node's CPU 17.2 → 10.8 s, bench/README.md).
  const merged: FlowRecord = {
    recordNo: init.recordNo,
    startMs: Math.min(init.startMs, resp.startMs),
    endMs: Math.max(init.endMs, resp.endMs),
    srcIp: init.srcIp,
    dstIp: init.dstIp,
    srcPort: init.srcPort,
    dstPort: init.dstPort,
    proto: init.proto,
    packets: init.packets,
    bytes: init.bytes,
    revPackets: resp.packets,
    revBytes: resp.bytes,
    revRecordNo: resp.recordNo,
  };
  if (init.tcpFlags !== undefined) merged.tcpFlags = init.tcpFlags;
  if (resp.tcpFlags !== undefined) merged.revTcpFlags = resp.tcpFlags;
  if (init.exporter !== undefined) merged.exporter = init.exporter;
  if (init.sampling !== undefined) merged.sampling = init.sampling;
  return merged;
}

interface Waiting {
  /** `undefined` once taken or given up on: the queue keeps the entry a while, not the flow. */
  flow: FlowRecord | undefined;
  /** conversationHash(flow), computed once. */
  key: number;
}

export class FlowStitcher {
  private readonly pending = new Map<number, Waiting[]>();
  private readonly queue: Waiting[] = [];
  private head = 0;
  private latestStart = Number.NEGATIVE_INFINITY;
  private waiting = 0;
  stitched = 0;

  constructor(private readonly opts: StitchOptions = DEFAULT_STITCH) {}

  /** Takes records in file order; returns those ready to store (stitched, two-way or given up on). */
  push(records: readonly FlowRecord[]): FlowRecord[] {
    const out: FlowRecord[] = [];
    for (const f of records) {
      if (f.revBytes !== undefined || f.revPackets !== undefined) {
        out.push(f);
        continue;
      }
      if (f.startMs > this.latestStart) this.latestStart = f.startMs;
      const k = conversationHash(f);
      const match = this.takeReverse(f, k);
      if (match) {
        out.push(mergeDirections(match, f));
        this.stitched += 1;
      } else {
        // It may wait minutes while its chunk of input is long gone: its address texts are
        // copied so they do not keep that chunk alive (own-string.ts).
        f.srcIp = ownString(f.srcIp);
        f.dstIp = ownString(f.dstIp);
        if (f.exporter !== undefined) f.exporter = ownString(f.exporter);
        const w: Waiting = { flow: f, key: k };
        const list = this.pending.get(k);
        if (list) list.push(w);
        else this.pending.set(k, [w]);
        this.queue.push(w);
        this.waiting += 1;
      }
      this.expire(out, false);
    }
    return out;
  }

  /** Everything still waiting, as one-way records. */
  end(): FlowRecord[] {
    const out: FlowRecord[] = [];
    this.expire(out, true);
    return out;
  }

  /** The first record still waiting under `k` that went the other way, within the window. */
  private takeReverse(f: FlowRecord, k: number): FlowRecord | undefined {
    const list = this.pending.get(k);
    if (!list) return undefined;
    const w = this.opts.windowMs;
    for (let i = 0; i < list.length; i++) {
      const c = list[i] as Waiting;
      const flow = c.flow;
      if (flow === undefined || !isReverseOf(flow, f)) continue;
      if (flow.startMs <= f.endMs + w && flow.endMs >= f.startMs - w) {
        c.flow = undefined;
        this.waiting -= 1;
        list.splice(i, 1);
        if (list.length === 0) this.pending.delete(k);
        return flow;
      }
    }
    return undefined;
  }

  private expire(out: FlowRecord[], all: boolean): void {
    const w = this.opts.windowMs;
    while (this.head < this.queue.length) {
      const first = this.queue[this.head] as Waiting;
      const flow = first.flow;
      if (flow !== undefined) {
        const old = flow.endMs + 2 * w < this.latestStart;
        if (!all && !old && this.waiting <= this.opts.maxPending) break;
        first.flow = undefined;
        this.waiting -= 1;
        const k = first.key;
        const list = this.pending.get(k);
        if (list) {
          const i = list.indexOf(first);
          if (i >= 0) list.splice(i, 1);
          if (list.length === 0) this.pending.delete(k);
        }
        out.push(flow);
      }
      this.head += 1;
    }
    // Drop the consumed prefix now and then so the queue does not grow with the file.
    if (this.head > 65_536 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
