// Splits a raw file of back-to-back NetFlow/IPFIX datagrams (what `nc -u -l > x.dat` writes,
// as in the logstash-codec-netflow samples) into datagrams, chunk by chunk. Bytes that do not
// start a datagram are skipped up to the next plausible header and reported once per run.
import type { ParseIssue } from '../../../records/issue';
import { ByteCursor } from '../byte-cursor';
import { datagramVersion, rawDatagramLength } from './detect';

export type DatagramSink = (buf: Buffer, start: number, end: number, fileOffset: number) => void;

/** 2000-01-01: while resynchronising, a header must also carry a believable export time. */
const MIN_PLAUSIBLE_EXPORT_S = 946_684_800;

export class RawDatagramSplitter {
  private readonly cursor = new ByteCursor();
  /** File offset where unrecognised bytes began, or −1 while in step. */
  private junkFrom = -1;

  push(chunk: Buffer, onDatagram: DatagramSink, issues: ParseIssue[]): void {
    const buf = this.cursor.take(chunk);
    if (buf === null) return;
    const used = this.split(buf, false, onDatagram, issues);
    // Unknown-length v9 datagrams wait for more bytes; asking for twice as many keeps tiny
    // chunks from re-walking the same flowsets over and over.
    this.cursor.keep(buf, used, 2 * (buf.length - used) + 64);
  }

  end(onDatagram: DatagramSink, issues: ParseIssue[]): void {
    const buf = this.cursor.drain();
    if (buf.length > 0) this.split(buf, true, onDatagram, issues);
    this.closeJunk(this.cursor.base + buf.length, issues);
    if (this.cursor.base === 0 && buf.length === 0) issues.push({ offset: 0, reason: 'empty file' });
  }

  private closeJunk(at: number, issues: ParseIssue[]): void {
    if (this.junkFrom < 0) return;
    issues.push({
      offset: this.junkFrom,
      reason: `${at - this.junkFrom} byte(s) that do not form a NetFlow/IPFIX datagram were skipped`,
    });
    this.junkFrom = -1;
  }

  private plausible(buf: Buffer, pos: number, len: number): boolean {
    const version = datagramVersion(buf, pos, len);
    if (version === 0) return false;
    return buf.readUInt32BE(pos + (version === 10 ? 4 : 8)) >= MIN_PLAUSIBLE_EXPORT_S;
  }

  /** Emits every datagram that is complete in `buf`; returns the bytes consumed. */
  private split(buf: Buffer, isFinal: boolean, onDatagram: DatagramSink, issues: ParseIssue[]): number {
    let pos = 0;
    while (pos < buf.length) {
      const len = rawDatagramLength(buf, pos, buf.length - pos, isFinal);
      if (len === 0) return pos;
      const inJunk = this.junkFrom >= 0;
      let accept = len > 0;
      if (accept && inJunk) {
        // Record bytes can look like a header by chance (logstash netflow5_test_invalid02 does at
        // offset 46), so a resync point must also be followed by the end of data or another header.
        const next = pos + len;
        const after = next < buf.length ? rawDatagramLength(buf, next, buf.length - next, isFinal) : isFinal ? 1 : 0;
        if (after === 0) return pos;
        accept = this.plausible(buf, pos, len) && (next === buf.length || (after > 0 && this.plausible(buf, next, after)));
      }
      if (!accept) {
        if (!inJunk) this.junkFrom = this.cursor.base + pos;
        pos += 1;
        continue;
      }
      this.closeJunk(this.cursor.base + pos, issues);
      onDatagram(buf, pos, pos + len, this.cursor.base + pos);
      pos += len;
    }
    return pos;
  }
}
