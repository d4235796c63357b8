// Zeek conn.log, both writers (docs/ANCHORS.md#zeek-conn, #quirks-zeek):
// - TSV: `#separator \x09` first, then `#set_separator`, `#empty_field (empty)`,
//   `#unset_field -`, `#path conn`, `#open`, `#fields …`, `#types …`, rows, `#close`. Columns
//   are found by name (some clusters prepend `_node_name`, Zeek 7.1 adds `ip_proto`, some
//   deployments drop `local_resp`); header blocks may repeat when logs are concatenated.
// - JSON (NDJSON): one object per line, unset fields omitted, keys flattened with dots (nested
//   `id` objects are accepted too), `ts` as epoch seconds or ISO 8601; the last line may lack
//   a newline.

import type { FlowRecord } from '../../records/records';
import type { FlowFormat } from '../format';
import type { ChunkParser, ParseContext } from '../types';
import { BatchCollector, lineChunkParser } from './line-splitter';
import { type FieldGetter, zeekConnToFlow } from './zeek-conn-record';
import { createZeekLogReader, sniffZeekLog } from './zeek-log';
import { createZoneClock } from './zone-time';

const NOTE_BYTES = 'Zeek byte counts read from orig_ip_bytes/resp_ip_bytes (IP level, as NetFlow counts them)';
const NOTE_PAYLOAD = 'Zeek byte counts read from orig_bytes/resp_bytes (payload only: the IP-level columns are missing)';
const NOTE_FLAGS = 'Zeek TCP flags approximated from history (or conn_state)';

export function createZeekConnParser(ctx: ParseContext): ChunkParser<FlowRecord> {
  const clock = createZoneClock(ctx.timeZone || 'UTC');
  const out = new BatchCollector<FlowRecord>();

  const noted = new Set<string>(); // each note once per file, not once per batch
  const note = (text: string): void => {
    if (noted.has(text)) return;
    noted.add(text);
    out.notes.push(text);
  };
  const emit = (get: FieldGetter, lineNo: number): void => {
    const row = zeekConnToFlow(get, lineNo, clock);
    if (typeof row === 'string') {
      out.invalid.push({ line: lineNo, reason: row });
      return;
    }
    out.records.push(row);
    if (get('orig_ip_bytes') !== undefined) note(NOTE_BYTES);
    else if (get('orig_bytes') !== undefined) note(NOTE_PAYLOAD);
    if (row.tcpFlags !== undefined) note(NOTE_FLAGS);
  };

  const { splitter } = createZeekLogReader('conn', out, (get, lineNo) =>
    // conn.log has no vector columns a flow uses: a JSON array is no value here.
    emit((name) => {
      const v = get(name);
      return Array.isArray(v) ? undefined : v;
    }, lineNo),
  );

  return lineChunkParser(splitter, out);
}

/** TSV: conn header lines; JSON: an object with connection keys (dns/http JSON lack conn_state). */
export function sniffZeekConn(head: Buffer): number {
  return sniffZeekLog(
    head,
    'conn',
    (fields) => /\bid\.orig_h\b/.test(fields) && /\bconn_state\b/.test(fields),
    (first) => first.includes('"conn_state"') || first.includes('"orig_pkts"'),
  );
}

export const zeekConnFormat: FlowFormat = {
  id: 'zeek-conn',
  kind: 'flows',
  label: 'Zeek conn.log (TSV or JSON)',
  sniff: sniffZeekConn,
  createParser: createZeekConnParser,
};
