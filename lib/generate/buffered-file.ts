// Output files written in bounded memory. A 200-host, 7-day run has ~600 log files open at
// once; each keeps at most `limit` bytes before appending to disk, and the file descriptor is
// only held during the append so the run never approaches the open-files limit.

import { appendFileSync, writeFileSync } from 'node:fs';

export class BufferedFile {
  private chunks: Buffer[] = [];
  private size = 0;
  private bytesWritten = 0;

  constructor(
    readonly path: string,
    private readonly limit = 64 * 1024,
  ) {
    writeFileSync(path, ''); // truncate a previous run's file: output must not depend on leftovers
  }

  write(data: string | Uint8Array): void {
    // Encode at once: a string built by `+=` is a rope of thousands of nodes until flattened,
    // and holding ropes until the flush was the largest part of the heap.
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.chunks.push(buf);
    this.size += buf.byteLength;
    if (this.size >= this.limit) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    const buf = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    appendFileSync(this.path, buf);
    this.bytesWritten += buf.byteLength;
    this.chunks = [];
    this.size = 0;
  }

  /** Bytes on disk after the final flush. */
  get written(): number {
    return this.bytesWritten;
  }
}
