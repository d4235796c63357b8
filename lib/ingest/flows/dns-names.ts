// Names and codes of DNS as the sensors write them. The registered domain (eTLD+1) is read
// with the Public Suffix List through `tldts` (its list is compiled in: no file, no network),
// so `a.b.example.co.uk` → `example.co.uk` and `x.s3.amazonaws.com` → `amazonaws.com`.
import { getDomain } from 'tldts';

/** The query name as stored: lower-case, without the root's trailing dot. */
export function normalizeQueryName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.') && n.length > 1 ? n.slice(0, -1) : n;
}

/** The registered domain (eTLD+1) of a name, or undefined (an address, a bare suffix, a single label). */
export function registeredDomain(name: string): string | undefined {
  if (name === '' || !name.includes('.')) return undefined;
  return getDomain(name, { validateHostname: false, allowPrivateDomains: false }) ?? undefined;
}

/** IANA DNS RR types by number (the ones sensors name; others become `TYPEn`, RFC 3597). */
const QTYPES: Record<number, string> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  10: 'NULL',
  12: 'PTR',
  13: 'HINFO',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  35: 'NAPTR',
  43: 'DS',
  48: 'DNSKEY',
  64: 'SVCB',
  65: 'HTTPS',
  99: 'SPF',
  255: 'ANY',
  257: 'CAA',
};

/** A query type as a mnemonic: the sensor's name when it gave one, else from the number. */
export function qtypeName(name: unknown, num: unknown): string | undefined {
  if (typeof name === 'string' && /^[A-Za-z0-9_-]{1,20}$/.test(name)) return name.toUpperCase();
  const n = typeof num === 'number' ? num : typeof num === 'string' && /^\d{1,5}$/.test(num) ? Number(num) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) return undefined;
  return QTYPES[n] ?? `TYPE${n}`;
}

const RCODES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

/** A response code as a mnemonic (RFC 1035 names), or undefined when none was seen. */
export function rcodeName(name: unknown, num: unknown): string | undefined {
  if (typeof name === 'string' && /^[A-Za-z0-9_-]{1,20}$/.test(name)) return name.toUpperCase();
  const n = typeof num === 'number' ? num : typeof num === 'string' && /^\d{1,4}$/.test(num) ? Number(num) : Number.NaN;
  if (!Number.isInteger(n) || n < 0) return undefined;
  return RCODES[n] ?? `RCODE${n}`;
}

/** Addresses kept of one answer at most (a round-robin name lists a handful; the rest adds nothing). */
export const MAX_ANSWER_IPS = 32;

/** The IPv4/IPv6 addresses among an answer's records (names, TXT strings and the like are left out). */
export function answerAddresses(values: readonly unknown[], normalize: (s: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string' || v.length > 45) continue;
    const ip = normalize(v.trim());
    if (ip !== undefined && !out.includes(ip)) out.push(ip);
    if (out.length >= MAX_ANSWER_IPS) break;
  }
  return out;
}
