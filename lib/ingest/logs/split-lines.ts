import { isUtf8 } from 'node:buffer';
import type { ChunkParser, ParseBatch } from '../types';

// Byte-level line splitting shared by the text log parsers. Lines are cut at 0x0A on bytes
// (it never occurs inside a UTF-8 sequence), so a chunk boundary anywhere — even inside a
// multi-byte character — gives the same lines. Valid regions are decoded in one call (fast
// path); a region with invalid UTF-8 or NUL bytes is decoded line by line with the bad bytes
// kept as `\xNN` (PostgreSQL text cannot hold NUL, and dropping bytes would hide evidence).

/** Lines longer than this are cut (and counted) so one runaway line cannot exhaust memory. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Located problems listed per file; the rest are only counted, so a binary file stays cheap. */
export const MAX_LISTED_ISSUES = 1000;

export type LineHandler<R> = (text: string, lineNo: number, batch: ParseBatch<R>) => void;

export interface LineParserOptions<R> {
  onLine: LineHandler<R>;
  /** Called once after the last line, e.g. to add notes about assumptions made. */
  onEnd?: (batch: ParseBatch<R>) => void;
  maxLineBytes?: number;
}

const isCont = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;

/** Length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  if (b === 0) return 0;
  if (b < 0x80) return 1;
  const b1 = bytes[i + 1];
  if (b >= 0xc2 && b <= 0xdf) return isCont(b1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    if (b1 === undefined || (b === 0xe0 ? b1 < 0xa0 || b1 > 0xbf : b === 0xed ? b1 < 0x80 || b1 > 0x9f : !isCont(b1))) return 0;
    return isCont(bytes[i + 2]) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    if (b1 === undefined || (b === 0xf0 ? b1 < 0x90 || b1 > 0xbf : b === 0xf4 ? b1 < 0x80 || b1 > 0x8f : !isCont(b1))) return 0;
    return isCont(bytes[i + 2]) && isCont(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}

const HEX = '0123456789abcdef';

/** `\xNN` for every byte that is not part of valid UTF-8, and for NUL. */
export function decodeEscaped(bytes: Uint8Array): string {
  // Built in one byte buffer and decoded once: appending to a string per bad byte made a
  // 1 MiB line of junk cost ~200 MB of transient string ropes (found by the fuzzer).
  const out = Buffer.allocUnsafe(bytes.length * 4);
  let o = 0;
  let i = 0;
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len > 0) {
      for (let k = 0; k < len; k++) out[o++] = bytes[i + k] as number;
      i += len;
      continue;
    }
    const b = bytes[i] as number;
    out[o++] = 0x5c; // backslash
    out[o++] = 0x78; // x
    out[o++] = HEX.charCodeAt(b >> 4);
    out[o++] = HEX.charCodeAt(b & 15);
    i += 1;
  }
  return out.toString('utf8', 0, o);
}

export function createLineParser<R>(opts: LineParserOptions<R>): ChunkParser<R> {
  const maxBytes = opts.maxLineBytes ?? MAX_LINE_BYTES;
  let lineNo = 0;
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let isTruncating = false;
  let issueCount = 0;

  const newBatch = (): ParseBatch<R> => ({ records: [], invalid: [] });

  const emit = (text: string, batch: ParseBatch<R>) => {
    lineNo += 1;
    let t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (lineNo === 1 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    if (t.length === 0) return;
    const before = batch.invalid.length;
    opts.onLine(t, lineNo, batch);
    const added = batch.invalid.length - before;
    if (added > 0) {
      const room = Math.max(0, MAX_LISTED_ISSUES - issueCount);
      issueCount += added;
      if (added > room) batch.invalid.length = before + room;
    }
  };

  const emitBytes = (bytes: Buffer, batch: ParseBatch<R>, wasCut: boolean) => {
    const cut = bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
    const clean = isUtf8(cut) && !cut.includes(0);
    if (wasCut || cut !== bytes) {
      batch.invalid.push({ line: lineNo + 1, reason: `line longer than ${maxBytes} bytes; cut to that length` });
    }
    emit(clean ? cut.toString('utf8') : decodeEscaped(cut), batch);
  };

  const takePending = (tail: Buffer): Buffer => {
    const all = Buffer.concat([...pending, tail]);
    pending = [];
    pendingLen = 0;
    return all;
  };

  const keep = (bytes: Buffer) => {
    const room = maxBytes + 1 - pendingLen;
    if (room <= 0) return;
    const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
    // Copy: the caller may reuse its chunk buffer.
    pending.push(Buffer.from(part));
    pendingLen += part.length;
    if (pendingLen > maxBytes) isTruncating = true;
  };

  const emitRegion = (region: Buffer, batch: ParseBatch<R>) => {
    if (isUtf8(region) && !region.includes(0)) {
      const lines = region.toString('utf8').split('\n');
      for (const line of lines) {
        // A long valid line goes through the byte path so cutting is byte-exact.
        if (line.length * 3 > maxBytes && Buffer.byteLength(line) > maxBytes) emitBytes(Buffer.from(line), batch, false);
        else emit(line, batch);
      }
      return;
    }
    let start = 0;
    while (start <= region.length) {
      const nl = region.indexOf(10, start);
      const end = nl === -1 ? region.length : nl;
      emitBytes(region.subarray(start, end), batch, false);
      start = end + 1;
    }
  };

  return {
    push(chunk: Buffer): ParseBatch<R> {
      const batch = newBatch();
      let start = 0;
      if (pendingLen > 0 || isTruncating) {
        const nl = chunk.indexOf(10);
        if (nl === -1) {
          keep(chunk);
          return batch;
        }
        keep(chunk.subarray(0, nl));
        const wasCut = isTruncating;
        isTruncating = false;
        emitBytes(takePending(Buffer.alloc(0)), batch, wasCut);
        start = nl + 1;
      }
      const last = chunk.lastIndexOf(10);
      if (last >= start) {
        emitRegion(chunk.subarray(start, last), batch);
        start = last + 1;
      }
      if (start < chunk.length) keep(chunk.subarray(start));
      return batch;
    },
    end(): ParseBatch<R> {
      const batch = newBatch();
      if (pendingLen > 0) {
        const wasCut = isTruncating;
        isTruncating = false;
        emitBytes(takePending(Buffer.alloc(0)), batch, wasCut);
      }
      opts.onEnd?.(batch);
      if (issueCount > MAX_LISTED_ISSUES) {
        batch.invalid.push({ reason: `${issueCount - MAX_LISTED_ISSUES} more problems not listed (${issueCount} in all)` });
      }
      return batch;
    },
  };
}
