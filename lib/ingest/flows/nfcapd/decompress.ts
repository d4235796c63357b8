// Block decompressors for nfdump files. nfdump compresses each data block on its own with
// LZO1X-1 (minilzo), LZ4 (raw block format, no frame), bzip2 (one stream per block) or ZSTD
// (one frame per block, nfdump ≥ 1.7.2); the
// decoders here take one whole compressed block and give its bytes, never more than `limit`.
// Damaged input throws a BlockError with the position inside the compressed block.
import { decompress as fzstdDecompress } from 'fzstd';
import bzip2 from 'unbzip2-stream/lib/bzip2.js';

export class BlockError extends Error {
  constructor(
    message: string,
    /** Offset inside the compressed block where decoding failed. */
    readonly at: number,
  ) {
    super(message);
  }
}

/** A growable output buffer with a hard ceiling. */
class Output {
  buf: Buffer;
  len = 0;
  constructor(
    initial: number,
    private readonly limit: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(limit, Math.max(1024, initial)));
  }
  ensure(extra: number, at: number): void {
    const want = this.len + extra;
    if (want <= this.buf.length) return;
    if (want > this.limit) throw new BlockError(`decompressed block exceeds ${this.limit} bytes`, at);
    const grown = Buffer.allocUnsafe(Math.min(this.limit, Math.max(want, this.buf.length * 2)));
    this.buf.copy(grown, 0, 0, this.len);
    this.buf = grown;
  }
  /** Copies `length` bytes from `distance` back in the output (overlapping copies repeat). */
  match(distance: number, length: number, at: number): void {
    if (distance < 1 || distance > this.len) throw new BlockError(`match distance ${distance} reaches before the block start`, at);
    this.ensure(length, at);
    const b = this.buf;
    let from = this.len - distance;
    for (let i = 0; i < length; i++) b[this.len++] = b[from++] as number;
  }
  literals(src: Buffer, pos: number, length: number): void {
    if (pos + length > src.length) throw new BlockError(`literal run of ${length} bytes overruns the block`, pos);
    this.ensure(length, pos);
    src.copy(this.buf, this.len, pos, pos + length);
    this.len += length;
  }
  result(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/**
 * LZ4 block format (github.com/lz4/lz4, doc/lz4_Block_format.md): sequences of a token (high
 * nibble literal length, low nibble match length − 4; 15 means more length bytes follow, each
 * added, until one is not 255), the literals, a little-endian 16-bit offset and the match.
 * The last sequence has literals only.
 */
export function lz4Decompress(src: Buffer, limit: number): Buffer {
  const out = new Output(src.length * 4, limit);
  let pos = 0;
  const more = (n: number): number => {
    let total = n;
    if (n !== 15) return total;
    for (;;) {
      if (pos >= src.length) throw new BlockError('length bytes run past the block end', pos);
      const b = src[pos++] as number;
      total += b;
      if (b !== 255) return total;
    }
  };
  while (pos < src.length) {
    const token = src[pos++] as number;
    const lit = more(token >> 4);
    out.literals(src, pos, lit);
    pos += lit;
    if (pos === src.length) break;
    if (pos + 2 > src.length) throw new BlockError('match offset cut by the block end', pos);
    const offset = src.readUInt16LE(pos);
    if (offset === 0) throw new BlockError('match offset 0', pos);
    pos += 2;
    const len = more(token & 15) + 4;
    out.match(offset, len, pos);
  }
  return out.result();
}

/**
 * LZO1X decompression, the stream format written by lzo1x_1_compress (minilzo, which nfdump
 * links). Instructions as documented in the Linux kernel's Documentation/staging/lzo.rst
 * ("LZO stream format as understood by Linux's LZO decompressor"): the first byte > 17 is a
 * literal run; after that each instruction byte encodes a match whose distance and length
 * depend on its top bits, with 0–3 trailing literals (`state`) in its last two bits; the end of
 * the stream is the 16..48 kB-distance instruction with distance 16384.
 */
export function lzoDecompress(src: Buffer, limit: number): Buffer {
  const out = new Output(src.length * 4, limit);
  let pos = 0;
  let state = 0;
  const byte = (): number => {
    if (pos >= src.length) throw new BlockError('LZO stream ends without its end marker', pos);
    return src[pos++] as number;
  };
  const le16 = (): number => {
    if (pos + 2 > src.length) throw new BlockError('LZO stream ends without its end marker', pos);
    const v = src.readUInt16LE(pos);
    pos += 2;
    return v;
  };
  /** Length continuation: zero bytes add 255 each, then a non-zero byte is added. */
  const longLength = (base: number): number => {
    let n = base;
    for (;;) {
      const b = byte();
      if (b !== 0) return n + b;
      n += 255;
      if (n > limit) throw new BlockError('length beyond the block limit', pos);
    }
  };
  const copyLiterals = (n: number): void => {
    out.literals(src, pos, n);
    pos += n;
  };
  if (src.length > 0 && (src[0] as number) > 17) {
    const n = byte() - 17;
    copyLiterals(n);
    state = Math.min(n, 4);
  }
  for (;;) {
    const at = pos;
    const t = byte();
    let distance: number;
    let length: number;
    if (t < 16) {
      if (state === 0) {
        // Long literal run.
        const n = 3 + (t === 0 ? longLength(15) : t);
        copyLiterals(n);
        state = 4;
        continue;
      }
      const h = byte();
      length = state === 4 ? 3 : 2;
      distance = state === 4 ? (h << 2) + (t >> 2) + 2049 : (h << 2) + (t >> 2) + 1;
      state = t & 3;
    } else if (t < 32) {
      length = 2 + ((t & 7) === 0 ? longLength(7) : t & 7);
      const d = le16();
      distance = 16384 + ((t & 8) << 11) + (d >> 2);
      if (distance === 16384) {
        if (pos !== src.length) throw new BlockError(`${src.length - pos} byte(s) after the LZO end marker`, pos);
        return out.result();
      }
      state = d & 3;
    } else if (t < 64) {
      length = 2 + ((t & 31) === 0 ? longLength(31) : t & 31);
      const d = le16();
      distance = (d >> 2) + 1;
      state = d & 3;
    } else if (t < 128) {
      length = 3 + ((t >> 5) & 1);
      distance = (byte() << 3) + ((t >> 2) & 7) + 1;
      state = t & 3;
    } else {
      length = 5 + ((t >> 5) & 3);
      distance = (byte() << 3) + ((t >> 2) & 7) + 1;
      state = t & 3;
    }
    out.match(distance, length, at);
    if (state > 0) copyLiterals(state);
  }
}

interface Bzip2Module {
  header(bits: (n: number | null) => number): number;
  decompress(bits: (n: number | null) => number, out: (b: number) => void, buf: Int32Array, size: number, crc: number): number | null;
}

/** One bzip2 stream (what BZ2_bzCompress writes per nfdump block), with unbzip2-stream's decoder. */
export function bzip2Decompress(src: Buffer, limit: number): Buffer {
  const out = new Output(src.length * 6, limit);
  let bit = 0;
  let pos = 0;
  const bits = (n: number | null): number => {
    if (n === null) {
      if (bit !== 0) {
        bit = 0;
        pos++;
      }
      return 0;
    }
    let result = 0;
    for (let left = n; left > 0; ) {
      if (pos >= src.length) throw new BlockError('bzip2 stream runs past the block end', src.length);
      const avail = 8 - bit;
      const take = Math.min(avail, left);
      const v = ((src[pos] as number) >> (avail - take)) & ((1 << take) - 1);
      result = result * (1 << take) + v;
      bit += take;
      left -= take;
      if (bit === 8) {
        bit = 0;
        pos++;
      }
    }
    return result;
  };
  const bz = bzip2 as unknown as Bzip2Module;
  const push = (b: number): void => {
    if (out.len >= out.buf.length) out.ensure(1, pos);
    out.buf[out.len++] = b;
  };
  try {
    const level = bz.header(bits);
    const size = 100_000 * level;
    const work = new Int32Array(size);
    let crc: number | null = 0;
    while (crc !== null) crc = bz.decompress(bits, push, work, size, crc);
  } catch (e) {
    if (e instanceof BlockError) throw e;
    throw new BlockError(`bzip2: ${(e as Error).message}`, pos);
  }
  return out.result();
}

const ZSTD_MAGIC = 0xfd2fb528;

/**
 * One Zstandard frame (RFC 8878, what ZSTD_compress writes per nfdump block), decoded by fzstd.
 * The frame header is checked first: its content size and window must fit `limit`, so a damaged
 * or hostile header cannot make the decoder allocate more than one block may hold.
 */
export function zstdDecompress(src: Buffer, limit: number): Buffer {
  if (src.length < 6 || src.readUInt32LE(0) !== ZSTD_MAGIC) throw new BlockError('not a Zstandard frame (magic missing)', 0);
  const fhd = src[4] as number;
  const fcsFlag = fhd >> 6;
  const singleSegment = (fhd & 0x20) !== 0;
  const dictIdBytes = [0, 1, 2, 4][fhd & 3] as number;
  let pos = 5;
  if (!singleSegment) {
    const wd = src[pos++] as number;
    const windowLog = 10 + (wd >> 3);
    const windowSize = 2 ** windowLog + (2 ** windowLog / 8) * (wd & 7);
    if (windowSize > limit) throw new BlockError(`Zstandard window of ${windowSize} bytes exceeds the block limit`, 5);
  }
  pos += dictIdBytes;
  const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : ([0, 2, 4, 8][fcsFlag] as number);
  if (pos + fcsBytes > src.length) throw new BlockError('Zstandard frame header cut', pos);
  let contentSize = -1;
  if (fcsBytes === 1) contentSize = src[pos] as number;
  else if (fcsBytes === 2) contentSize = src.readUInt16LE(pos) + 256;
  else if (fcsBytes === 4) contentSize = src.readUInt32LE(pos);
  else if (fcsBytes === 8) contentSize = src.readUInt32LE(pos + 4) * 4294967296 + src.readUInt32LE(pos);
  if (contentSize > limit) throw new BlockError(`Zstandard frame announces ${contentSize} bytes, more than the block limit`, pos);
  try {
    const out = fzstdDecompress(src);
    if (out.length > limit) throw new BlockError(`decompressed block exceeds ${limit} bytes`, 0);
    return Buffer.from(out.buffer, out.byteOffset, out.length);
  } catch (e) {
    if (e instanceof BlockError) throw e;
    throw new BlockError(`Zstandard: ${(e as Error).message}`, 0);
  }
}
