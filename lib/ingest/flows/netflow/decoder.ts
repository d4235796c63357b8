// One NetFlow v5/v9/IPFIX datagram at a time → FlowRecords. v9 and IPFIX share the set walk
// (RFC 3954 §5, RFC 7011 §3.3); templates go to a TemplateCache that may be shared between
// files (akvorado ships templates and data as separate captures). Data sets that arrive
// before their template wait in a bounded list and are decoded when it shows up; whatever
// still waits at the end becomes one issue per missing template.
import type { FlowRecord } from '../../../records/records';
import type { ParseBatch } from '../../types';
import { RecordReader, type RecordSink, type SetContext } from './records';
import { type CompiledTemplate, isZero, readTemplateSet, type TemplateSetKind, type TemplateSink } from './template';
import { domainKey, TemplateCache } from './template-cache';
import { decodeV5 } from './v5';

export interface PendingLimits {
  maxSets: number;
  maxBytes: number;
}

export const DEFAULT_PENDING_LIMITS: PendingLimits = { maxSets: 10_000, maxBytes: 16 * 1024 * 1024 };

interface PendingSet {
  key: string;
  templateId: number;
  body: Buffer;
  ctx: SetContext;
}

export class NetflowDecoder implements RecordSink, TemplateSink {
  private readonly reader: RecordReader;
  private pending: PendingSet[] = [];
  /** Index of the oldest live entry of `pending` (entries before it were evicted). */
  private head = 0;
  private pendingBytes = 0;
  private readonly pendingPerKey = new Map<string, number>();
  private dropped = 0;
  private firstDroppedOffset = 0;
  private recordNo = 0;
  /** Template scope of the datagram being decoded. */
  private domain = '';
  private out: ParseBatch<FlowRecord> = { records: [], invalid: [] };
  /** Datagrams seen per version, for the upload summary. */
  readonly datagrams = new Map<number, number>();

  constructor(
    readonly cache: TemplateCache = new TemplateCache(),
    private readonly limits: PendingLimits = DEFAULT_PENDING_LIMITS,
  ) {
    this.reader = new RecordReader(cache);
  }

  record(r: FlowRecord): void {
    r.recordNo = ++this.recordNo;
    this.out.records.push(r);
  }

  issue(offset: number, reason: string): void {
    this.out.invalid.push({ offset, reason });
  }

  /** A template or options template of the datagram being decoded (TemplateSink). */
  template(id: number, t: CompiledTemplate | null, offset: number): void {
    const refused = this.cache.set(this.domain, id, t);
    if (refused !== undefined) {
      this.issue(offset, refused);
      return;
    }
    if (t !== null) this.flushPending(`${this.domain}|${id}`);
  }

  /** Decodes `buf[start, end)`, whose first byte is at `fileOffset` in the file, into `out`. */
  decode(buf: Buffer, start: number, end: number, exporter: string | undefined, fileOffset: number, out: ParseBatch<FlowRecord>): void {
    this.out = out;
    if (end - start < 4) {
      this.issue(fileOffset, 'datagram too short for a NetFlow header');
      return;
    }
    const version = buf.readUInt16BE(start);
    this.datagrams.set(version, (this.datagrams.get(version) ?? 0) + 1);
    if (version === 5) decodeV5(buf, start, end, exporter, fileOffset, this);
    else if (version === 9 || version === 10) this.decodeSets(version, buf, start, end, exporter, fileOffset);
    else this.issue(fileOffset, `unknown NetFlow version ${version}; datagram skipped`);
  }

  private decodeSets(version: number, buf: Buffer, start: number, end: number, exporter: string | undefined, fileOffset: number): void {
    const isV9 = version === 9;
    const headerLen = isV9 ? 20 : 16;
    if (end - start < headerLen) {
      this.issue(fileOffset, `${isV9 ? 'NetFlow v9' : 'IPFIX'} header truncated (${end - start} bytes)`);
      return;
    }
    let stop = end;
    if (!isV9) {
      const length = buf.readUInt16BE(start + 2);
      if (length < headerLen) {
        this.issue(fileOffset + 2, `IPFIX message length ${length} is invalid; datagram skipped`);
        return;
      }
      if (length > end - start) {
        this.issue(fileOffset + 2, `IPFIX message truncated: ${end - start} of ${length} bytes present`);
      } else {
        stop = start + length;
      }
    }
    const domain = domainKey(exporter, version, buf.readUInt32BE(start + (isV9 ? 16 : 12)));
    const base: SetContext = {
      exporter,
      isV9,
      domain,
      exportMs: buf.readUInt32BE(start + (isV9 ? 8 : 4)) * 1000,
      sysUptimeMs: isV9 ? buf.readUInt32BE(start + 4) : Number.NaN,
      fileOffset,
    };
    // File offset of buf[pos] is shift + pos.
    const shift = fileOffset - start;
    this.domain = domain;
    let pos = start + headerLen;
    while (stop - pos >= 4) {
      const id = buf.readUInt16BE(pos);
      const len = buf.readUInt16BE(pos + 2);
      if (len < 4) {
        // Palo Alto pads datagrams with zeros after the last set; anything else is damage.
        if (!isZero(buf, pos, stop)) this.issue(shift + pos + 2, `set length ${len} is invalid; rest of datagram skipped`);
        return;
      }
      if (pos + len > stop) {
        this.issue(shift + pos + 2, `set of ${len} bytes overruns the datagram; rest skipped`);
        return;
      }
      const body = pos + 4;
      let kind: TemplateSetKind | undefined;
      if (id === (isV9 ? 0 : 2)) kind = isV9 ? 'v9' : 'ipfix';
      else if (id === (isV9 ? 1 : 3)) kind = isV9 ? 'v9-options' : 'ipfix-options';
      if (kind !== undefined) {
        readTemplateSet(buf, body, pos + len, kind, shift, this);
      } else if (id >= 256) {
        this.dataSet(buf, body, pos + len, id, { ...base, fileOffset: shift + body });
      } else {
        this.issue(shift + pos, `reserved set id ${id}; set skipped`);
      }
      pos += len;
    }
  }

  private dataSet(buf: Buffer, start: number, end: number, templateId: number, ctx: SetContext): void {
    const t = this.cache.get(ctx.domain, templateId);
    if (t !== undefined) {
      this.reader.readSet(t, buf, start, end, ctx, this);
      return;
    }
    // Copy: the caller's chunk must not stay alive (and pinned) because of a small set.
    const key = `${ctx.domain}|${templateId}`;
    const body = Buffer.from(buf.subarray(start, end));
    this.pending.push({ key, templateId, body, ctx });
    this.pendingBytes += body.length;
    this.pendingPerKey.set(key, (this.pendingPerKey.get(key) ?? 0) + 1);
    while (this.pending.length - this.head > this.limits.maxSets || this.pendingBytes > this.limits.maxBytes) {
      const oldest = this.pending[this.head++];
      if (oldest === undefined) break;
      if (this.dropped++ === 0) this.firstDroppedOffset = oldest.ctx.fileOffset;
      this.forget(oldest);
    }
    // Drop evicted entries in bulk rather than shifting the array once per eviction.
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  private forget(p: PendingSet): void {
    this.pendingBytes -= p.body.length;
    const n = (this.pendingPerKey.get(p.key) ?? 1) - 1;
    if (n > 0) this.pendingPerKey.set(p.key, n);
    else this.pendingPerKey.delete(p.key);
  }

  private flushPending(key: string): void {
    if (!this.pendingPerKey.has(key)) return;
    const live = this.pending.slice(this.head);
    const ready = live.filter((p) => p.key === key);
    this.pending = live.filter((p) => p.key !== key);
    this.head = 0;
    for (const p of ready) {
      this.forget(p);
      const t = this.cache.get(p.ctx.domain, p.templateId);
      if (t !== undefined) this.reader.readSet(t, p.body, 0, p.body.length, p.ctx, this);
    }
  }

  /** Turns what never became decodable into issues, and counts into notes. */
  finish(out: ParseBatch<FlowRecord>): void {
    this.out = out;
    const byKey = new Map<string, PendingSet[]>();
    for (const p of this.pending.slice(this.head)) {
      const list = byKey.get(p.key);
      if (list === undefined) byKey.set(p.key, [p]);
      else list.push(p);
    }
    for (const sets of byKey.values()) {
      const first = sets[0];
      if (first === undefined) continue;
      const [exporter, version, domain] = first.ctx.domain.split('|');
      const bytes = sets.reduce((n, p) => n + p.body.length, 0);
      this.issue(
        first.ctx.fileOffset,
        `${sets.length} data set(s) (${bytes} bytes) need template ${first.templateId} of ` +
          `${version === '9' ? 'NetFlow v9 source id' : 'IPFIX observation domain'} ${domain}` +
          `${exporter ? ` from ${exporter}` : ''}, which never arrived; not decoded ` +
          '(if the templates are in another file, upload them together)',
      );
    }
    this.pending = [];
    this.head = 0;
    this.pendingBytes = 0;
    this.pendingPerKey.clear();
    if (this.dropped > 0) {
      this.issue(
        this.firstDroppedOffset,
        `${this.dropped} data set(s) dropped: too many were waiting for templates ` + `(limit ${this.limits.maxSets} sets / ${this.limits.maxBytes} bytes)`,
      );
    }
    const notes: string[] = out.notes ?? [];
    if (this.reader.addresslessRecords > 0) {
      notes.push(`${this.reader.addresslessRecords} NetFlow/IPFIX record(s) without IP addresses were skipped`);
    }
    if (this.reader.approximatedTimes > 0) {
      notes.push(`${this.reader.approximatedTimes} IPFIX record(s) timed by sysUpTime without systemInitTimeMilliseconds: their times are the export time`);
    }
    if (notes.length > 0) out.notes = notes;
  }
}
