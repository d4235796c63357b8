// Suricata EVE JSON (`eve.json`, one event per line; docs.suricata.io "Eve JSON Format"), the
// NSM output of Security Onion, SELKS, pfSense/OPNsense. `flow` events are two-way flows
// (`flow.pkts_toserver`/`bytes_toserver` forward, `…_toclient` reverse, `tcp.tcp_flags_ts`/
// `tcp_flags_tc`), `netflow` events one direction each (`netflow.pkts`/`bytes`). Times are ISO
// 8601 with a `±hhmm` offset. `alert` events are the sensor's own detections, stored as IDS
// alerts (flows/eve-alert.ts) for the detector network.ids-alert. `dns` events become DNS query
// records, their answers folded in (suricata-eve-dns.ts). Every other event type is counted, never
// an error: the protocol events Sightline does not use yet (http, tls, ssh, …) and unknown types.
// The flow_id has no column in FlowRecord yet and is not kept.
import type { FlowRecord, IdsAlertRecord } from '../../records/records';
import type { FlowFormat } from '../format';
import { jsonDepthProblem } from '../json-depth';
import type { ChunkParser, ParseContext } from '../types';
import { ipBytes, normalizeIp } from './address-text';
import { EveCollector, eveAlert } from './eve-alert';
import { parseTimestamp } from './flow-fields';
import { ipv6Text } from './ip-text';
import { LineSplitter, lineChunkParser } from './line-splitter';
import { EARLIEST_FLOW_MS } from './nfdump-csv';
import { protocolNumber } from './protocols';
import { EveDnsFolder } from './suricata-eve-dns';
import { createZoneClock, type ZoneClock } from './zone-time';

type Entry = Record<string, unknown>;

/** Event types Suricata 4–8 writes that carry no flow (docs.suricata.io, eve-json-format). */
const KNOWN_OTHER = new Set([
  'http',
  'http2',
  'tls',
  'ssh',
  'fileinfo',
  'stats',
  'anomaly',
  'drop',
  'smb',
  'ftp',
  'ftp_data',
  'smtp',
  'dhcp',
  'krb5',
  'nfs',
  'tftp',
  'ikev2',
  'ike',
  'rdp',
  'sip',
  'snmp',
  'mqtt',
  'rfb',
  'dnp3',
  'modbus',
  'dcerpc',
  'quic',
  'pgsql',
  'bittorrent-dht',
  'frame',
  'files',
  'websocket',
  'ldap',
  'arp',
  'ja4',
]);

/** Distinct alert signatures remembered for the note (more are counted, not named). */
const MAX_SIGNATURES = 256;
/** Distinct unknown event types remembered for the note. */
const MAX_UNKNOWN_TYPES = 64;

function obj(value: unknown): Entry | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Entry) : undefined;
}

/** Suricata prints IPv6 uncompressed (`fe80:0000:…`); stored in the short form the binary decoders give. */
function address(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ip = normalizeIp(value);
  if (ip === undefined || !ip.includes(':')) return ip;
  const bytes = ipBytes(ip);
  return bytes?.length === 16 ? ipv6Text(bytes, 0) : ip;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : Number.NaN;
}

function time(value: unknown, clock: ZoneClock): number {
  return typeof value === 'string' ? parseTimestamp(value, 0, value.length, clock) : Number.NaN;
}

/** `tcp_flags` is two hex digits ("1b"). */
function hexFlags(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{1,2}$/.test(value)) return undefined;
  return Number.parseInt(value, 16);
}

/** The flow of a `flow` or `netflow` event, or the reason it cannot be one. */
export function eveToFlow(e: Entry, recordNo: number, clock: ZoneClock): FlowRecord | string {
  const isNetflow = e.event_type === 'netflow';
  const body = obj(isNetflow ? e.netflow : e.flow);
  if (body === undefined) return `${String(e.event_type)} event without its "${isNetflow ? 'netflow' : 'flow'}" object`;
  const startMs = time(body.start ?? e.timestamp, clock);
  if (Number.isNaN(startMs)) return `start time ${JSON.stringify(body.start ?? e.timestamp) ?? 'missing'} is not valid`;
  if (startMs < EARLIEST_FLOW_MS) return `start time ${JSON.stringify(body.start)} is before 1990: the sensor's clock was not set`;
  const endRaw = body.end ?? e.timestamp;
  const endMs = time(endRaw, clock);
  if (Number.isNaN(endMs)) return `end time ${JSON.stringify(endRaw)} is not valid`;
  const srcIp = address(e.src_ip);
  if (srcIp === undefined) return `src_ip ${JSON.stringify(e.src_ip) ?? 'missing'} is not valid`;
  const dstIp = address(e.dest_ip);
  if (dstIp === undefined) return `dest_ip ${JSON.stringify(e.dest_ip) ?? 'missing'} is not valid`;
  const proto = typeof e.proto === 'number' ? e.proto : typeof e.proto === 'string' ? protocolNumber(e.proto) : Number.NaN;
  if (!(Number.isInteger(proto) && proto >= 0 && proto <= 255)) return `proto ${JSON.stringify(e.proto) ?? 'missing'} is not valid`;
  const isIcmp = e.icmp_type !== undefined;
  const srcPort = isIcmp ? 0 : count(e.src_port ?? 0);
  const dstPort = isIcmp ? count(e.icmp_type) * 256 + count(e.icmp_code ?? 0) : count(e.dest_port ?? 0);
  if (!(srcPort <= 65535 && dstPort <= 65535)) return 'ports (or ICMP type/code) are not valid';
  const packets = count(isNetflow ? body.pkts : body.pkts_toserver);
  const bytes = count(isNetflow ? body.bytes : body.bytes_toserver);
  if (Number.isNaN(packets) || Number.isNaN(bytes)) return `packet or byte count of the ${isNetflow ? 'netflow' : 'flow'} object is not a count`;
  const record: FlowRecord = { recordNo, startMs, endMs: Math.max(startMs, endMs), srcIp, dstIp, srcPort, dstPort, proto, packets, bytes };
  if (!isNetflow) {
    const revPackets = count(body.pkts_toclient ?? 0);
    const revBytes = count(body.bytes_toclient ?? 0);
    if (Number.isNaN(revPackets) || Number.isNaN(revBytes)) return 'pkts_toclient or bytes_toclient is not a count';
    if (revPackets > 0) record.revPackets = revPackets;
    if (revBytes > 0) record.revBytes = revBytes;
  }
  const tcp = obj(e.tcp);
  if (proto === 6 && tcp !== undefined) {
    const fwd = hexFlags(isNetflow ? tcp.tcp_flags : (tcp.tcp_flags_ts ?? tcp.tcp_flags));
    if (fwd !== undefined) record.tcpFlags = fwd;
    const rev = isNetflow ? undefined : hexFlags(tcp.tcp_flags_tc);
    if (rev !== undefined && (record.revPackets ?? 0) > 0) record.revTcpFlags = rev;
  }
  return record;
}

/** What the file held besides flows, for the notes. */
class EventTally {
  readonly byType = new Map<string, number>();
  readonly unknown = new Map<string, number>();
  unknownOther = 0;
  alerts = 0;
  staged = 0;
  readonly signatures = new Map<string, { n: number; technique?: string }>();
  signaturesOther = 0;
  /** Alerts with no kill-chain stage, by category (classtype description). */
  readonly stageless = new Map<string, number>();

  alert(a: IdsAlertRecord): void {
    this.alerts++;
    if (a.stage !== undefined) this.staged++;
    else {
      const c = (a.category ?? '(no category)').slice(0, 60);
      if (this.stageless.has(c) || this.stageless.size < MAX_UNKNOWN_TYPES) this.stageless.set(c, (this.stageless.get(c) ?? 0) + 1);
    }
    const sig = a.signature.slice(0, 200);
    const known = this.signatures.get(sig);
    if (known !== undefined) known.n++;
    else if (this.signatures.size < MAX_SIGNATURES) this.signatures.set(sig, { n: 1, technique: a.technique });
    else this.signaturesOther++;
  }

  other(type: string): void {
    if (KNOWN_OTHER.has(type)) this.byType.set(type, (this.byType.get(type) ?? 0) + 1);
    else if (this.unknown.has(type) || this.unknown.size < MAX_UNKNOWN_TYPES) this.unknown.set(type, (this.unknown.get(type) ?? 0) + 1);
    else this.unknownOther++;
  }

  notes(): string[] {
    const out: string[] = [];
    if (this.alerts > 0) {
      const top = [...this.signatures]
        .sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([s, v]) => `${v.n}× "${s}"${v.technique ? ` (${v.technique})` : ''}`);
      const more = this.signatures.size > 10 || this.signaturesOther > 0 ? ', …' : '';
      out.push(`${this.alerts} Suricata alert event(s) stored as IDS alerts: ${top.join(', ')}${more}`);
      const rest = this.alerts - this.staged;
      if (rest > 0) {
        const list = [...this.stageless].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c, n]) => `${n} ${c}`);
        out.push(
          `${this.staged} alert(s) with a kill-chain stage (ATT&CK metadata or classtype) become network detections; ${rest} whose classtype names no attacker step are kept, not detections: ${list.join(', ')}`,
        );
      }
    }
    if (this.byType.size > 0) {
      const list = [...this.byType].sort((a, b) => a[0].localeCompare(b[0])).map(([t, n]) => `${n} ${t}`);
      out.push(`Suricata events recognised but not used: ${list.join(', ')}`);
    }
    if (this.unknown.size > 0 || this.unknownOther > 0) {
      const list = [...this.unknown].sort((a, b) => a[0].localeCompare(b[0])).map(([t, n]) => `${n} ${t.slice(0, 40)}`);
      if (this.unknownOther > 0) list.push(`${this.unknownOther} of other types`);
      out.push(`Suricata event types Sightline does not know, counted and skipped: ${list.join(', ')}`);
    }
    return out;
  }
}

/** An `alert` event as an IDS alert: time, addresses and protocol read as for the flow events. */
function readAlert(e: Entry, lineNo: number, clock: ZoneClock): IdsAlertRecord | string {
  const tsMs = time(e.timestamp, clock);
  if (Number.isNaN(tsMs) || tsMs < EARLIEST_FLOW_MS) return `alert timestamp ${JSON.stringify(e.timestamp) ?? 'missing'} is not valid`;
  const srcIp = address(e.src_ip);
  if (srcIp === undefined) return `src_ip ${JSON.stringify(e.src_ip) ?? 'missing'} is not valid`;
  const dstIp = address(e.dest_ip);
  if (dstIp === undefined) return `dest_ip ${JSON.stringify(e.dest_ip) ?? 'missing'} is not valid`;
  const proto = typeof e.proto === 'number' ? e.proto : typeof e.proto === 'string' ? protocolNumber(e.proto) : Number.NaN;
  if (!(Number.isInteger(proto) && proto >= 0 && proto <= 255)) return `proto ${JSON.stringify(e.proto) ?? 'missing'} is not valid`;
  return eveAlert(e, lineNo, { tsMs, srcIp, dstIp, proto });
}

export function createSuricataEveParser(ctx: ParseContext): ChunkParser<FlowRecord> {
  const clock = createZoneClock(ctx.timeZone || 'UTC');
  const out = new EveCollector<FlowRecord>();
  const tally = new EventTally();
  const flowTypes = new Set<string>();
  let zoneNoted = false;
  const dns = new EveDnsFolder(clock);
  const splitter = new LineSplitter({
    line(text, lineNo) {
      if (text.trim() === '') return;
      const tooDeep = jsonDepthProblem(text);
      if (tooDeep !== undefined) {
        out.invalid.push({ line: lineNo, reason: tooDeep });
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        out.invalid.push({ line: lineNo, reason: 'not valid JSON (EVE has one event object per line)' });
        return;
      }
      const e = obj(parsed);
      const type = e?.event_type;
      if (e === undefined || typeof type !== 'string') {
        out.invalid.push({ line: lineNo, reason: 'not an EVE event (no "event_type")' });
        return;
      }
      if (type === 'flow' || type === 'netflow') {
        flowTypes.add(type);
        const row = eveToFlow(e, lineNo, clock);
        if (typeof row === 'string') out.invalid.push({ line: lineNo, reason: row });
        else out.records.push(row);
        if (clock.used && !zoneNoted) {
          zoneNoted = true;
          out.notes.push(`zone-less times read as ${clock.timeZone}`);
        }
      } else if (type === 'dns') {
        const problem = dns.event(e, lineNo);
        if (problem !== undefined) out.invalid.push({ line: lineNo, reason: problem });
      } else if (type === 'alert') {
        const alert = readAlert(e, lineNo, clock);
        if (typeof alert === 'string') out.invalid.push({ line: lineNo, reason: alert });
        else {
          out.alerts.push(alert);
          tally.alert(alert);
        }
      } else {
        tally.other(type);
      }
    },
    overlong(lineNo) {
      out.invalid.push({ line: lineNo, reason: 'line longer than 1 MiB (not an EVE event)' });
    },
  });
  const lines = lineChunkParser(splitter, out, () => {
    if (flowTypes.size === 2) {
      out.notes.push('both flow and netflow events: Suricata logged the same traffic twice (once two-way, once per direction), so volumes count twice');
    }
    for (const note of tally.notes()) out.notes.push(note);
    for (const note of dns.notes()) out.notes.push(note);
  });
  return {
    push: (chunk) => ({ ...lines.push(chunk), dns: dns.take() }),
    end: () => ({ ...lines.end(), dns: dns.end() }),
  };
}

/**
 * EVE: the first non-blank lines are JSON objects with `"event_type"` and `"timestamp"`, and
 * at least one of them parses to an object whose event_type is a string.
 */
export function sniffSuricataEve(head: Buffer): number {
  const text = head
    .subarray(0, 65536)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  if (lines.length > 1 && head.length >= 65536) lines.pop(); // the last line may be cut
  let seen = 0;
  let events = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (++seen > 8) break;
    if (!line.startsWith('{') || !line.includes('"event_type"') || !line.includes('"timestamp"')) return 0;
    try {
      const e = obj(JSON.parse(line));
      if (e !== undefined && typeof e.event_type === 'string' && typeof e.timestamp === 'string') events++;
      else return 0;
    } catch {
      // A damaged line among good ones is the parser's to report.
    }
  }
  return events > 0 ? 0.97 : 0;
}

export const suricataEveFormat: FlowFormat = {
  id: 'suricata-eve',
  kind: 'flows',
  label: 'Suricata EVE JSON (flow and netflow events; alerts as IDS detections; dns events as DNS queries; other protocol events counted)',
  sniff: sniffSuricataEve,
  createParser: createSuricataEveParser,
};
