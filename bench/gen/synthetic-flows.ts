// N synthetic flow records, streamed to disk in the two flow formats of the product's own
// generator (lib/generate writers): nfdump 1.7 legacy CSV and IPFIX datagrams in pcap. The
// traffic mix is a plausible enterprise edge: 500 internal hosts, 20 000 internet peers with a
// skewed popularity, HTTPS-heavy TCP, DNS/NTP over UDP, a little ICMP, spread over 7 days in
// start-time order, unidirectional records (requests and their answers) as a collector emits.
import type { FlowOut, FlowWriter } from '../../lib/generate/flow-sink';
import { IpfixPcapWriter } from '../../lib/generate/ipfix-pcap';
import { NfdumpCsvWriter } from '../../lib/generate/nfdump-csv';
import { Rng } from '../../lib/generate/prng';

export const PERIOD_START_MS = Date.parse('2026-03-02T00:00:00Z');
export const PERIOD_MS = 7 * 24 * 3_600_000;
const BATCH = 10_000;

const TCP_PORTS = [443, 443, 443, 443, 443, 80, 80, 22, 25, 993, 8080, 3389, 445];
const FIN = 1;
const SYN = 2;
const RST = 4;
const PSH = 8;
const ACK = 16;

function internalIp(i: number): string {
  return `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

function externalIp(i: number): string {
  return `${[23, 52, 104, 151, 185, 198][i % 6]}.${(i >> 3) & 255}.${(i * 7) & 255}.${(i % 250) + 1}`;
}

/** Yields the records in batches (start-time order), so only one batch is ever in memory. */
export function* syntheticFlows(n: number, seed = 7): Generator<FlowOut[]> {
  const rng = new Rng(seed, 'bench-flows');
  const step = PERIOD_MS / n;
  let batch: FlowOut[] = [];
  for (let k = 0; k < n; k++) {
    const startMs = Math.floor(PERIOD_START_MS + k * step);
    const host = internalIp(rng.int(0, 499));
    // Popularity: a quarter of the traffic goes to 50 peers (CDNs, SaaS), the rest spreads out.
    const peer = externalIp(rng.chance(0.25) ? rng.int(0, 49) : rng.int(0, 19_999));
    const kind = rng.next();
    let proto = 6;
    let dport: number;
    let flags = 0;
    let pkts: number;
    let bytes: number;
    if (kind < 0.7) {
      dport = TCP_PORTS[rng.int(0, TCP_PORTS.length - 1)] as number;
      const shape = rng.next();
      flags = shape < 0.85 ? FIN | SYN | PSH | ACK : shape < 0.95 ? SYN : RST | ACK;
      pkts = flags === SYN ? rng.int(1, 3) : rng.int(4, 400);
      bytes = pkts * rng.int(52, 1400);
    } else if (kind < 0.97) {
      proto = 17;
      dport = rng.chance(0.8) ? 53 : 123;
      pkts = rng.int(1, 2);
      bytes = pkts * rng.int(60, 300);
    } else {
      proto = 1;
      dport = 0;
      pkts = rng.int(1, 10);
      bytes = pkts * 84;
    }
    const sport = proto === 1 ? 0 : rng.int(32_768, 60_999);
    const endMs = startMs + (pkts <= 2 ? 0 : rng.int(0, 120_000));
    // Half the records are the answers: same conversation, reversed.
    const isReply = rng.chance(0.5);
    const rec: FlowOut = isReply
      ? { startMs, endMs, src: peer, dst: host, sport: dport, dport: sport, proto, flags, pkts, bytes, receivedMs: endMs + 15_000, seq: k, step: undefined }
      : { startMs, endMs, src: host, dst: peer, sport, dport, proto, flags, pkts, bytes, receivedMs: endMs + 15_000, seq: k, step: undefined };
    batch.push(rec);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function writeWith(writer: FlowWriter, n: number): Promise<void> {
  let i = 0;
  for (const batch of syntheticFlows(n)) {
    writer.write(batch);
    // Let the event loop breathe (and the GC collect) between batches.
    if (++i % 20 === 0) await new Promise<void>((r) => setImmediate(r));
  }
  writer.close();
}

export async function writeNfdumpCsv(file: string, n: number): Promise<void> {
  await writeWith(new NfdumpCsvWriter(file), n);
}

export async function writeIpfixPcap(file: string, n: number): Promise<void> {
  const w = new IpfixPcapWriter(file, {
    exporterIp: '10.1.255.1',
    collectorIp: '10.1.255.10',
    sampling: 1,
    activeTimeoutMs: 120_000,
    ifIndexOf: (ip) => (ip.startsWith('10.') ? 3 : 1),
  });
  await writeWith(w, n);
}
