// nfdump `-o json` (an array of objects) and `-o ndjson` (one object per line) → FlowRecord.
// Keys from phaag/nfdump src/output/output_json.c and output_ndjson.c (1.7): `first`/`last`
// (1.6: `t_first`/`t_last`) as local time `YYYY-MM-DDTHH:MM:SS.mmm` without a zone,
// `src4_addr`/`dst4_addr` or `src6_addr`/`dst6_addr`, `proto` (number), `src_port`/`dst_port`
// or, for ICMP, `icmp_type`/`icmp_code`, `tcp_flags` as the `CEUAPRSF` string, `in_packets`,
// `in_bytes`, `out_packets`/`out_bytes` (bidirectional sources), `ip4_router`/`ip6_router`.
// Some 1.7 ndjson builds print in_packets into in_bytes (output_ndjson.c); that is noted.

import type { FlowRecord } from '../../records/records';
import type { FlowFormat } from '../format';
import { jsonDepthProblem } from '../json-depth';
import type { ChunkParser, ParseContext } from '../types';
import { normalizeIp } from './address-text';
import { parseTcpFlags, parseTimestamp } from './flow-fields';
import { JsonObjectSplitter } from './json-objects';
import { BatchCollector, lineChunkParser } from './line-splitter';
import { EARLIEST_FLOW_MS } from './nfdump-csv';
import { protocolNumber } from './protocols';
import { createZoneClock, type ZoneClock } from './zone-time';

type Entry = Record<string, unknown>;

function time(value: unknown, clock: ZoneClock): number {
  if (typeof value === 'number') return value > 1e11 ? Math.floor(value) : Math.floor(value * 1000);
  return typeof value === 'string' ? parseTimestamp(value, 0, value.length, clock) : Number.NaN;
}

function uint(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : Number.NaN;
}

/** The record, or the reason the object cannot be one. */
export function nfdumpJsonToFlow(entry: Entry, recordNo: number, clock: ZoneClock): FlowRecord | string {
  const first = entry.first ?? entry.t_first;
  const startMs = time(first, clock);
  if (Number.isNaN(startMs)) return `first-seen time ${JSON.stringify(first) ?? 'missing'} is not valid`;
  if (startMs < EARLIEST_FLOW_MS) return `first-seen time ${JSON.stringify(first)} is before 1990: the exporter's clock was not set`;
  const last = entry.last ?? entry.t_last;
  const endMs = last === undefined ? startMs : time(last, clock);
  if (!(endMs >= EARLIEST_FLOW_MS)) return `last-seen time ${JSON.stringify(last)} is not valid`;

  const src = entry.src4_addr ?? entry.src6_addr;
  const dst = entry.dst4_addr ?? entry.dst6_addr;
  const srcIp = typeof src === 'string' ? normalizeIp(src) : undefined;
  if (srcIp === undefined) return `source address ${JSON.stringify(src) ?? 'missing'} is not valid`;
  const dstIp = typeof dst === 'string' ? normalizeIp(dst) : undefined;
  if (dstIp === undefined) return `destination address ${JSON.stringify(dst) ?? 'missing'} is not valid`;

  const proto = typeof entry.proto === 'string' ? protocolNumber(entry.proto) : uint(entry.proto ?? 0);
  if (!(proto <= 255)) return `protocol ${JSON.stringify(entry.proto)} is not valid`;
  const isIcmp = entry.icmp_type !== undefined;
  const srcPort = isIcmp ? 0 : uint(entry.src_port ?? 0);
  const dstPort = isIcmp ? uint(entry.icmp_type) * 256 + uint(entry.icmp_code ?? 0) : uint(entry.dst_port ?? 0);
  if (!(srcPort <= 65535 && dstPort <= 65535)) return 'ports (or ICMP type/code) are not valid';
  const packets = uint(entry.in_packets ?? 0);
  const bytes = uint(entry.in_bytes ?? 0);
  if (Number.isNaN(packets) || Number.isNaN(bytes)) return 'in_packets or in_bytes is not a count';

  const record: FlowRecord = { recordNo, startMs, endMs, srcIp, dstIp, srcPort, dstPort, proto, packets, bytes };
  const revPackets = uint(entry.out_packets ?? 0);
  const revBytes = uint(entry.out_bytes ?? 0);
  if (revPackets > 0) record.revPackets = revPackets;
  if (revBytes > 0) record.revBytes = revBytes;
  if (proto === 6 && entry.tcp_flags !== undefined) {
    const raw = entry.tcp_flags;
    const flags = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseTcpFlags(raw, 0, raw.length) : Number.NaN;
    if (!(flags >= 0 && flags <= 255)) return `tcp_flags ${JSON.stringify(raw)} is not valid`;
    record.tcpFlags = flags;
  }
  const router = entry.ip4_router ?? entry.ip6_router;
  const exporter = typeof router === 'string' ? normalizeIp(router) : undefined;
  if (exporter !== undefined && exporter !== '0.0.0.0' && exporter !== '::') record.exporter = exporter;
  return record;
}

export function createNfdumpJsonParser(ctx: ParseContext): ChunkParser<FlowRecord> {
  const clock = createZoneClock(ctx.timeZone || 'UTC');
  const out = new BatchCollector<FlowRecord>();
  let zoneNoted = false;
  let counted = 0;
  let bytesArePackets = 0;

  const splitter = new JsonObjectSplitter({
    object(text, line) {
      let entry: unknown;
      const tooDeep = jsonDepthProblem(text);
      if (tooDeep !== undefined) {
        out.invalid.push({ line, reason: tooDeep });
        return;
      }
      try {
        entry = JSON.parse(text);
      } catch {
        out.invalid.push({ line, reason: 'not valid JSON' });
        return;
      }
      const row = nfdumpJsonToFlow(entry as Entry, line, clock);
      if (typeof row === 'string') out.invalid.push({ line, reason: row });
      else {
        out.records.push(row);
        if (row.packets > 0) {
          counted++;
          if (row.bytes === row.packets) bytesArePackets++;
        }
      }
      if (clock.used && !zoneNoted) {
        zoneNoted = true;
        out.notes.push(`zone-less times read as ${clock.timeZone}`);
      }
    },
    stray(line) {
      out.invalid.push({ line, reason: 'text outside a JSON object' });
    },
    broken(line, reason) {
      out.invalid.push({ line, reason });
    },
  });

  return lineChunkParser(splitter, out, () => {
    // An IP packet has at least 20 bytes, so bytes == packets everywhere means the writer bug.
    if (counted > 0 && bytesArePackets === counted)
      out.notes.push('in_bytes equals in_packets in every flow (an nfdump ndjson bug): byte counts are not reliable');
  });
}

/** An object (or array of objects) with nfdump's address and time keys. */
export function sniffNfdumpJson(head: Buffer): number {
  const text = head
    .subarray(0, 16384)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!(text.startsWith('{') || /^\[\s*(\{|\]|$)/.test(text))) return 0;
  const hasAddress = /"(src4_addr|src6_addr)"\s*:/.test(text);
  const hasTime = /"(t_first|first)"\s*:/.test(text);
  return hasAddress && hasTime ? 0.95 : 0;
}

export const nfdumpJsonFormat: FlowFormat = {
  id: 'nfdump-json',
  kind: 'flows',
  label: 'nfdump JSON / NDJSON',
  sniff: sniffNfdumpJson,
  createParser: createNfdumpJsonParser,
};
