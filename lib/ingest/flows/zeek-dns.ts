// Zeek dns.log (zeek/zeek `scripts/base/protocols/dns/main.zeek`), both writers like conn.log:
// TSV with `#separator`/`#fields` headers (columns found by name, header blocks may repeat) or
// JSON lines (dotted `id.orig_h` keys or a nested `id` object; `ts` epoch seconds or ISO 8601).
// One entry is one DNS transaction: the query and, when seen, its answer (`rcode_name`,
// `answers` as a set-separated vector). Each becomes a DNS query record (lib/records:
// `DnsQueryRecord`) for the DNS-tunnel detector; the file gives no flows. Entries without a
// query name (a response whose question Zeek could not read) are counted in a note, not errors.
import type { DnsQueryRecord, FlowRecord } from '../../records/records';
import type { FlowFormat } from '../format';
import type { ChunkParser, ParseBatch, ParseContext } from '../types';
import { normalizeIp } from './address-text';
import { answerAddresses, normalizeQueryName, qtypeName, rcodeName, registeredDomain } from './dns-names';
import { parseTimestamp } from './flow-fields';
import { BatchCollector } from './line-splitter';
import { EARLIEST_FLOW_MS } from './nfdump-csv';
import { createZeekLogReader, sniffZeekLog, type ZeekGetter, type ZeekLogReader, type ZeekValue } from './zeek-log';
import { createZoneClock, type ZoneClock } from './zone-time';

type Value = ZeekValue;
type Getter = ZeekGetter;

const text = (v: Value): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

function port(v: Value): number | undefined | string {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : `port ${JSON.stringify(v)} is not valid`;
}

/** One dns.log entry → a DNS query record, `null` when it names no query, or why it cannot be one. */
export function zeekDnsToQuery(get: Getter, lineNo: number, clock: ZoneClock, setSeparator = ','): DnsQueryRecord | null | string {
  const ts = get('ts');
  const tsText = text(ts) ?? '';
  const tsMs = typeof ts === 'number' ? Math.floor(ts * 1000) : parseTimestamp(tsText, 0, tsText.length, clock);
  if (ts === undefined || !Number.isFinite(tsMs)) return `ts "${tsText}" is not a time`;
  if (tsMs < EARLIEST_FLOW_MS) return `ts "${tsText}" is before 1990: the sensor's clock was not set`;
  const clientIp = normalizeIp(text(get('id.orig_h')) ?? '');
  if (clientIp === undefined) return `id.orig_h ${JSON.stringify(get('id.orig_h')) ?? 'missing'} is not an address`;
  const resolverIp = normalizeIp(text(get('id.resp_h')) ?? '');
  if (resolverIp === undefined) return `id.resp_h ${JSON.stringify(get('id.resp_h')) ?? 'missing'} is not an address`;
  const clientPort = port(get('id.orig_p'));
  if (typeof clientPort === 'string') return clientPort;
  const resolverPort = port(get('id.resp_p'));
  if (typeof resolverPort === 'string') return resolverPort;
  const q = text(get('query'));
  if (q === undefined || q.trim() === '') return null;
  const query = normalizeQueryName(q);
  const record: DnsQueryRecord = { lineNo, tsMs, clientIp, resolverIp, query };
  if (clientPort !== undefined) record.clientPort = clientPort;
  if (resolverPort !== undefined) record.resolverPort = resolverPort;
  const domain = registeredDomain(query);
  if (domain !== undefined) record.registeredDomain = domain;
  const qtype = qtypeName(get('qtype_name'), get('qtype'));
  if (qtype !== undefined) record.qtype = qtype;
  const rcode = rcodeName(get('rcode_name'), get('rcode'));
  if (rcode !== undefined) record.rcode = rcode;
  const raw = get('answers');
  const answers = Array.isArray(raw) ? raw : typeof raw === 'string' ? (raw === '' ? [] : raw.split(setSeparator)) : undefined;
  if (answers !== undefined) {
    record.answers = answers.length;
    const ips = answerAddresses(answers, normalizeIp);
    if (ips.length > 0) record.answerIps = ips;
  }
  return record;
}

export function createZeekDnsParser(ctx: ParseContext): ChunkParser<FlowRecord> {
  const clock = createZoneClock(ctx.timeZone || 'UTC');
  const out = new BatchCollector<FlowRecord>();
  let dns: DnsQueryRecord[] = [];
  let nameless = 0;

  const emit = (get: Getter, lineNo: number, reader: ZeekLogReader): void => {
    const row = zeekDnsToQuery(get, lineNo, clock, reader.setSeparator());
    if (row === null) nameless++;
    else if (typeof row === 'string') out.invalid.push({ line: lineNo, reason: row });
    else dns.push(row);
  };

  const { splitter } = createZeekLogReader('dns', out, emit);
  const take = (): ParseBatch<FlowRecord> => {
    const batch: ParseBatch<FlowRecord> = { ...out.take(), dns };
    dns = [];
    return batch;
  };
  return {
    push(chunk) {
      splitter.push(chunk);
      return take();
    },
    end() {
      splitter.end();
      if (nameless > 0) out.notes.push(`${nameless} dns.log entr${nameless === 1 ? 'y' : 'ies'} without a query name skipped`);
      return take();
    },
  };
}

/** TSV: `#path dns`, or a #fields line with `query` and `qtype`; JSON: an object with `id.orig_h` and `query`/`qtype`. */
export function sniffZeekDns(head: Buffer): number {
  return sniffZeekLog(
    head,
    'dns',
    (fields) => /\bid\.orig_h\b/.test(fields) && /\bquery\b/.test(fields) && /\bqtype\b/.test(fields),
    (first) =>
      (first.includes('"trans_id"') || first.includes('"qclass"')) &&
      (first.includes('"qtype"') || first.includes('"query"')) &&
      !first.includes('"conn_state"'),
  );
}

export const zeekDnsFormat: FlowFormat = {
  id: 'zeek-dns',
  kind: 'flows',
  label: 'Zeek dns.log (TSV or JSON; DNS queries for the DNS-tunnel detector)',
  sniff: sniffZeekDns,
  createParser: createZeekDnsParser,
};
