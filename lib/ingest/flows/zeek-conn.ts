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
import { jsonDepthProblem } from '../json-depth';
import { type ChunkParser, IngestError, type ParseContext } from '../types';
import { BatchCollector, LineSplitter, lineChunkParser } from './line-splitter';
import { type FieldGetter, zeekConnToFlow } from './zeek-conn-record';
import { createZoneClock } from './zone-time';

const NOTE_BYTES = 'Zeek byte counts read from orig_ip_bytes/resp_ip_bytes (IP level, as NetFlow counts them)';
const NOTE_PAYLOAD = 'Zeek byte counts read from orig_bytes/resp_bytes (payload only: the IP-level columns are missing)';
const NOTE_FLAGS = 'Zeek TCP flags approximated from history (or conn_state)';

/** `\x09` → TAB: Zeek writes the separator itself escaped. */
function unescapeZeek(value: string): string {
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export function createZeekConnParser(ctx: ParseContext): ChunkParser<FlowRecord> {
  const clock = createZoneClock(ctx.timeZone || 'UTC');
  const out = new BatchCollector<FlowRecord>();
  let separator = '\t';
  let unset = '-';
  let empty = '(empty)';
  let fields: Map<string, number> | undefined;
  let mode: 'tsv' | 'json' | undefined;

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

  const readHeader = (line: string, lineNo: number): void => {
    if (line.startsWith('#separator')) {
      separator = unescapeZeek(line.slice('#separator'.length).trim()) || '\t';
      return;
    }
    const [key = '', ...rest] = line.split(separator);
    const value = rest.join(separator);
    if (key === '#unset_field') unset = value;
    else if (key === '#empty_field') empty = value;
    else if (key === '#path' && value !== 'conn') {
      throw new IngestError(`this Zeek log is ${value}.log, not conn.log`, { line: lineNo, reason: `#path ${value}` });
    } else if (key === '#fields') fields = new Map(rest.map((name, i) => [name, i]));
  };

  const readTsv = (line: string, lineNo: number): void => {
    if (fields === undefined) {
      out.invalid.push({ line: lineNo, reason: 'data before the #fields header' });
      return;
    }
    const values = line.split(separator);
    if (values.length !== fields.size) {
      out.invalid.push({ line: lineNo, reason: `expected ${fields.size} fields, found ${values.length}` });
      return;
    }
    const columns = fields;
    emit((name) => {
      const i = columns.get(name);
      const value = i === undefined ? undefined : values[i];
      return value === undefined || value === unset ? undefined : value === empty ? '' : value;
    }, lineNo);
  };

  const readJson = (line: string, lineNo: number): void => {
    let parsed: unknown;
    const tooDeep = jsonDepthProblem(line);
    if (tooDeep !== undefined) {
      out.invalid.push({ line: lineNo, reason: tooDeep });
      return;
    }
    try {
      parsed = JSON.parse(line);
    } catch {
      out.invalid.push({ line: lineNo, reason: 'not valid JSON' });
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      out.invalid.push({ line: lineNo, reason: 'not a JSON object' });
      return;
    }
    const entry = parsed as Record<string, unknown>;
    const nested = typeof entry.id === 'object' && entry.id !== null ? (entry.id as Record<string, unknown>) : undefined;
    emit((name) => {
      const value = entry[name] ?? (nested && name.startsWith('id.') ? nested[name.slice(3)] : undefined);
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
    }, lineNo);
  };

  const splitter = new LineSplitter({
    line(line, lineNo) {
      if (line.length === 0) return;
      mode ??= line.startsWith('{') ? 'json' : 'tsv';
      if (mode === 'json') readJson(line, lineNo);
      else if (line.charCodeAt(0) === 35 /* # */) readHeader(line, lineNo);
      else readTsv(line, lineNo);
    },
    overlong(lineNo) {
      out.invalid.push({ line: lineNo, reason: 'line too long to be a conn.log entry' });
    },
  });

  return lineChunkParser(splitter, out);
}

/** TSV: conn header lines; JSON: an object with connection keys (dns/http JSON lack conn_state). */
export function sniffZeekConn(head: Buffer): number {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.startsWith('#separator')) {
    const path = /^#path\s+(\S+)/m.exec(text)?.[1];
    if (path !== undefined) return path === 'conn' ? 1 : 0;
    const fieldsLine = /^#fields\s(.*)$/m.exec(text)?.[1] ?? '';
    return /\bid\.orig_h\b/.test(fieldsLine) && /\bconn_state\b/.test(fieldsLine) ? 0.9 : 0;
  }
  const first = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (!first.startsWith('{')) return 0;
  const hasId = first.includes('"id.orig_h"') || /"id"\s*:\s*\{[^}]*"orig_h"/.test(first);
  return hasId && (first.includes('"conn_state"') || first.includes('"orig_pkts"')) ? 0.95 : 0;
}

export const zeekConnFormat: FlowFormat = {
  id: 'zeek-conn',
  kind: 'flows',
  label: 'Zeek conn.log (TSV or JSON)',
  sniff: sniffZeekConn,
  createParser: createZeekConnParser,
};
