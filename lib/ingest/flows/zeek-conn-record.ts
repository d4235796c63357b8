// One Zeek conn.log entry (TSV or JSON) → FlowRecord. Field meanings from zeek/zeek
// `scripts/base/protocols/conn/main.zeek`. Choices, and why:
// - Counts: a conn record is two-way; the originator's side fills packets/bytes and the
//   responder's fills rev*. Bytes are `orig_ip_bytes`/`resp_ip_bytes` (IP-level, what NetFlow,
//   nfdump and VPC logs count, and what Filebeat maps to source/destination.bytes), falling back
//   to payload `orig_bytes`/`resp_bytes` only when the IP-level columns are missing.
// - ICMP: Zeek logs the type as orig_p and the counterpart type (two-way) or code as resp_p;
//   flows here use NetFlow's convention, srcPort 0 and dstPort = type·256 + code.
// - TCP flags are not logged by Zeek; they are approximated from `history` (upper case =
//   originator, lower case = responder) or, without it, from `conn_state`. See zeekTcpFlags.
import type { FlowRecord } from '../../records/records';
import { normalizeIp } from './address-text';
import { icmpCounterpart } from './community-id';
import { parseSecondsToMs, parseTimestamp } from './flow-fields';
import { protocolNumber } from './protocols';
import type { ZoneClock } from './zone-time';

/** A field's value: text from TSV or JSON; `undefined` when unset or absent. */
export type FieldGetter = (name: string) => string | number | boolean | undefined;

const FIN = 1;
const SYN = 2;
const RST = 4;
const PSH = 8;
const ACK = 16;

/** Per history letter (case-folded): S SYN, H SYN-ACK, A pure ACK, D data, F FIN, R RST, Q SYN+FIN/RST. */
const HISTORY_FLAGS: Record<string, number> = { s: SYN, h: SYN | ACK, a: ACK, d: ACK | PSH, f: FIN, r: RST, q: SYN };

/** [originator, responder] flags per conn_state when no history was logged. */
const STATE_FLAGS: Record<string, [number, number]> = {
  S0: [SYN, 0], // attempt, no reply
  S1: [SYN | ACK, SYN | ACK], // established, not terminated
  SF: [SYN | ACK | FIN, SYN | ACK | FIN], // normal establishment and termination
  REJ: [SYN, RST], // attempt rejected
  S2: [SYN | ACK | FIN, SYN | ACK], // established, originator closed, no reply
  S3: [SYN | ACK, SYN | ACK | FIN], // established, responder closed, no reply
  RSTO: [SYN | ACK | RST, SYN | ACK], // established, originator aborted
  RSTR: [SYN | ACK, SYN | ACK | RST], // established, responder aborted
  RSTOS0: [SYN | RST, 0], // SYN then RST, no SYN-ACK seen
  RSTRH: [0, SYN | ACK | RST], // SYN-ACK then RST from responder, no SYN seen
  SH: [SYN | FIN, 0], // SYN then FIN, no SYN-ACK seen
  SHR: [0, SYN | ACK | FIN], // SYN-ACK then FIN from responder, no SYN seen
  // OTH (midstream, no SYN seen): nothing is known.
};

/** Approximate [originator, responder] TCP flags of a conn record, or undefined if unknown. */
export function zeekTcpFlags(history: string | undefined, connState: string | undefined): [number, number] | undefined {
  if (history !== undefined && history !== '') {
    let orig = 0;
    let resp = 0;
    for (const letter of history) {
      const lower = letter.toLowerCase();
      const bits = HISTORY_FLAGS[lower] ?? 0;
      if (letter === lower) resp |= bits;
      else orig |= bits;
    }
    return [orig, resp];
  }
  return connState === undefined ? undefined : STATE_FLAGS[connState];
}

const text = (value: string | number | boolean | undefined): string | undefined => (value === undefined ? undefined : String(value));

function count(get: FieldGetter, name: string): number | undefined {
  const value = get(name);
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : Number.NaN;
}

/** The record, or the reason the entry cannot be one. */
export function zeekConnToFlow(get: FieldGetter, recordNo: number, clock: ZoneClock): FlowRecord | string {
  const ts = get('ts');
  const tsText = text(ts) ?? '';
  const startMs = typeof ts === 'number' ? Math.floor(ts * 1000) : parseTimestamp(tsText, 0, tsText.length, clock);
  if (!Number.isFinite(startMs) || ts === undefined) return `ts "${tsText}" is not a time`;
  const duration = get('duration');
  const durationMs =
    duration === undefined
      ? 0
      : typeof duration === 'number'
        ? Math.floor(duration * 1000)
        : parseSecondsToMs(duration.toString(), 0, duration.toString().length);
  if (!(durationMs >= 0)) return `duration "${text(duration)}" is not valid`;

  const srcIp = normalizeIp(text(get('id.orig_h')) ?? '');
  if (srcIp === undefined) return `id.orig_h "${text(get('id.orig_h')) ?? ''}" is not an address`;
  const dstIp = normalizeIp(text(get('id.resp_h')) ?? '');
  if (dstIp === undefined) return `id.resp_h "${text(get('id.resp_h')) ?? ''}" is not an address`;

  const ipProto = count(get, 'ip_proto'); // Zeek ≥ 7.1 logs the IP protocol number itself
  const protoName = text(get('proto'));
  let proto = ipProto !== undefined && !Number.isNaN(ipProto) ? ipProto : protoName === undefined ? 0 : protocolNumber(protoName);
  if (protoName === 'unknown_transport' && ipProto === undefined) proto = 0;
  if (Number.isNaN(proto) || proto > 255) return `proto "${protoName ?? ''}" is not valid`;
  if (proto === 1 && dstIp.includes(':')) proto = 58; // Zeek says "icmp" for ICMPv6 too

  let srcPort = count(get, 'id.orig_p') ?? 0;
  let dstPort = count(get, 'id.resp_p') ?? 0;
  if (!(srcPort <= 65535) || !(dstPort <= 65535)) return `ports "${text(get('id.orig_p'))}", "${text(get('id.resp_p'))}" are not valid`;
  if (proto === 1 || proto === 58) {
    const type = srcPort & 0xff;
    const code = icmpCounterpart(proto, type) === dstPort ? 0 : dstPort & 0xff;
    srcPort = 0;
    dstPort = type * 256 + code;
  }

  const packets = count(get, 'orig_pkts') ?? 0;
  const revPackets = count(get, 'resp_pkts') ?? 0;
  const bytes = count(get, 'orig_ip_bytes') ?? count(get, 'orig_bytes') ?? 0;
  const revBytes = count(get, 'resp_ip_bytes') ?? count(get, 'resp_bytes') ?? 0;
  if ([packets, revPackets, bytes, revBytes].some(Number.isNaN)) return 'a packet or byte count is not a number';

  const record: FlowRecord = { recordNo, startMs, endMs: startMs + durationMs, srcIp, dstIp, srcPort, dstPort, proto, packets, bytes };
  if (revPackets > 0 || revBytes > 0) {
    record.revPackets = revPackets;
    record.revBytes = revBytes;
  }
  if (proto === 6) {
    const flags = zeekTcpFlags(text(get('history')), text(get('conn_state')));
    if (flags !== undefined) {
      record.tcpFlags = flags[0];
      if (flags[1] !== 0) record.revTcpFlags = flags[1];
    }
  }
  return record;
}
