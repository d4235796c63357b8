// Suricata EVE `dns` events → DNS query records (lib/records: DnsQueryRecord), the same records as
// Zeek dns.log's, for the DNS-tunnel detector. Three layouts (docs.suricata.io, "Eve JSON Format"):
// * version 1 (Suricata ≤ 4, or `version: 1`): `{"type":"query","id":…,"rrname":…,"rrtype":…}`,
//   then one `{"type":"answer","id":…,"rcode":…}` event per answer record;
// * version 2 (Suricata 5–7): queries as above, one answer event with `rcode` and `answers: […]`;
// * version 3 (Suricata 8): `{"type":"request"|"response","queries":[{rrname, rrtype}],"answers":[…]}`.
// A query is held until its answer (same flow_id, or same address pair and ports, and same DNS id)
// is folded in, or until it is `HOLD_LINES` lines old (flat memory; the result does not depend on
// how the file was cut into chunks, only on its lines). Answers whose query was not logged are
// counted in a note, not stored: a sensor set to log answers only is said so.
import type { DnsQueryRecord } from '../../records/records';
import { normalizeIp } from './address-text';
import { answerAddresses, MAX_ANSWER_IPS, normalizeQueryName, registeredDomain } from './dns-names';
import { parseTimestamp } from './flow-fields';
import type { ZoneClock } from './zone-time';

type Entry = Record<string, unknown>;

/** Lines a query waits for its answer before it is stored without one. */
export const HOLD_LINES = 2000;

const obj = (v: unknown): Entry | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Entry) : undefined);
const port = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535 ? v : undefined);
const name = (v: unknown): string | undefined => (typeof v === 'string' && /^[A-Za-z0-9_-]{1,20}$/.test(v) ? v.toUpperCase() : undefined);

export class EveDnsFolder {
  private readonly held = new Map<string, DnsQueryRecord>();
  private out: DnsQueryRecord[] = [];
  private orphanAnswers = 0;
  readonly invalid: { line: number; reason: string }[] = [];

  constructor(private readonly clock: ZoneClock) {}

  /** The key pairing a query with its answer: flow and DNS id (addresses and ports without a flow_id). */
  private key(e: Entry, dns: Entry, answer: boolean): string {
    const id = typeof dns.id === 'number' ? dns.id : -1;
    if (typeof e.flow_id === 'number' || typeof e.flow_id === 'string') return `f${e.flow_id}|${id}`;
    const a = `${String(e.src_ip)}:${String(e.src_port)}`;
    const b = `${String(e.dest_ip)}:${String(e.dest_port)}`;
    return `${answer ? `${b}>${a}` : `${a}>${b}`}|${id}`;
  }

  /** One `dns` event at `lineNo`; returns an error reason when the event cannot be read. */
  event(e: Entry, lineNo: number): string | undefined {
    this.expire(lineNo);
    const dns = obj(e.dns);
    if (dns === undefined) return 'dns event without its "dns" object';
    const type = dns.type;
    if (type === 'query' || type === 'request') {
      const queries = Array.isArray(dns.queries) ? dns.queries.map(obj) : [dns];
      const q = queries[0];
      if (q === undefined || typeof q.rrname !== 'string' || q.rrname.trim() === '') return 'dns query without "rrname"';
      const tsMs = typeof e.timestamp === 'string' ? parseTimestamp(e.timestamp, 0, e.timestamp.length, this.clock) : Number.NaN;
      if (!Number.isFinite(tsMs)) return `timestamp ${JSON.stringify(e.timestamp) ?? 'missing'} is not valid`;
      const clientIp = typeof e.src_ip === 'string' ? normalizeIp(e.src_ip) : undefined;
      const resolverIp = typeof e.dest_ip === 'string' ? normalizeIp(e.dest_ip) : undefined;
      if (clientIp === undefined || resolverIp === undefined) return 'src_ip or dest_ip is not an address';
      const query = normalizeQueryName(q.rrname);
      const record: DnsQueryRecord = { lineNo, tsMs, clientIp, resolverIp, query };
      const cp = port(e.src_port);
      const rp = port(e.dest_port);
      if (cp !== undefined) record.clientPort = cp;
      if (rp !== undefined) record.resolverPort = rp;
      const domain = registeredDomain(query);
      if (domain !== undefined) record.registeredDomain = domain;
      const qtype = name(q.rrtype);
      if (qtype !== undefined) record.qtype = qtype;
      const key = this.key(e, dns, false);
      const earlier = this.held.get(key);
      if (earlier !== undefined) {
        // The same transaction asked again (a retry, or v1's one event per question): keep the first.
        this.held.delete(key);
        this.out.push(earlier);
      }
      this.held.set(key, record);
      return undefined;
    }
    if (type === 'answer' || type === 'response') {
      const q = this.held.get(this.key(e, dns, true)) ?? this.held.get(this.key(e, dns, false));
      if (q === undefined) {
        this.orphanAnswers++;
        return undefined;
      }
      const rcode = name(dns.rcode);
      if (rcode !== undefined) q.rcode = rcode;
      let rdata: unknown[] = [];
      if (Array.isArray(dns.answers)) {
        q.answers = (q.answers ?? 0) + dns.answers.length;
        rdata = dns.answers.map((x) => obj(x)?.rdata);
      } else if (dns.rdata !== undefined || dns.rrtype !== undefined) {
        q.answers = (q.answers ?? 0) + (dns.rdata !== undefined ? 1 : 0);
        rdata = [dns.rdata];
      } else if (q.answers === undefined && rcode !== undefined) q.answers = 0;
      const ips = answerAddresses(rdata, normalizeIp);
      if (ips.length > 0) q.answerIps = [...new Set([...(q.answerIps ?? []), ...ips])].slice(0, MAX_ANSWER_IPS);
      return undefined;
    }
    return `dns event of type ${JSON.stringify(type) ?? 'missing'}`;
  }

  /** Queries older than HOLD_LINES lines go out (in line order: the map keeps insertion order). */
  private expire(lineNo: number): void {
    for (const [key, q] of this.held) {
      if (lineNo - q.lineNo < HOLD_LINES) break;
      this.held.delete(key);
      this.out.push(q);
    }
  }

  /** What is ready (in the order it became ready: the same however the file was cut). */
  take(): DnsQueryRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Everything still held, at the end of the file. */
  end(): DnsQueryRecord[] {
    for (const q of this.held.values()) this.out.push(q);
    this.held.clear();
    return this.take();
  }

  notes(): string[] {
    return this.orphanAnswers > 0
      ? [`${this.orphanAnswers} Suricata DNS answer event(s) without their query (the sensor logged answers only?): counted, not stored`]
      : [];
  }
}
