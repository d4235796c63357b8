import type { LogRecord } from '../../records/records';
import type { ChunkParser, ParseBatch, ParseContext } from '../types';
import { buildLogRecord } from './auditd-event';
import { type AuditLine, type AuditRecord, parseAuditLine } from './auditd-record';
import { createLineParser } from './split-lines';

// Raw audit.log (and `ausearch --raw` / `ausearch -i` output). An event is every record that
// shares `(node, time:serial)`. Records of one event may be interleaved with others or arrive
// out of order, some may be lost, and only some captures end events with EOE, so events are
// held in a bounded window and closed on EOE, when they fall too far behind, or at the end.

export interface AuditWindowOptions {
  /**
   * An open event is closed once this many records have arrived since its last one. auditd
   * writes an event's records within a few lines of each other (the widest gap in the fixtures
   * is 48 records, laurel `shell-proc-trace-reordered.txt`); go-libaudit's reassembler keeps 50
   * events in flight, about as many records as this.
   */
  maxRecordsBehind: number;
  /**
   * …or once the newest record is this much later (auditbeat's reassembler timeout is 2 s) and
   * at least `minRecordsBehind` records have passed: in a file, a record written right after a
   * later event's (go-libaudit `out_of_order.log`) is late in lines, not in time.
   */
  maxMsBehind: number;
  minRecordsBehind: number;
}

export const DEFAULT_AUDIT_WINDOW: AuditWindowOptions = { maxRecordsBehind: 512, maxMsBehind: 2000, minRecordsBehind: 64 };

/**
 * Records kept in one event before it is closed and a new one started. A real event has tens
 * (a 2 MB argv makes ~300 EXECVE records); the cap keeps a file that repeats one serial forever
 * from holding it all in memory.
 */
export const MAX_RECORDS_PER_EVENT = 4096;

/**
 * Bytes of text kept in one event, and in all open events, before events are closed. The record
 * cap alone let one event of 4 000 records of 1 MiB reach a 3.85 GB heap, and 600 of them broke
 * joining the event's lines (`RangeError: Invalid string length`; issue 20, finding 10). A 2 MB
 * argv is ~4 MB of hex EXECVE text, so 8 MiB keeps every real event whole.
 */
export const MAX_BYTES_PER_EVENT = 8 * 1024 * 1024;
export const MAX_OPEN_EVENT_BYTES = 64 * 1024 * 1024;

interface OpenEvent {
  stamp: string;
  serial: number;
  lineNo: number;
  tsMs: number;
  node?: string;
  lines: string[];
  records: AuditRecord[];
  lastRecord: number;
  /** Characters of the event's lines. */
  bytes: number;
  /** Why the event was closed before its end, when a cap closed it. */
  cut?: string;
}

/** Groups records into events; `emit` gets each event once it is closed. */
export class AuditEventAssembler {
  // Open events, least recently touched first (an event moves to the end when a record joins
  // it), so closing stale ones only looks at the front. A short array, searched from the end
  // where the wanted event almost always is: measured, a Map here kept so many records alive
  // across young-generation GCs that collection took a third of the parse.
  private readonly open: OpenEvent[] = [];
  private recordCount = 0;
  private openBytes = 0;
  private newestMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: (ev: OpenEvent) => void,
    private readonly window: AuditWindowOptions = DEFAULT_AUDIT_WINDOW,
  ) {}

  add(rec: AuditLine, text: string, lineNo: number): void {
    this.recordCount++;
    if (rec.tsMs > this.newestMs) this.newestMs = rec.tsMs;
    const at = this.indexOf(rec);
    if (rec.type === 'EOE') {
      // An EOE for an event already closed (or never seen) carries nothing.
      if (at !== -1) this.close(this.open.splice(at, 1)[0] as OpenEvent);
      return;
    }
    let ev = this.open[at];
    if (ev === undefined) {
      ev = { stamp: rec.stamp, serial: rec.serial, lineNo, tsMs: rec.tsMs, lines: [], records: [], lastRecord: this.recordCount, bytes: 0 };
      if (rec.node !== undefined) ev.node = rec.node;
      // Checked when an event opens, not per record: an event's own records make no other staler.
      this.closeStale();
      this.open.push(ev);
    } else if (at !== this.open.length - 1) {
      this.open.splice(at, 1);
      this.open.push(ev);
    }
    ev.lastRecord = this.recordCount;
    ev.lines.push(text);
    ev.records.push(rec);
    ev.bytes += text.length;
    this.openBytes += text.length;
    if (ev.records.length >= MAX_RECORDS_PER_EVENT) {
      ev.cut = `event with more than ${MAX_RECORDS_PER_EVENT} records; the rest is read as another event`;
      this.close(this.open.pop() as OpenEvent);
    } else if (ev.bytes >= MAX_BYTES_PER_EVENT) {
      ev.cut = `event of more than ${MAX_BYTES_PER_EVENT} bytes; the rest is read as another event`;
      this.close(this.open.pop() as OpenEvent);
    }
    // Many large events open at once: the oldest are closed early (each may then be split).
    while (this.openBytes > MAX_OPEN_EVENT_BYTES && this.open.length > 0) {
      const oldest = this.open.shift() as OpenEvent;
      oldest.cut = `open events held more than ${MAX_OPEN_EVENT_BYTES} bytes; this one was closed early`;
      this.close(oldest);
    }
  }

  /** Closes everything still open, in file order. */
  flush(): void {
    const rest = this.open.splice(0).sort((a, b) => a.lineNo - b.lineNo);
    for (const ev of rest) this.close(ev);
  }

  private close(ev: OpenEvent): void {
    this.openBytes -= ev.bytes;
    this.emit(ev);
  }

  /** Where the record's event is open: same node and stamp (serial and time compared first, as numbers). */
  private indexOf(rec: AuditLine): number {
    for (let i = this.open.length - 1; i >= 0; i--) {
      const ev = this.open[i] as OpenEvent;
      if (ev.serial === rec.serial && ev.tsMs === rec.tsMs && ev.stamp === rec.stamp && ev.node === rec.node) return i;
    }
    return -1;
  }

  private closeStale(): void {
    const { maxRecordsBehind, minRecordsBehind, maxMsBehind } = this.window;
    while (this.open.length > 0) {
      const ev = this.open[0] as OpenEvent;
      const behind = this.recordCount - ev.lastRecord;
      if (behind <= maxRecordsBehind && (behind <= minRecordsBehind || this.newestMs - ev.tsMs <= maxMsBehind)) return;
      this.open.shift();
      this.close(ev);
    }
  }
}

/** `----` separates events in `ausearch` output; it carries no data. */
function isSeparator(line: string): boolean {
  return line.startsWith('----');
}

export function createAuditdParser(ctx: ParseContext, window: AuditWindowOptions = DEFAULT_AUDIT_WINDOW): ChunkParser<LogRecord> {
  let batch: ParseBatch<LogRecord> | undefined;
  const assembler = new AuditEventAssembler((ev) => {
    if (ev.cut !== undefined) batch?.invalid.push({ line: ev.lineNo, reason: ev.cut });
    const raw = ev.lines.join('\n');
    const event = { lineNo: ev.lineNo, tsMs: ev.tsMs, raw, records: ev.records };
    batch?.records.push(buildLogRecord(ev.node === undefined ? event : { ...event, node: ev.node }, ctx.hostHint));
  }, window);
  let hasLocalTimes = false;
  return createLineParser<LogRecord>({
    onLine(text, lineNo, b) {
      batch = b;
      if (isSeparator(text)) return;
      const rec = parseAuditLine(text, ctx.timeZone);
      if (typeof rec === 'string') {
        b.invalid.push({ line: lineNo, reason: rec });
        return;
      }
      // `ausearch -i` stamps are local time (`05/30/2018 10:11:12.123`), not epoch seconds.
      if (!hasLocalTimes && rec.stamp.charCodeAt(2) === 47) hasLocalTimes = true;
      assembler.add(rec, text, lineNo);
    },
    onEnd(b) {
      batch = b;
      assembler.flush();
      if (hasLocalTimes) b.notes = [...(b.notes ?? []), `ausearch -i times have no zone; read as ${ctx.timeZone}`];
    },
  });
}
