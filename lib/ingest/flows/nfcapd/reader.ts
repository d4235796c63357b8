// nfdump's native files (`nfcapd.YYYYMMDDhhmm`, what nfcapd/nfpcapd/sfcapd store), read as a
// chunk-fed state machine. Layout 2 (nfdump 1.7, src/lib/nffileV2.h): a 40-byte file header
// (magic 0xA50C, version 2, compression, appendix block count, block count), then data blocks,
// each a 12-byte header (record count, size, type, flags) and `size` bytes, compressed with the
// file's method unless the block's flag 1 says otherwise. The appendix (ident and statistics
// records, TYPE_IDENT/TYPE_STAT) is written as blocks too, after the flows. Flow records are V3
// records (type 11, src/lib/nfxV3.h): a 12-byte header and extension elements (type, length),
// of which the generic flow (1), IPv4/IPv6 addresses (2/3), counters in the other direction
// (5) and the exporter's address (12/13) make our FlowRecord. Files are written in the
// collector's byte order; every Linux/BSD collector we know of is little endian, so a
// big-endian magic (0x0CA5) is reported, not guessed. One block is held at a time.
// Layout 1 (nfdump 1.6, bin/nffile.h and bin/nfx.h @ v1.6.25): a 140-byte header (magic,
// version 1, compression flags LZO 0x1 / bzip2 0x8 / LZ4 0x10, block count, 128-byte ident) and a
// 136-byte statistics record, then the same 12-byte block headers (block type 2). Flows are
// common records (type 10): a 32-byte head with times, ports, protocol and TCP flags, then the
// addresses (IPv4 or, with flag 1, IPv6), packets and bytes (32 or 64 bits, flags 2 and 4); the
// optional extensions after them, described by extension-map records, are not needed.
import type { FlowRecord } from '../../../records/records';

import type { ChunkParser, ParseBatch, ParseContext } from '../../types';
import { ByteCursor } from '../byte-cursor';
import { ipv6Text } from '../ip-text';
import { BlockError, bzip2Decompress, lz4Decompress, lzoDecompress, zstdDecompress } from './decompress';

export const NFDUMP_MAGIC = 0xa50c;
const HEADER_V2_LEN = 40;
/** Layout 1: file header (140) + statistics record (136). */
const HEADER_V1_LEN = 276;
const BLOCK_HEADER_LEN = 12;
/**
 * Ceiling for one block, compressed or not. nfdump writes blocks of at most BUFFSIZE (5 MiB in
 * 1.7, 2 MiB earlier); anything larger is a damaged size field.
 */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024;

const V3_RECORD = 11;
const COMMON_RECORD_V1 = 10;
const TYPE_IDENT = 0x8001;
const TYPE_STAT = 0x8002;
const FLAG_BLOCK_UNCOMPRESSED = 1;

/** Record types that are not flows (nfx.h / nfxV3.h), named for the note. */
const RECORD_NAMES = new Map([
  [2, 'extension map'],
  [7, 'exporter info'],
  [8, 'exporter statistics'],
  [9, 'sampler info'],
  [15, 'sampler info'],
  [16, 'NBAR info'],
  [17, 'interface names'],
]);

const COMPRESSION = ['uncompressed', 'LZO', 'bzip2', 'LZ4', 'ZSTD'] as const;

type Mode = 'start' | 'header' | 'header1' | 'block-header' | 'block' | 'dead';

function u64(buf: Buffer, off: number): number {
  return buf.readUInt32LE(off + 4) * 4294967296 + buf.readUInt32LE(off);
}

function ipv4Le(buf: Buffer, off: number): string {
  return `${buf[off + 3]}.${buf[off + 2]}.${buf[off + 1]}.${buf[off]}`;
}

const v6Scratch = Buffer.alloc(16);
/** nfdump keeps an IPv6 address as two host-order 64-bit halves. */
function ipv6Le(buf: Buffer, off: number): string {
  for (let i = 0; i < 8; i++) {
    v6Scratch[i] = buf[off + 7 - i] as number;
    v6Scratch[8 + i] = buf[off + 15 - i] as number;
  }
  return ipv6Text(v6Scratch, 0);
}

export class NfcapdReader {
  private readonly cursor = new ByteCursor();
  private mode: Mode = 'start';
  private need = 4;
  private compression = 0;
  /** File layout: 1 (nfdump 1.6) or 2 (1.7). */
  private layout = 2;
  private blockRecords = 0;
  private blockSize = 0;
  private blockType = 0;
  private blockFlags = 0;
  private flows = 0;
  /** Records of types other than flows, counted by type for one note at the end. */
  private readonly others = new Map<number, number>();
  readonly idents: string[] = [];
  private out: ParseBatch<FlowRecord> = { records: [], invalid: [] };

  push(chunk: Buffer, out: ParseBatch<FlowRecord>): void {
    if (this.mode === 'dead') return;
    this.out = out;
    const buf = this.cursor.take(chunk);
    if (buf === null) return;
    const used = this.consume(buf);
    this.cursor.keep(buf, used < 0 ? buf.length : used, this.need);
  }

  end(out: ParseBatch<FlowRecord>): void {
    this.out = out;
    if (this.mode !== 'dead') {
      const held = this.cursor.pending;
      if (this.mode === 'start' && held === 0 && this.cursor.base === 0) {
        out.invalid.push({ offset: 0, reason: 'empty file' });
      } else if (held > 0) {
        const unit = this.mode === 'block' ? 'data block' : this.mode === 'block-header' ? 'block header' : 'file header';
        out.invalid.push({ offset: this.cursor.base, reason: `file ends inside a ${unit} (${held} of ${this.need} bytes present)` });
      }
    }
    this.mode = 'dead';
    const notes: string[] = [];
    if (this.idents.length > 0) notes.push(`nfdump ident: ${this.idents.join(', ')}`);
    if (this.others.size > 0) {
      const list = [...this.others].sort((a, b) => a[0] - b[0]).map(([t, n]) => `${n} ${RECORD_NAMES.get(t) ?? `of type ${t}`}`);
      notes.push(`nfdump records other than flows were skipped: ${list.join(', ')}`);
    }
    if (notes.length > 0) out.notes = [...(out.notes ?? []), ...notes];
  }

  private die(offset: number, reason: string): number {
    this.out.invalid.push({ offset, reason: `${reason}; the rest of the file was not read` });
    this.mode = 'dead';
    return -1;
  }

  private wait(pos: number, need: number): number {
    this.need = need;
    return pos;
  }

  private consume(buf: Buffer): number {
    let pos = 0;
    for (;;) {
      const avail = buf.length - pos;
      const at = this.cursor.base + pos;
      if (this.mode === 'start') {
        if (avail < 4) return this.wait(pos, 4);
        const magic = buf.readUInt16LE(pos);
        if (magic !== NFDUMP_MAGIC) {
          if (buf.readUInt16BE(pos) === NFDUMP_MAGIC) return this.die(at, 'nfdump file written on a big-endian machine (not supported)');
          return this.die(at, 'not an nfdump file (magic 0xA50C missing)');
        }
        const version = buf.readUInt16LE(pos + 2);
        if (version !== 1 && version !== 2) return this.die(at + 2, `unknown nfdump file layout ${version}`);
        this.layout = version;
        this.mode = version === 1 ? 'header1' : 'header';
      } else if (this.mode === 'header1') {
        if (avail < HEADER_V1_LEN) return this.wait(pos, HEADER_V1_LEN);
        const flags = buf.readUInt32LE(pos + 4);
        this.compression = flags & 0x1 ? 1 : flags & 0x8 ? 2 : flags & 0x10 ? 3 : 0;
        this.readIdent(buf, pos + 8, 132);
        pos += HEADER_V1_LEN;
        this.mode = 'block-header';
      } else if (this.mode === 'header') {
        if (avail < HEADER_V2_LEN) return this.wait(pos, HEADER_V2_LEN);
        this.compression = buf[pos + 16] as number;
        const encryption = buf[pos + 17] as number;
        if (this.compression >= COMPRESSION.length) return this.die(at + 16, `unknown block compression ${this.compression}`);
        if (encryption !== 0) return this.die(at + 17, 'encrypted nfdump file (not supported)');
        pos += HEADER_V2_LEN;
        this.mode = 'block-header';
      } else if (this.mode === 'block-header') {
        if (avail < BLOCK_HEADER_LEN) return this.wait(pos, BLOCK_HEADER_LEN);
        this.blockRecords = buf.readUInt32LE(pos);
        this.blockSize = buf.readUInt32LE(pos + 4);
        this.blockType = buf.readUInt16LE(pos + 8);
        this.blockFlags = buf.readUInt16LE(pos + 10);
        if (this.blockSize > MAX_BLOCK_BYTES) {
          return this.die(at + 4, `corrupt data block: size ${this.blockSize} exceeds ${MAX_BLOCK_BYTES}`);
        }
        this.mode = 'block';
      } else if (this.mode === 'block') {
        const len = BLOCK_HEADER_LEN + this.blockSize;
        if (avail < len) return this.wait(pos, len);
        this.readBlock(buf.subarray(pos + BLOCK_HEADER_LEN, pos + len), at);
        pos += len;
        this.mode = 'block-header';
      } else {
        return pos;
      }
    }
  }

  private readBlock(body: Buffer, at: number): void {
    // Type 2 (layout 1 blocks nfdump 1.7 still writes for compatibility) and 3 hold records; type 4 is an array block.
    if (this.layout === 1 && this.blockType === 1) {
      this.out.invalid.push({ offset: at + 8, reason: 'nfdump 1.5 data block (type 1, not supported) skipped' });
      return;
    }
    if (this.blockType !== 2 && this.blockType !== 3) {
      this.out.invalid.push({ offset: at + 8, reason: `data block of unknown type ${this.blockType} skipped` });
      return;
    }
    let data = body;
    // Layout 2: flag bit 0 marks a block stored uncompressed; layout 1: flags 1 = uncompressed.
    const plain = this.layout === 2 ? (this.blockFlags & FLAG_BLOCK_UNCOMPRESSED) !== 0 : this.blockFlags === 1;
    const compressed = this.compression !== 0 && !plain;
    if (compressed && body.length > 0) {
      try {
        if (this.compression === 1) data = lzoDecompress(body, MAX_BLOCK_BYTES);
        else if (this.compression === 2) data = bzip2Decompress(body, MAX_BLOCK_BYTES);
        else if (this.compression === 3) data = lz4Decompress(body, MAX_BLOCK_BYTES);
        else data = zstdDecompress(body, MAX_BLOCK_BYTES);
      } catch (e) {
        if (!(e instanceof BlockError)) throw e;
        const name = COMPRESSION[this.compression];
        this.out.invalid.push({
          offset: at + BLOCK_HEADER_LEN + Math.min(e.at, body.length),
          reason: `damaged ${name} block (${e.message}); its ${this.blockRecords} record(s) skipped`,
        });
        return;
      }
    }
    this.readRecords(data, at, compressed);
  }

  private readRecords(data: Buffer, at: number, compressed: boolean): void {
    let pos = 0;
    let seen = 0;
    // Where a problem inside the block is: a file offset for a plain block, the block plus
    // the position in its decompressed bytes otherwise.
    const where = (p: number): { offset: number; note: string } =>
      compressed ? { offset: at, note: ` (byte ${p} of the decompressed block)` } : { offset: at + BLOCK_HEADER_LEN + p, note: '' };
    while (seen < this.blockRecords && pos + 4 <= data.length) {
      const type = data.readUInt16LE(pos);
      const size = data.readUInt16LE(pos + 2);
      if (size < 4 || pos + size > data.length) {
        const w = where(pos);
        this.out.invalid.push({
          offset: w.offset,
          reason: `corrupt record of type ${type}: size ${size} does not fit its block${w.note}; the rest of the block was skipped`,
        });
        return;
      }
      if (type === V3_RECORD) this.readV3(data, pos, size, where);
      else if (type === COMMON_RECORD_V1) this.readCommonV1(data, pos, size, where);
      else if (type === TYPE_IDENT) this.readIdent(data, pos, size);
      else if (type !== TYPE_STAT) this.others.set(type, (this.others.get(type) ?? 0) + 1);
      pos += size;
      seen++;
    }
    if (seen < this.blockRecords) {
      const w = where(pos);
      this.out.invalid.push({ offset: w.offset, reason: `data block announces ${this.blockRecords} records but holds ${seen}${w.note}` });
    }
  }

  /** Layout 1 common record: the fixed head, the addresses, packets and bytes; extensions are skipped. */
  private readCommonV1(data: Buffer, pos: number, size: number, where: (p: number) => { offset: number; note: string }): void {
    this.flows++;
    const flags = data[pos + 4] as number;
    const v6 = (flags & 1) !== 0;
    const pktLen = flags & 2 ? 8 : 4;
    const byteLen = flags & 4 ? 8 : 4;
    const addrLen = v6 ? 32 : 8;
    const need = 32 + addrLen + pktLen + byteLen;
    if (size < need) {
      const w = where(pos);
      this.out.invalid.push({ offset: w.offset, reason: `flow record ${this.flows} skipped: ${size} bytes, its flags need ${need}${w.note}` });
      return;
    }
    const startMs = data.readUInt32LE(pos + 12) * 1000 + data.readUInt16LE(pos + 8);
    const endMs = data.readUInt32LE(pos + 16) * 1000 + data.readUInt16LE(pos + 10);
    const proto = data[pos + 22] as number;
    let p = pos + 32;
    const srcIp = v6 ? ipv6Le(data, p) : ipv4Le(data, p);
    const dstIp = v6 ? ipv6Le(data, p + 16) : ipv4Le(data, p + 4);
    p += addrLen;
    const packets = pktLen === 8 ? u64(data, p) : data.readUInt32LE(p);
    p += pktLen;
    const bytes = byteLen === 8 ? u64(data, p) : data.readUInt32LE(p);
    const record: FlowRecord = {
      recordNo: this.flows,
      startMs,
      endMs: Math.max(startMs, endMs),
      srcIp,
      dstIp,
      srcPort: data.readUInt16LE(pos + 24),
      dstPort: data.readUInt16LE(pos + 26),
      proto,
      packets,
      bytes,
    };
    if (proto === 6) record.tcpFlags = data[pos + 21] as number;
    this.out.records.push(record);
  }

  private readIdent(data: Buffer, pos: number, size: number): void {
    const text = data.toString('latin1', pos + 4, pos + size).replace(/\0.*$/s, '');
    if (text !== '' && this.idents.length < 4) this.idents.push(text.slice(0, 128));
  }

  private readV3(data: Buffer, pos: number, size: number, where: (p: number) => { offset: number; note: string }): void {
    const end = pos + size;
    let el = pos + 12;
    let startMs = -1;
    let endMs = 0;
    let packets = 0;
    let bytes = 0;
    let srcPort = 0;
    let dstPort = 0;
    let proto = 0;
    let tcpFlags = 0;
    let srcIp: string | undefined;
    let dstIp: string | undefined;
    let revPackets = 0;
    let revBytes = 0;
    let exporter: string | undefined;
    while (el + 4 <= end) {
      const type = data.readUInt16LE(el);
      const len = data.readUInt16LE(el + 2);
      if (len < 4 || el + len > end) {
        const w = where(el);
        this.out.invalid.push({ offset: w.offset, reason: `corrupt flow record: element ${type} of length ${len} overruns the record${w.note}` });
        return;
      }
      const v = el + 4;
      const n = len - 4;
      if (type === 1 && n >= 46) {
        startMs = u64(data, v);
        endMs = u64(data, v + 8);
        packets = u64(data, v + 24);
        bytes = u64(data, v + 32);
        srcPort = data.readUInt16LE(v + 40);
        dstPort = data.readUInt16LE(v + 42);
        proto = data[v + 44] as number;
        tcpFlags = data[v + 45] as number;
      } else if (type === 2 && n >= 8) {
        srcIp = ipv4Le(data, v);
        dstIp = ipv4Le(data, v + 4);
      } else if (type === 3 && n >= 32) {
        srcIp = ipv6Le(data, v);
        dstIp = ipv6Le(data, v + 16);
      } else if (type === 5 && n >= 24) {
        revPackets = u64(data, v + 8);
        revBytes = u64(data, v + 16);
      } else if (type === 12 && n >= 4) {
        exporter = ipv4Le(data, v);
      } else if (type === 13 && n >= 16) {
        exporter = ipv6Le(data, v);
      }
      el += len;
    }
    this.flows++;
    if (startMs < 0 || srcIp === undefined || dstIp === undefined) {
      const w = where(pos);
      const missing = startMs < 0 ? 'no generic flow element' : 'no address element';
      this.out.invalid.push({ offset: w.offset, reason: `flow record ${this.flows} skipped: ${missing}${w.note}` });
      return;
    }
    const record: FlowRecord = { recordNo: this.flows, startMs, endMs: Math.max(startMs, endMs), srcIp, dstIp, srcPort, dstPort, proto, packets, bytes };
    if (revPackets > 0) record.revPackets = revPackets;
    if (revBytes > 0) record.revBytes = revBytes;
    if (proto === 6) record.tcpFlags = tcpFlags;
    if (exporter !== undefined && exporter !== '0.0.0.0' && exporter !== '::') record.exporter = exporter;
    this.out.records.push(record);
  }
}

export function createNfcapdParser(_ctx: ParseContext): ChunkParser<FlowRecord> {
  const reader = new NfcapdReader();
  return {
    push(chunk) {
      const batch: ParseBatch<FlowRecord> = { records: [], invalid: [] };
      reader.push(chunk, batch);
      return batch;
    },
    end() {
      const batch: ParseBatch<FlowRecord> = { records: [], invalid: [] };
      reader.end(batch);
      return batch;
    },
  };
}

/** How sure the head is an nfdump file: the magic and a known layout, and for layout 2 a sane header. */
export function nfcapdScore(head: Buffer): number {
  if (head.length < 4 || head.readUInt16LE(0) !== NFDUMP_MAGIC) return 0;
  const version = head.readUInt16LE(2);
  if (version === 1) {
    if (head.length < HEADER_V1_LEN + BLOCK_HEADER_LEN) return 0.9;
    const size = head.readUInt32LE(HEADER_V1_LEN + 4);
    const type = head.readUInt16LE(HEADER_V1_LEN + 8);
    return size <= MAX_BLOCK_BYTES && type >= 1 && type <= 2 ? 0.99 : 0.7;
  }
  if (version !== 2) return 0;
  if (head.length < HEADER_V2_LEN) return 0.6;
  if ((head[16] as number) >= COMPRESSION.length) return 0.3;
  if (head.length < HEADER_V2_LEN + BLOCK_HEADER_LEN) return 0.9;
  const size = head.readUInt32LE(HEADER_V2_LEN + 4);
  const type = head.readUInt16LE(HEADER_V2_LEN + 8);
  return size <= MAX_BLOCK_BYTES && type >= 2 && type <= 4 ? 0.99 : 0.7;
}
