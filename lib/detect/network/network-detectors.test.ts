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
