// Incremental reader for capture files: classic libpcap (either byte order, micro- or
// nanosecond magic, and the old "modified" Kuznetzov header) and pcapng (SHB/IDB/EPB/SPB/OPB,
// per-interface link type and timestamp resolution, either byte order per section). It is a
// chunk-fed state machine with a byte cursor: a chunk may end anywhere, even inside a record
// header, and the packets and issues produced do not depend on where the chunks were cut.
// Damaged input becomes a ParseIssue with a byte offset; after a header that cannot be
// trusted the reader stops (like Wireshark/tcpdump), because record lengths can no longer be.
import type { ParseIssue } from '../../records/issue';
import { ByteCursor } from './byte-cursor';

/** One captured frame. The object and its `data` view are only valid during the callback. */
export interface CapturedPacket {
  /** Capture time in ms since the epoch, fractional (micro/nanosecond files keep precision). */
  tsMs: number;
  /** LINKTYPE_* value of the interface that captured it. */
  linkType: number;
  /** Captured bytes (may be shorter than `origLen` when the capture used a snap length). */
  data: Buffer;
  origLen: number;
  /** Byte offset of `data[0]` in the file. */
  offset: number;
}

export type PacketSink = (packet: CapturedPacket) => void;

/** Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD; larger records mean a corrupt length field. */
const MAX_STANDARD_CAPLEN = 262_144;
/** Ceiling for anything a header claims, so a flipped bit cannot make us wait for gigabytes. */
const MAX_BLOCK_BYTES = 16 * 1024 * 1024;

const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BOM = 0x1a2b3c4d;

interface PcapngInterface {
  linkType: number;
  snapLen: number;
  /** Timestamp units per millisecond (if_tsresol; default microseconds → 1000). */
  unitsPerMs: number;
  /** if_tsoffset in ms. */
  offsetMs: number;
}

type Mode = 'start' | 'classic-header' | 'classic' | 'pcapng' | 'dead';

/** Recognises the first four bytes of a capture file (for sniffers). */
export function isCaptureMagic(head: Buffer): boolean {
  if (head.length < 4) return false;
  const m = head.readUInt32BE(0);
  return m === PCAPNG_SHB || m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1 || m === 0xa1b2cd34 || m === 0x34cdb2a1;
}

/**
 * Interfaces kept per pcapng section. Real captures declare a handful (dumpcap merging every
 * interface of a large router: a few hundred); a gzip of 90 M minimal declarations grew the
 * list to 6.9 GB (issue 20, finding 2). Past this the declarations are counted, not kept, and
 * packets on them are skipped as undeclared.
 */
export const MAX_PCAPNG_INTERFACES = 4096;

export class PcapReader {
  private readonly cursor = new ByteCursor();
  /** Bytes the state machine needs at the front of what is held before it can take a step. */
  private need = 4;
  private mode: Mode = 'start';
  private le = true;
  private fracPerMs = 1000;
  private recordHeaderLen = 16;
  private classic: PcapngInterface = { linkType: 1, snapLen: 0, unitsPerMs: 1000, offsetMs: 0 };
  private interfaces: PcapngInterface[] = [];
  private interfacesDropped = 0;
  private lastTsMs = 0;
  private readonly packet: CapturedPacket = { tsMs: 0, linkType: 0, data: Buffer.alloc(0), origLen: 0, offset: 0 };

  /** Packets delivered so far. */
  packets = 0;

  push(chunk: Buffer, onPacket: PacketSink, issues: ParseIssue[]): void {
    if (this.mode === 'dead') return;
    const buf = this.cursor.take(chunk);
    if (buf === null) return;
    const used = this.consume(buf, onPacket, issues);
    this.cursor.keep(buf, used < 0 ? buf.length : used, this.need);
  }

  end(issues: ParseIssue[]): void {
    if (this.mode === 'dead') return;
    const held = this.cursor.pending;
    if (this.mode === 'start' && held === 0 && this.cursor.base === 0) {
      issues.push({ offset: 0, reason: 'empty file' });
    } else if (held > 0) {
      issues.push({
        offset: this.cursor.base,
        reason: `file ends inside a ${this.unitName()} (${held} of ${this.need} bytes present)`,
      });
    }
    this.mode = 'dead';
  }

  private unitName(): string {
    if (this.mode === 'pcapng') return 'pcapng block';
    if (this.mode === 'classic') return 'packet record';
    return 'file header';
  }

  private die(issues: ParseIssue[], offset: number, reason: string): number {
    issues.push({ offset, reason: `${reason}; the rest of the file was not read` });
    this.mode = 'dead';
    return -1;
  }

  private u16(buf: Buffer, off: number): number {
    return this.le ? buf.readUInt16LE(off) : buf.readUInt16BE(off);
  }

  private u32(buf: Buffer, off: number): number {
    return this.le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
  }

  /** Runs the state machine over `buf`; returns the bytes fully consumed, or −1 once dead. */
  private consume(buf: Buffer, onPacket: PacketSink, issues: ParseIssue[]): number {
    let pos = 0;
    for (;;) {
      const avail = buf.length - pos;
      if (this.mode === 'start') {
        if (avail < 4) return this.wait(pos, 4);
        const m = buf.readUInt32BE(pos);
        if (m === PCAPNG_SHB) {
          this.mode = 'pcapng';
          continue;
        }
        const swapped = buf.readUInt32LE(pos);
        const magic = [0xa1b2c3d4, 0xa1b23c4d, 0xa1b2cd34].find((x) => x === m || x === swapped);
        if (magic === undefined) return this.die(issues, this.cursor.base + pos, 'not a pcap or pcapng file (unknown magic)');
        this.le = swapped === magic;
        this.fracPerMs = magic === 0xa1b23c4d ? 1_000_000 : 1000;
        // The "modified" format (patched libpcap, magic a1b2cd34) adds ifindex, protocol and pkt_type.
        this.recordHeaderLen = magic === 0xa1b2cd34 ? 24 : 16;
        this.mode = 'classic-header';
      } else if (this.mode === 'classic-header') {
        if (avail < 24) return this.wait(pos, 24);
        // Link type is the low 16 bits; the top bits may carry FCS information (pcap spec §4).
        const snapLen = this.u32(buf, pos + 16);
        const linkType = this.u32(buf, pos + 20) & 0xffff;
        this.classic = { linkType, snapLen, unitsPerMs: this.fracPerMs, offsetMs: 0 };
        pos += 24;
        this.mode = 'classic';
      } else if (this.mode === 'classic') {
        const hl = this.recordHeaderLen;
        if (avail < hl) return this.wait(pos, hl);
        const capLen = this.u32(buf, pos + 8);
        const limit = Math.min(MAX_BLOCK_BYTES, Math.max(this.classic.snapLen, MAX_STANDARD_CAPLEN));
        if (capLen > limit) {
          return this.die(issues, this.cursor.base + pos, `corrupt packet record: captured length ${capLen} exceeds ${limit}`);
        }
        if (avail < hl + capLen) return this.wait(pos, hl + capLen);
        const tsMs = this.u32(buf, pos) * 1000 + this.u32(buf, pos + 4) / this.fracPerMs;
        this.emit(onPacket, buf, pos + hl, capLen, this.u32(buf, pos + 12), tsMs, this.classic.linkType);
        pos += hl + capLen;
      } else if (this.mode === 'pcapng') {
        if (avail < 12) return this.wait(pos, 12);
        const type = buf.readUInt32BE(pos);
        if (type === PCAPNG_SHB) {
          // Byte order is per section: the byte-order magic says how to read everything after it.
          const bom = buf.readUInt32LE(pos + 8);
          if (bom !== PCAPNG_BOM && buf.readUInt32BE(pos + 8) !== PCAPNG_BOM) {
            return this.die(issues, this.cursor.base + pos + 8, 'corrupt pcapng section header (bad byte-order magic)');
          }
          this.le = bom === PCAPNG_BOM;
        }
        const blockType = this.u32(buf, pos);
        const len = this.u32(buf, pos + 4);
        if (len < 12 || len > MAX_BLOCK_BYTES || len % 4 !== 0) {
          return this.die(issues, this.cursor.base + pos + 4, `corrupt pcapng block length ${len}`);
        }
        if (avail < len) return this.wait(pos, len);
        if (this.u32(buf, pos + len - 4) !== len) {
          return this.die(issues, this.cursor.base + pos + len - 4, 'corrupt pcapng block (trailing length differs)');
        }
        this.readBlock(buf, pos, blockType, len, onPacket, issues);
        pos += len;
      } else {
        return pos;
      }
    }
  }

  private wait(pos: number, need: number): number {
    this.need = need;
    return pos;
  }

  private emit(onPacket: PacketSink, buf: Buffer, start: number, capLen: number, origLen: number, tsMs: number, linkType: number): void {
    const p = this.packet;
    p.tsMs = tsMs;
    p.linkType = linkType;
    p.data = buf.subarray(start, start + capLen);
    p.origLen = origLen;
    p.offset = this.cursor.base + start;
    this.lastTsMs = tsMs;
    this.packets++;
    onPacket(p);
  }

  private readBlock(buf: Buffer, pos: number, type: number, len: number, onPacket: PacketSink, issues: ParseIssue[]): void {
    const bodyEnd = pos + len - 4;
    if (type === PCAPNG_SHB) {
      this.interfaces = [];
      this.interfacesDropped = 0;
    } else if (type === 1) {
      if (len < 20) {
        issues.push({ offset: this.cursor.base + pos, reason: 'interface description block too short; ignored' });
        return;
      }
      if (this.interfaces.length >= MAX_PCAPNG_INTERFACES) {
        // One problem per section, at the first declaration past the limit.
        if (this.interfacesDropped++ === 0) {
          issues.push({
            offset: this.cursor.base + pos,
            reason: `more than ${MAX_PCAPNG_INTERFACES} interfaces in one section (limit); the rest are ignored and their packets skipped`,
          });
        }
        return;
      }
      this.interfaces.push(this.readInterface(buf, pos, bodyEnd));
    } else if (type === 6 || type === 2) {
      // EPB (6) has a 32-bit interface id; the obsolete Packet Block (2) a 16-bit one plus drops.
      if (len < 32) {
        issues.push({ offset: this.cursor.base + pos, reason: 'packet block too short; skipped' });
        return;
      }
      const ifId = type === 6 ? this.u32(buf, pos + 8) : this.u16(buf, pos + 8);
      const iface = this.interfaces[ifId];
      const capLen = this.u32(buf, pos + 20);
      if (iface === undefined) {
        issues.push({ offset: this.cursor.base + pos + 8, reason: `packet for undeclared interface ${ifId}; skipped` });
        return;
      }
      if (capLen > len - 32) {
        issues.push({ offset: this.cursor.base + pos + 20, reason: `captured length ${capLen} overruns its block; skipped` });
        return;
      }
      // 64-bit timestamp split in two 32-bit halves, in units of if_tsresol; kept as a float of
      // ms, which is exact to well below a microsecond for present-day dates.
      const units = this.u32(buf, pos + 12) * 4294967296 + this.u32(buf, pos + 16);
      const tsMs = units / iface.unitsPerMs + iface.offsetMs;
      this.emit(onPacket, buf, pos + 28, capLen, this.u32(buf, pos + 24), tsMs, iface.linkType);
    } else if (type === 3) {
      // Simple Packet Block: interface 0, no timestamp (we reuse the last one), caplen implied.
      const iface = this.interfaces[0];
      if (iface === undefined || len < 16) {
        issues.push({ offset: this.cursor.base + pos, reason: 'simple packet block without interface; skipped' });
        return;
      }
      const origLen = this.u32(buf, pos + 8);
      let capLen = Math.min(origLen, len - 16);
      if (iface.snapLen > 0) capLen = Math.min(capLen, iface.snapLen);
      this.emit(onPacket, buf, pos + 12, capLen, origLen, this.lastTsMs, iface.linkType);
    }
    // Other blocks (name resolution, statistics, secrets, custom) carry nothing we need.
  }

  private readInterface(buf: Buffer, pos: number, bodyEnd: number): PcapngInterface {
    const iface: PcapngInterface = {
      linkType: this.u16(buf, pos + 8),
      snapLen: this.u32(buf, pos + 12),
      unitsPerMs: 1000,
      offsetMs: 0,
    };
    let opt = pos + 16;
    while (opt + 4 <= bodyEnd) {
      const code = this.u16(buf, opt);
      const optLen = this.u16(buf, opt + 2);
      const value = opt + 4;
      if (code === 0 || value + optLen > bodyEnd) break;
      if (code === 9 && optLen >= 1) {
        // if_tsresol: high bit set = negative power of 2, else negative power of 10.
        const v = buf.readUInt8(value);
        const perSecond = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v;
        iface.unitsPerMs = perSecond / 1000;
      } else if (code === 14 && optLen >= 8) {
        const hi = this.le ? buf.readInt32LE(value + 4) : buf.readInt32BE(value);
        const lo = this.le ? buf.readUInt32LE(value) : buf.readUInt32BE(value + 4);
        iface.offsetMs = (hi * 4294967296 + lo) * 1000;
      }
      opt = value + ((optLen + 3) & ~3);
    }
    return iface;
  }
}
