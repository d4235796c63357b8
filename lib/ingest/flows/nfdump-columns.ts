// nfdump CSV header names and what Sightline takes from them. Sources (phaag/nfdump):
// legacy `-o csv` (≤ 1.7.4, also 1.6.x): fixed header in src/output/output_csv.c (v1.7.4) and
// bin/output_csv.c (v1.6.25); 1.7.5+: `-o csv` prints the header of the format
// `%ts,%td,%pr,%sa,%sp,%da,%dp,%pkt,%byt,%fl`, with names from formatTable[].csvHeader, and
// `-o csv-fast` a fixed header (src/output/output_csv_fast.c). Columns are found by name.

export type Role =
  | 'start'
  | 'end'
  | 'duration'
  | 'srcIp'
  | 'dstIp'
  | 'srcPort'
  | 'dstPort'
  | 'proto'
  | 'flags'
  | 'packets'
  | 'bytes'
  | 'revPackets'
  | 'revBytes'
  | 'exporter';

/**
 * Legacy short names and 1.7.5+ long names. `pkt`/`byt` and `ipkt`/`ibyt` are the same counter
 * (String_InPackets/String_InBytes). In legacy output `opkt`/`obyt` are only non-zero for
 * bidirectional sources (NSEL, IPFIX biflow), so they become rev* only when non-zero.
 * `ra`/`routerIP` is the exporter's address. Note `%ts`, `%tsr` and `%tsg` all print the header
 * `firstSeen`: the column's *values* say whether it is local text, GMT text or epoch seconds.
 */
export const ROLE_OF_COLUMN: Readonly<Record<string, Role>> = {
  ts: 'start',
  firstSeen: 'start',
  te: 'end',
  lastSeen: 'end',
  td: 'duration',
  duration: 'duration',
  sa: 'srcIp',
  srcAddr: 'srcIp',
  da: 'dstIp',
  dstAddr: 'dstIp',
  sp: 'srcPort',
  srcPort: 'srcPort',
  dp: 'dstPort',
  dstPort: 'dstPort',
  pr: 'proto',
  proto: 'proto',
  flg: 'flags',
  flags: 'flags',
  ipkt: 'packets',
  packets: 'packets',
  inPackets: 'packets',
  ibyt: 'bytes',
  bytes: 'bytes',
  inBytes: 'bytes',
  opkt: 'revPackets',
  outPackets: 'revPackets',
  obyt: 'revBytes',
  outBytes: 'revBytes',
  ra: 'exporter',
  routerIP: 'exporter',
};

export const LEGACY_PREFIX = 'ts,te,td,sa,da,sp,dp,pr';
export const CSV_175_HEADER = 'firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows';
export const CSV_FAST_HEADER = 'cnt,af,firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,dstPort,srcAS,dstAS,input,output,flags,srcTos,packets,bytes';

/** Every csvHeader of nfdump's token table (1.7.5+), for recognising custom `-o "csv:%…"` headers. */
const TOKEN_TABLE_NAMES =
  'version count Ident engine exporterID firstSeen lastSeen received duration packets inPackets bytes inBytes ' +
  'srcPort dstPort icmpTYpe icmpCode proto flags fwdStatus tos srcTos bps pps bpp srcAddr dstAddr input output ' +
  'srcMask dstMask direction dstTos biDirection endReason srcNet dstNet inIfName outIfName outPackets outBytes ' +
  'flows srcVlan dstVlan srcAS dstAS bgpNextIP nextIP routerIP mplsLabel1-10 inSrcMac outDstMac inDstMac ' +
  'outSrcMac nextAS prevAS clientLatency serverLatency appLatency eventTime event connectionID xEvent srcXIP ' +
  'dstXIP srcXPort dstXPort ingressACL egressACL nselUser pbStart pbEnd pbStep pbSize nbarID nbarName ' +
  'obsDomainID obsPointID ingressVrfID ingressVrfName egressVrfID egressVrfName pfInterface pfAction pfReason ' +
  'pfDirection pfRule flowID inSrvID outSrvID natString ja3 ja4 sniName tlsVersion srcGeo dstGeo srcLocation ' +
  'dstLocation srcOrg dstOrg srcTor dstTor label minTTL maxTTL Frag cnt af';

const KNOWN_NAMES = new Set([...TOKEN_TABLE_NAMES.split(' '), ...Array.from({ length: 10 }, (_, i) => `mplsLabel${i + 1}`)]);

export type Dialect = 'legacy' | 'csv-1.7.5' | 'csv-fast' | 'custom';

export interface Layout {
  dialect: Dialect;
  header: string;
  count: number;
  /** Column index per role, -1 when absent. */
  col: Record<Role, number>;
}

/** The layout of a header line, or a reason it is not a usable nfdump CSV header. */
export function readHeader(line: string): Layout | string {
  const names = line.split(',').map((name) => name.trim());
  const col = {} as Record<Role, number>;
  for (const role of Object.values(ROLE_OF_COLUMN)) col[role] = -1;
  names.forEach((name, i) => {
    const role = ROLE_OF_COLUMN[name];
    if (role !== undefined && col[role] === -1) col[role] = i; // first wins (`%ts,%tsr` both say firstSeen)
  });
  const missing = (['start', 'srcIp', 'dstIp'] as const).filter((role) => col[role] === -1);
  if (missing.length > 0) return `the header has no ${missing.join(', ')} column (found: ${line.slice(0, 120)})`;
  const dialect: Dialect = line.startsWith(LEGACY_PREFIX) ? 'legacy' : line === CSV_175_HEADER ? 'csv-1.7.5' : line === CSV_FAST_HEADER ? 'csv-fast' : 'custom';
  return { dialect, header: line, count: names.length, col };
}

/** How sure we are that this first line is an nfdump CSV header (0…1). */
export function scoreHeader(line: string): number {
  if (line.startsWith(`${LEGACY_PREFIX},`)) return 0.99;
  if (line === CSV_175_HEADER || line === CSV_FAST_HEADER) return 0.99;
  if (line.includes('\t') || !line.includes(',')) return 0;
  const layout = readHeader(line);
  if (typeof layout === 'string') return 0;
  const names = line.split(',');
  const known = names.filter((name) => KNOWN_NAMES.has(name)).length;
  // Custom `-o "csv:%…"` output uses only token-table names; a foreign CSV that happens to
  // have srcAddr/dstAddr columns is scored below the convincing threshold.
  return known === names.length ? 0.9 : known / names.length >= 0.8 ? 0.6 : 0.2;
}

export function describeDialect(layout: Layout): string {
  switch (layout.dialect) {
    case 'legacy':
      return `nfdump CSV, legacy ${layout.count}-column layout (nfdump ≤ 1.7.4)`;
    case 'csv-1.7.5':
      return 'nfdump CSV, default columns of nfdump ≥ 1.7.5';
    case 'csv-fast':
      return 'nfdump csv-fast (times in epoch ms)';
    default:
      return `nfdump CSV with custom columns (${layout.count})`;
  }
}
