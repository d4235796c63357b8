import { StringDecoder } from 'node:string_decoder';
import type { ParseIssue } from '../../records/issue';
import type { ChunkParser, ParseBatch } from '../types';

export interface LineHandler {
  /** A complete line without its `\n` / `\r\n`. `lineNo` is 1-based and counts blank lines too. */
  line(text: string, lineNo: number): void;
  /** A line longer than the limit was dropped (binary junk or a file that is not line-based). */
  overlong?(lineNo: number): void;
}

/** Lines longer than this are dropped rather than buffered without bound. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * Turns arbitrarily split chunks into lines. StringDecoder carries partial UTF-8 sequences over
 * chunk boundaries, a UTF-8 BOM at the very start is dropped (Windows editors add one), and the
 * search for `\n` resumes where the previous chunk stopped, so tiny chunks stay linear.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  private lineNo = 0;
  private atStart = true;
  /** Characters of the current line already dropped because it grew past the limit. */
  private skipped = 0;

  constructor(
    private readonly handler: LineHandler,
    private readonly maxLineChars = MAX_LINE_CHARS,
  ) {}

  push(chunk: Buffer): void {
    this.feed(this.decoder.write(chunk));
  }

  /** Flushes the last line, which may lack a newline (Zeek NDJSON, hand-edited files). */
  end(): void {
    this.feed(this.decoder.end());
    const last = this.rest;
    this.rest = '';
    if (this.skipped > 0 || last.length > 0) {
      this.emit(last, 0, last.charCodeAt(last.length - 1) === 13 ? last.length - 1 : last.length);
    }
  }

  private feed(decoded: string): void {
    let text = decoded;
    if (text.length === 0) return;
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const scanFrom = this.rest.length;
    const buf = scanFrom > 0 ? this.rest + text : text;
    let start = 0;
    let nl = buf.indexOf('\n', scanFrom);
    while (nl !== -1) {
      this.emit(buf, start, nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      start = nl + 1;
      nl = buf.indexOf('\n', start);
    }
    this.rest = start === 0 ? buf : buf.slice(start);
    if (this.rest.length > this.maxLineChars + 1) {
      // Stop buffering a runaway line but remember that it did run away, so the line is reported
      // as overlong however the chunks were cut (+1: a trailing \r is not part of the line).
      this.skipped += this.rest.length;
      this.rest = '';
    }
  }

  private emit(buf: string, start: number, end: number): void {
    const length = this.skipped + end - start;
    this.skipped = 0;
    this.lineNo++;
    if (length > this.maxLineChars) this.handler.overlong?.(this.lineNo);
    else this.handler.line(buf.slice(start, end), this.lineNo);
  }
}

/** What a line-based parser produced since it last returned: handed out and reset per chunk. */
export class BatchCollector<R> {
  records: R[] = [];
  invalid: ParseIssue[] = [];
  notes: string[] = [];

  take(): ParseBatch<R> {
    const batch = { records: this.records, invalid: this.invalid, notes: this.notes };
    this.records = [];
    this.invalid = [];
    this.notes = [];
    return batch;
  }
}

/**
 * The ChunkParser of a line-based format: chunks go through `splitter` (whose handler fills
 * `out`), and each push returns what those lines produced. `beforeEnd` adds file-level notes.
 */
export function lineChunkParser<R>(splitter: { push(chunk: Buffer): void; end(): void }, out: BatchCollector<R>, beforeEnd?: () => void): ChunkParser<R> {
  return {
    push(chunk) {
      splitter.push(chunk);
      return out.take();
    },
    end() {
      splitter.end();
      beforeEnd?.();
      return out.take();
    },
  };
}
