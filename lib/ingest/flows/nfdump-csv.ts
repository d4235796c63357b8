// nfdump `-o csv` / `-o csv-fast` / `-o "csv:%…"` text → FlowRecord. Built for millions of
// rows: a row is split by scanning commas into an offset table and only the needed fields are
// decoded in place (flow-fields.ts); nfdump never quotes (it turns ',' inside values into ';').
// Quirks handled (docs/ANCHORS.md#nfdump, #quirks-flows): footer `Summary` + 2 lines; zone-less local times;
// `::a.b.c.d` IPv4; protocol names; flag strings; ICMP type.code ports; padded fields;
// repeated headers from concatenated exports.

import type { FlowRecord } from '../../records/records';
import type { FlowFormat } from '../format';
import { type ChunkParser, IngestError, type ParseContext } from '../types';
import { normalizeIp } from './address-text';
import { parsePort, parseSecondsToMs, parseTcpFlags, parseTimestamp, parseUint } from './flow-fields';
import { BatchCollector, LineSplitter, lineChunkParser } from './line-splitter';
import { describeDialect, type Layout, readHeader, scoreHeader } from './nfdump-columns';
import { protocolNumber } from './protocols';
import { createZoneClock } from './zone-time';

function firstLine(head: Buffer): string {
  let text = head.subarray(0, 8192).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nl = text.indexOf('\n');
  const line = nl === -1 ? text : text.slice(0, nl);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

const show = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/**
 * Exporters without a set clock yield epoch-0 times (softflowd → nfcapd in the derived fixtures
 * prints `1970-01-01 00:00:00`); such flows cannot be placed in time, so they are reported.
 */
export const EARLIEST_FLOW_MS = Date.UTC(1990, 0, 1);

const MAX_COLUMNS = 1024;

export function createNfdumpCsvParser(ctx: ParseContext): ChunkParser<FlowRecord> {
  const clock = createZoneClock(ctx.timeZone || 'UTC');
  const out = new BatchCollector<FlowRecord>();
  let layout: Layout | undefined;
  // Field i spans [bounds[i], bounds[i + 1] - 1). Allocated once: nfdump headers are < 200 wide.
  const bounds = new Int32Array(MAX_COLUMNS + 3);
  let footerLeft = -1; // > 0: footer lines still to skip; 0: after the footer
  let zoneNoted = false;
  const noted = new Set<string>(); // each note once per file, not once per batch

  const from = (i: number): number => bounds[i] ?? 0;
  const to = (i: number): number => (bounds[i + 1] ?? 1) - 1;

  /** Splits at commas; returns the field count (count + 1 means "more than expected"). */
  const split = (line: string, count: number): number => {
    let n = 1;
    let comma = line.indexOf(',');
    while (comma !== -1 && n <= count) {
      bounds[n++] = comma + 1;
      comma = line.indexOf(',', comma + 1);
    }
    bounds[n] = line.length + 1;
    return comma === -1 ? n : count + 2;
  };

  // Reasons are built only for bad rows; nothing is allocated per good row but the record.
  const bad = (line: string, what: string, i: number): string => `${what} "${show(line.slice(from(i), to(i)))}" is not valid`;
  const early = (line: string, what: string, i: number): string =>
    `${what} time "${show(line.slice(from(i), to(i)).trim())}" is before 1990: the exporter's clock was not set`;

  const readRow = (L: Layout, line: string, lineNo: number): FlowRecord | string => {
    const c = L.col;
    let n = split(line, L.count);
    if (n === L.count + 1 && from(L.count) === line.length) n = L.count; // tolerate one trailing comma
    if (n !== L.count) return `expected ${L.count} fields, found ${n > L.count ? 'more' : n}`;
    const startMs = parseTimestamp(line, from(c.start), to(c.start), clock);
    if (Number.isNaN(startMs)) return bad(line, 'first-seen time', c.start);
    if (startMs < EARLIEST_FLOW_MS) return early(line, 'first-seen', c.start);
    let endMs = startMs;
    if (c.end >= 0) {
      endMs = parseTimestamp(line, from(c.end), to(c.end), clock);
      if (Number.isNaN(endMs)) return bad(line, 'last-seen time', c.end);
      if (endMs < EARLIEST_FLOW_MS) return early(line, 'last-seen', c.end);
    } else if (c.duration >= 0) {
      const ms = parseSecondsToMs(line, from(c.duration), to(c.duration));
      if (Number.isNaN(ms)) return bad(line, 'duration', c.duration);
      endMs = startMs + ms;
    }
    const srcIp = normalizeIp(line.slice(from(c.srcIp), to(c.srcIp)));
    if (srcIp === undefined) return bad(line, 'source address', c.srcIp);
    const dstIp = normalizeIp(line.slice(from(c.dstIp), to(c.dstIp)));
    if (dstIp === undefined) return bad(line, 'destination address', c.dstIp);
    const srcPort = c.srcPort >= 0 ? parsePort(line, from(c.srcPort), to(c.srcPort)) : 0;
    if (Number.isNaN(srcPort)) return bad(line, 'source port', c.srcPort);
    const dstPort = c.dstPort >= 0 ? parsePort(line, from(c.dstPort), to(c.dstPort)) : 0;
    if (Number.isNaN(dstPort)) return bad(line, 'destination port', c.dstPort);
    let proto = 0;
    if (c.proto >= 0) {
      const a = from(c.proto);
      const b = to(c.proto);
      // Fast path for the two protocols that make up nearly every row.
      proto = b - a === 3 && line.startsWith('TCP', a) ? 6 : b - a === 3 && line.startsWith('UDP', a) ? 17 : protocolNumber(line.slice(a, b));
      if (Number.isNaN(proto)) return bad(line, 'protocol', c.proto);
    }
    const packets = c.packets >= 0 ? parseUint(line, from(c.packets), to(c.packets)) : 0;
    if (Number.isNaN(packets)) return bad(line, 'packet count', c.packets);
    const bytes = c.bytes >= 0 ? parseUint(line, from(c.bytes), to(c.bytes)) : 0;
    if (Number.isNaN(bytes)) return bad(line, 'byte count', c.bytes);

    const record: FlowRecord = { recordNo: lineNo, startMs, endMs, srcIp, dstIp, srcPort, dstPort, proto, packets, bytes };
    if (c.revPackets >= 0) {
      const revPackets = parseUint(line, from(c.revPackets), to(c.revPackets));
      if (Number.isNaN(revPackets)) return bad(line, 'out packet count', c.revPackets);
      if (revPackets > 0) record.revPackets = revPackets;
    }
    if (c.revBytes >= 0) {
      const revBytes = parseUint(line, from(c.revBytes), to(c.revBytes));
      if (Number.isNaN(revBytes)) return bad(line, 'out byte count', c.revBytes);
      if (revBytes > 0) record.revBytes = revBytes;
    }
    if (c.flags >= 0 && proto === 6) {
      const flags = parseTcpFlags(line, from(c.flags), to(c.flags));
      if (Number.isNaN(flags)) return bad(line, 'TCP flags', c.flags);
      record.tcpFlags = flags;
    }
    if (c.exporter >= 0) {
      const exporter = normalizeIp(line.slice(from(c.exporter), to(c.exporter)));
      // nfpcapd (no exporter) prints 0.0.0.0; anything unreadable is not worth rejecting the flow.
      if (exporter !== undefined && exporter !== '0.0.0.0' && exporter !== '::') record.exporter = exporter;
    }
    return record;
  };

  const adoptHeader = (line: string, lineNo: number): boolean => {
    const found = readHeader(line);
    if (typeof found === 'string') {
      if (layout === undefined) throw new IngestError(`not an nfdump CSV file: ${found}`, { line: lineNo, reason: found });
      return false;
    }
    if (found.count > MAX_COLUMNS) throw new IngestError(`nfdump CSV header has ${found.count} columns`, { line: lineNo, reason: 'too many columns' });
    layout = found;
    const note = describeDialect(found);
    if (!noted.has(note)) {
      noted.add(note);
      out.notes.push(note);
    }
    return true;
  };

  const splitter = new LineSplitter({
    line(line, lineNo) {
      if (line.length === 0 || (line.charCodeAt(0) === 32 && line.trim() === '')) return;
      if (layout === undefined) {
        adoptHeader(line, lineNo);
        return;
      }
      if (footerLeft > 0) {
        footerLeft--; // `flows,bytes,packets,avg_bps,avg_pps,avg_bpp` and its values
        return;
      }
      if (line === layout.header) {
        footerLeft = -1; // exports concatenated with `cat`
        return;
      }
      if (line.charCodeAt(0) === 83 /* S */ && line.trimEnd() === 'Summary') {
        footerLeft = 2;
        return;
      }
      if (footerLeft === 0) {
        if (scoreHeader(line) > 0 && adoptHeader(line, lineNo)) footerLeft = -1;
        else out.invalid.push({ line: lineNo, reason: `unexpected text after the Summary footer: "${show(line)}"` });
        return;
      }
      const row = readRow(layout, line, lineNo);
      if (typeof row === 'string') out.invalid.push({ line: lineNo, reason: row });
      else out.records.push(row);
      if (clock.used && !zoneNoted) {
        zoneNoted = true;
        out.notes.push(`zone-less times read as ${clock.timeZone}`);
      }
    },
    overlong(lineNo) {
      out.invalid.push({ line: lineNo, reason: 'line too long to be an nfdump CSV row' });
    },
  });

  return lineChunkParser(splitter, out);
}

export const nfdumpCsvFormat: FlowFormat = {
  id: 'nfdump-csv',
  kind: 'flows',
  label: 'nfdump CSV (legacy, 1.7.5+, csv-fast or custom columns)',
  sniff: (head) => scoreHeader(firstLine(head)),
  createParser: createNfdumpCsvParser,
};
