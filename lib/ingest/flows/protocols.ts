// IP protocol names → IANA numbers. nfdump ≤ 1.7.4 prints names from its own table
// (phaag/nfdump `output_util.c` protoList: index = number, e.g. "ICMP6" = 58, "UDP-L" = 136)
// and numbers for anything past it, left-justified in 5 columns ("%-5i", so "200  ").
// Zeek and AWS use lower-case names or numbers. Lookup is case-insensitive, first index wins
// for the two names nfdump lists twice (IPIP 4/94, IDPR 35/38), as its ProtoNum() does.
const NFDUMP_PROTOCOLS = [
  '0',
  'ICMP',
  'IGMP',
  'GGP',
  'IPIP',
  'ST',
  'TCP',
  'CBT',
  'EGP',
  'IGP',
  'BBN',
  'NVPII',
  'PUP',
  'ARGUS',
  'ENCOM',
  'XNET',
  'CHAOS',
  'UDP',
  'MUX',
  'DCN',
  'HMP',
  'PRM',
  'XNS',
  'Trnk1',
  'Trnk2',
  'Leaf1',
  'Leaf2',
  'RDP',
  'IRTP',
  'ISO-4',
  'NETBK',
  'MFESP',
  'MEINP',
  'DCCP',
  '3PC',
  'IDPR',
  'XTP',
  'DDP',
  'IDPR',
  'TP++',
  'IL',
  'IPv6',
  'SDRP',
  'Rte6',
  'Frag6',
  'IDRP',
  'RSVP',
  'GRE',
  'MHRP',
  'BNA',
  'ESP',
  'AH',
  'INLSP',
  'SWIPE',
  'NARP',
  'MOBIL',
  'TLSP',
  'SKIP',
  'ICMP6',
  'NOHE6',
  'OPTS6',
  'HOST',
  'CFTP',
  'NET',
  'SATNT',
  'KLAN',
  'RVD',
  'IPPC',
  'FS',
  'SATM',
  'VISA',
  'IPCV',
  'CPNX',
  'CPHB',
  'WSN',
  'PVP',
  'BSATM',
  'SUNND',
  'WBMON',
  'WBEXP',
  'ISOIP',
  'VMTP',
  'SVMTP',
  'VINES',
  'TTP',
  'NSIGP',
  'DGP',
  'TCF',
  'EIGRP',
  'OSPF',
  'S-RPC',
  'LARP',
  'MTP',
  'AX.25',
  'IPIP',
  'MICP',
  'SCCSP',
  'ETHIP',
  'ENCAP',
  '99',
  'GMTP',
  'IFMP',
  'PNNI',
  'PIM',
  'ARIS',
  'SCPS',
  'QNX',
  'A/N',
  'IPcmp',
  'SNP',
  'CpqPP',
  'IPXIP',
  'VRRP',
  'PGM',
  '0hop',
  'L2TP',
  'DDX',
  'IATP',
  'STP',
  'SRP',
  'UTI',
  'SMP',
  'SM',
  'PTP',
  'ISIS4',
  'FIRE',
  'CRTP',
  'CRUDP',
  '128',
  'IPLT',
  'SPS',
  'PIPE',
  'SCTP',
  'FC',
  '134',
  'MHEAD',
  'UDP-L',
  'MPLS',
];

const BY_NAME = new Map<string, number>();
NFDUMP_PROTOCOLS.forEach((name, number) => {
  const key = name.toUpperCase();
  if (!BY_NAME.has(key)) BY_NAME.set(key, number);
});
// Spellings used by Zeek (`icmp` for both ICMP and ICMPv6: see zeek-conn.ts), Suricata, AWS docs.
for (const [name, number] of [
  ['IPV6-ICMP', 58],
  ['ICMPV6', 58],
  ['IPV4', 4],
  ['UDPLITE', 136],
] as const) {
  BY_NAME.set(name, number);
}

/** IANA protocol number for a name or number text (blanks trimmed); NaN if unknown. */
export function protocolNumber(text: string): number {
  const t = text.trim();
  if (t === 'TCP' || t === 'tcp') return 6;
  if (t === 'UDP' || t === 'udp') return 17;
  const first = t.charCodeAt(0);
  if (first >= 48 && first <= 57 && t.length <= 3) {
    let n = 0;
    let i = 0;
    for (; i < t.length; i++) {
      const d = t.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === t.length) return n <= 255 ? n : Number.NaN; // else a name such as "3PC"
  }
  return BY_NAME.get(t.toUpperCase()) ?? Number.NaN;
}
