// The baseline's input: the exact COPY text Sightline's ingest sends for an input (same walk,
// sniff, parser, stitching and row serialiser), rendered once to files. Timing a bare COPY
// of these files measures what PostgreSQL alone needs for the same rows into the same table.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { peek, walkInput } from '../../lib/ingest/archive';
import { flowRow, logRow } from '../../lib/ingest/copy';
import { FlowStitcher } from '../../lib/ingest/flows/stitch';
import { SNIFF_BYTES } from '../../lib/ingest/format';
import { allFormats } from '../../lib/ingest/registry';
import { sniffFormat } from '../../lib/ingest/sniff';
import type { ChunkParser, ParseBatch } from '../../lib/ingest/types';
import type { FlowRecord, LogRecord } from '../../lib/records/records';

export interface PrerenderResult {
  flowRows: number;
  logRows: number;
  flowBytes: number;
  logBytes: number;
}

class RowFile {
  private parts: string[] = [];
  private size = 0;
  private readonly fd: number;
  rows = 0;
  bytes = 0;
  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'w');
  }
  add(row: string): void {
    this.parts.push(row);
    this.size += row.length;
    this.rows += 1;
    if (this.size >= 1024 * 1024) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

export async function prerenderCopyText(o: {
  input: string;
  assessmentId: string;
  timeZone: string;
  flowFile: string;
  logFile: string;
}): Promise<PrerenderResult> {
  const flows = new RowFile(o.flowFile);
  const logs = new RowFile(o.logFile);
  try {
    for await (const entry of walkInput(o.input, { onIssue: () => {} })) {
      const { head, stream } = await peek(entry.stream, SNIFF_BYTES);
      const { format } = sniffFormat(head, allFormats);
      if (!format) {
        stream.resume();
        continue;
      }
      const fileId = crypto.randomUUID();
      const parser = format.createParser({ path: entry.path, timeZone: o.timeZone, mtimeMs: entry.mtimeMs, hostHint: entry.hostHint }) as ChunkParser<
        FlowRecord | LogRecord
      >;
      // As ingest stores them: one-way flows stitched into two-way ones, per file (lib/ingest/ingest-file.ts).
      const stitcher = new FlowStitcher();
      const addFlows = (records: readonly FlowRecord[]) => {
        for (const r of records) flows.add(flowRow(o.assessmentId, fileId, r));
      };
      const take = (batch: ParseBatch<FlowRecord | LogRecord>) => {
        if (format.kind === 'flows') addFlows(stitcher.push(batch.records as FlowRecord[]));
        else for (const r of batch.records) logs.add(logRow(o.assessmentId, fileId, r as LogRecord));
      };
      for await (const chunk of stream) take(parser.push(chunk as Buffer));
      take(parser.end());
      if (format.kind === 'flows') addFlows(stitcher.end());
    }
  } finally {
    flows.close();
    logs.close();
  }
  return { flowRows: flows.rows, logRows: logs.rows, flowBytes: flows.bytes, logBytes: logs.bytes };
}
