import { afterAll, describe, expect, it } from 'vitest';
import { insertFlows, newAssessment, runDetectors, type TestFlow } from '../../../test/kits/detect';
import { closeDb } from '../../db/client';
import { authBruteforce } from './auth-bruteforce';
import { exploitCallback } from './exploit-callback';
import { ingressTransfer } from './ingress-transfer';

afterAll(closeDb);

const T0 = Date.parse('2024-03-07T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const FULL = 27; // FIN SYN PSH ACK

/** One session as nfdump writes it: two one-way rows. */
function oneWay(f: { s: number; src: string; dst: string; sport: number; dport: number; out: number; back: number; dur?: number }): TestFlow[] {
  const d = f.dur ?? 4;
  return [
    {
      ts: at(f.s),
      durationS: d,
      src: f.src,
      dst: f.dst,
      sport: f.sport,
      dport: f.dport,
      packets: 20,
      bytes: f.out,
      flags: FULL,
    },
    {
      ts: at(f.s),
      durationS: d,
      src: f.dst,
      dst: f.src,
      sport: f.dport,
      dport: f.sport,
      packets: 15,
      bytes: f.back,
      flags: FULL,
    },
  ];
}

describe('network.auth-bruteforce', () => {
  it('finds 30 short SSH sessions stitched from one-way rows, counting each session once', async () => {
    const a = await newAssessment();
    const flows = Array.from({ length: 30 }, (_, i) =>
      oneWay({
        s: i * 20,
        src: '203.0.113.9',
        dst: '10.0.0.5',
        sport: 50000 + i,
        dport: 22,
        out: 3700,
        back: 3100,
      }),
    ).flat();
    const ids = await insertFlows(a, flows);
    const found = await runDetectors(a, [authBruteforce]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      detector: 'network.auth-bruteforce',
      stage: 'exploitation',
      hostIp: '10.0.0.5',
      peer: '203.0.113.9',
      score: 0.6,
    });
    expect(found[0]?.evidenceIds).toHaveLength(60);
    expect(found[0]?.evidenceIds.map(String).sort()).toEqual(ids.map(String).sort());
    expect(found[0]?.summary).toContain('30 short sessions');
  });

  it('reads two-way rows (Zeek) and stays quiet below the threshold or for long sessions', async () => {
    const a = await newAssessment();
    const quick = Array.from(
      { length: 29 },
      (_, i): TestFlow => ({
        ts: at(i * 30),
        src: '203.0.113.9',
        dst: '10.0.0.5',
        dport: 3389,
        bytes: 3000,
        revBytes: 3000,
        revPackets: 10,
      }),
    );
    const long = Array.from(
      { length: 40 },
      (_, i): TestFlow => ({
        ts: at(i * 30),
        durationS: 900,
        src: '10.0.0.7',
        dst: '10.0.0.5',
        dport: 22,
        bytes: 3000,
        revBytes: 3000,
        revPackets: 10,
      }),
    );
    await insertFlows(a, [...quick, ...long]);
    expect(await runDetectors(a, [authBruteforce])).toEqual([]);
    await insertFlows(a, [
      {
        ts: at(900),
        src: '203.0.113.9',
        dst: '10.0.0.5',
        dport: 3389,
        bytes: 3000,
        revBytes: 3000,
        revPackets: 10,
      },
    ]);
    const found = await runDetectors(a, [authBruteforce]);
    expect(found.map((d) => [d.hostIp, d.peer])).toEqual([['10.0.0.5', '203.0.113.9']]);
  });
});

describe('network.exploit-callback and network.ingress-transfer', () => {
  it('finds the Log4Shell shape: inbound :8080, then new connections back to the same peer', async () => {
    const a = await newAssessment();
    await insertFlows(a, [
      ...oneWay({
        s: 0,
        src: '192.168.2.6',
        dst: '192.168.2.5',
        sport: 38782,
        dport: 8080,
        out: 549,
        back: 700,
      }),
      ...oneWay({
        s: 1,
        src: '192.168.2.5',
        dst: '192.168.2.6',
        sport: 41696,
        dport: 1389,
        out: 657,
        back: 500,
      }),
      ...oneWay({
        s: 1,
        src: '192.168.2.5',
        dst: '192.168.2.6',
        sport: 41878,
        dport: 8888,
        out: 590,
        back: 250_000,
      }),
      ...oneWay({
        s: 2,
        src: '192.168.2.5',
        dst: '192.168.2.6',
        sport: 39634,
        dport: 443,
        out: 867,
        back: 900,
        dur: 11,
      }),
    ]);
    const found = await runDetectors(a, [exploitCallback, ingressTransfer]);
    expect(found.map((d) => [d.detector, d.hostIp, d.peer, d.severity])).toEqual([
      ['network.exploit-callback', '192.168.2.5', '192.168.2.6', 'high'],
      ['network.ingress-transfer', '192.168.2.5', '192.168.2.6', 'high'],
    ]);
    expect(found[0]?.summary).toContain('1389, 443, 8888');
    expect(found[0]?.evidenceIds).toHaveLength(8);
  });

  it('stays quiet for two mail servers exchanging mail both ways on :25 (RFC 5321 relaying), and still fires on a callback to another port', async () => {
    const a = await newAssessment();
    await insertFlows(a, [
      ...oneWay({ s: 0, src: '203.0.113.33', dst: '10.20.1.11', sport: 51_000, dport: 25, out: 30_000, back: 1_100 }),
      ...oneWay({ s: 90, src: '10.20.1.11', dst: '203.0.113.33', sport: 40_122, dport: 25, out: 24_000, back: 900 }),
    ]);
    expect(await runDetectors(a, [exploitCallback])).toEqual([]);
    const b = await newAssessment();
    await insertFlows(b, [
      ...oneWay({ s: 0, src: '203.0.113.33', dst: '10.20.1.11', sport: 51_000, dport: 25, out: 30_000, back: 1_100 }),
      ...oneWay({ s: 90, src: '10.20.1.11', dst: '203.0.113.33', sport: 40_122, dport: 4444, out: 24_000, back: 900 }),
    ]);
    expect((await runDetectors(b, [exploitCallback])).map((d) => [d.hostIp, d.peer, d.severity])).toEqual([['10.20.1.11', '203.0.113.33', 'high']]);
  });

  // Issue 22 §3: ICMP carries type·256 + code where the port goes (echo request 2048, echo
  // reply 0), and some records carry port 0. A ping to a server and the server's later first
  // outbound connection are no exploit and its callback; the same server's TCP request and
  // callback still are. Unsampled and as a 1-in-10 sampled export stores them (counters × 10).
  for (const n of [1, 10]) {
    const icmp = (s: number, src: string, dst: string, dport: number): TestFlow => ({
      ts: at(s),
      durationS: 1,
      src,
      dst,
      sport: 0,
      dport,
      proto: 1,
      packets: n,
      bytes: 84 * n,
      revBytes: null,
      revPackets: null,
      flags: null,
      sampling: n,
    });
    const tcp = (f: Parameters<typeof oneWay>[0]): TestFlow[] =>
      oneWay(f).map((r) => ({ ...r, packets: (r.packets ?? 1) * n, bytes: (r.bytes ?? 0) * n, sampling: n }));
    // An hour of history first, so that "first ever external connection" can count.
    const history = (): TestFlow[] => tcp({ s: 0, src: '10.20.1.30', dst: '10.20.1.11', sport: 44_000, dport: 22, out: 3_000, back: 4_000 });
    // Each look-alike alone, as the exporter writes it (nfdump/IPFIX: ICMP type·256 + code in the
    // destination port, source port 0).
    const lookalikes: [string, TestFlow[]][] = [
      ['the peer pings the server', [icmp(4_000, '203.0.113.70', '10.20.1.11', 2048), icmp(4_000, '10.20.1.11', '203.0.113.70', 0)]],
      // The reply alone is a record "to port 0" of the server (the case of issue 22's evaluation).
      ['the server pings the peer', [icmp(4_000, '10.20.1.11', '203.0.113.70', 2048), icmp(4_000, '203.0.113.70', '10.20.1.11', 0)]],
      ['an echo reply whose request was not sampled', [icmp(4_000, '203.0.113.70', '10.20.1.11', 0)]],
      ['an ICMPv6 echo reply', [{ ...icmp(4_000, '2001:db8::70', '10.20.1.11', 0), proto: 58 }]],
      ['a TCP record to port 0', [{ ...icmp(4_000, '203.0.113.70', '10.20.1.11', 0), sport: 51_000, proto: 6, packets: 4 * n, flags: 24 }]],
      ['a GRE record (port 0)', [{ ...icmp(4_000, '203.0.113.70', '10.20.1.11', 0), proto: 47, packets: 40 * n, bytes: 40_000 * n }]],
    ];
    const callout = (peer = '203.0.113.70'): TestFlow[] => [
      ...tcp({ s: 4_030, src: '10.20.1.11', dst: peer, sport: 41_000, dport: 4444, out: 5_000, back: 700 }),
      ...tcp({ s: 4_040, src: '10.20.1.11', dst: '192.0.2.80', sport: 41_002, dport: 8443, out: 5_000, back: 700 }),
    ];

    for (const [what, rows] of lookalikes) {
      it(`stays quiet when ${what} before the server's first outbound connections, 1 in ${n}`, async () => {
        const a = await newAssessment();
        await insertFlows(a, [...history(), ...rows, ...callout(rows[0]?.src === '10.20.1.11' ? rows[0].dst : rows[0]?.src)]);
        expect(await runDetectors(a, [exploitCallback])).toEqual([]);
      });
    }

    it(`does not take the server's ping back to a peer after a TCP request for a callback, 1 in ${n}`, async () => {
      const a = await newAssessment();
      await insertFlows(a, [
        ...history(),
        ...tcp({ s: 4_000, src: '203.0.113.70', dst: '10.20.1.11', sport: 51_000, dport: 8080, out: 900, back: 600 }),
        icmp(4_010, '10.20.1.11', '203.0.113.70', 2048),
        icmp(4_010, '203.0.113.70', '10.20.1.11', 0),
      ]);
      expect(await runDetectors(a, [exploitCallback])).toEqual([]);
    });

    it(`still fires on the TCP request to a service followed by the callback, pings around it or not, 1 in ${n}`, async () => {
      const a = await newAssessment();
      await insertFlows(a, [
        ...history(),
        ...lookalikes.flatMap(([, rows]) => rows),
        ...tcp({ s: 4_020, src: '203.0.113.70', dst: '10.20.1.11', sport: 51_000, dport: 8080, out: 900, back: 600 }),
        ...callout(),
      ]);
      const found = await runDetectors(a, [exploitCallback]);
      expect(found.map((d) => [d.hostIp, d.peer, d.severity])).toEqual([['10.20.1.11', '203.0.113.70', 'high']]);
      expect(found[0]?.summary).toBe('203.0.113.70 connected to 10.20.1.11:8080, then 10.20.1.11 opened new connections back to 203.0.113.70 on port(s) 4444');
    });
  }

  it('stays quiet for a web server that already talks to the same API before and after requests', async () => {
    const a = await newAssessment();
    await insertFlows(a, [
      {
        ts: at(0),
        src: '10.0.0.5',
        dst: '93.184.216.34',
        dport: 443,
        bytes: 800,
        revBytes: 5000,
        revPackets: 8,
      },
      {
        ts: at(100),
        src: '198.51.100.20',
        dst: '10.0.0.5',
        dport: 443,
        bytes: 900,
        revBytes: 20000,
        revPackets: 20,
      },
      {
        ts: at(110),
        src: '10.0.0.5',
        dst: '93.184.216.34',
        dport: 443,
        bytes: 800,
        revBytes: 5000,
        revPackets: 8,
      },
    ]);
    expect(await runDetectors(a, [exploitCallback, ingressTransfer])).toEqual([]);
  });
});
