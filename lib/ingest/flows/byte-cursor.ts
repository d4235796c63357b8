// The buffering half of a chunk-fed binary parser: holds the unconsumed tail of earlier chunks
// and hands out one contiguous buffer only once enough bytes for the next step have arrived,
// so records split across chunks are reassembled and tiny chunks do not cost quadratic copies.

export class ByteCursor {
  private parts: Buffer[] = [];
  private held = 0;
  /** Bytes the parser needs at the front before it can take its next step. */
  private need = 1;
  /** File offset of the first held byte. */
  base = 0;

  /** Bytes held but not yet consumed. */
  get pending(): number {
    return this.held;
  }

  /** Bytes the parser last asked for. */
  get needed(): number {
    return this.need;
  }

  /** Adds a chunk; returns the bytes to parse (file offset `base`), or null to keep waiting. */
  take(chunk: Buffer): Buffer | null {
    if (chunk.length === 0) return null;
    this.parts.push(chunk);
    this.held += chunk.length;
    if (this.held < this.need) return null;
    const buf = this.parts.length === 1 ? chunk : Buffer.concat(this.parts, this.held);
    this.parts = [];
    this.held = 0;
    return buf;
  }

  /** Keeps `buf[used..]` for later; the parser's next step needs `need` bytes from there. */
  keep(buf: Buffer, used: number, need: number): void {
    this.base += used;
    const rest = buf.subarray(used);
    this.parts = rest.length > 0 ? [rest] : [];
    this.held = rest.length;
    this.need = Math.max(1, need);
  }

  /** The held bytes as one buffer starting at file offset `base` (at end of input), then forgets them. */
  drain(): Buffer {
    const buf = this.parts.length === 1 && this.parts[0] ? this.parts[0] : Buffer.concat(this.parts, this.held);
    this.parts = [];
    this.held = 0;
    return buf;
  }
}
