import { afterAll, describe, expect, it } from 'vitest';
import { insertFlows, newAssessment, runDetectors, type TestFlow } from '../../../test/kits/detect';
import { closeDb } from '../../db/client';
import { beaconing } from './beaconing';
import { chunkedTransfer } from './chunked-transfer';
import { exfilRatio } from './exfil-ratio';
import { largeOutbound } from './large-outbound';
import { longConnection } from './long-connection';

afterAll(closeDb);

const T0 = Date.parse('2024-03-07T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const _SYN = 2;
const _SYNACK = 18;
const _ACKRST = 20;
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

describe('network.beaconing', () => {
  it('scores a regular 5-minute beacon over a day high and a one-off burst not at all', async () => {
    const a = await newAssessment();
    const beacon = Array.from(
      { length: 288 },
      (_, i): TestFlow => ({
        ts: at(i * 300 + (i % 3)),
        src: '10.0.0.9',
        dst: '203.0.113.50',
        dport: 443,
        bytes: 1200 + (i % 2),
        revBytes: 400,
        revPackets: 4,
      }),
    );
    const browse = Array.from(
      { length: 20 },
      (_, i): TestFlow => ({
        ts: at(i * i * 37),
        src: '10.0.0.9',
        dst: '198.51.100.3',
        dport: 443,
        bytes: 500 + i * 997,
        revBytes: 90000,
        revPackets: 80,
      }),
    );
    await insertFlows(a, [...beacon, ...browse]);
    const found = await runDetectors(a, [beaconing]);
    expect(found.map((d) => [d.hostIp, d.peer])).toEqual([['10.0.0.9', '203.0.113.50']]);
    expect(found[0]?.score).toBeGreaterThanOrEqual(0.9);
    expect(found[0]?.severity).toBe('high');
    expect(found[0]?.evidenceIds).toHaveLength(288);
  });
});

describe('network.long-connection', () => {
  it('joins records cut at the active timeout and bands by RITA thresholds', async () => {
    const a = await newAssessment();
    const parts = Array.from(
      { length: 10 },
      (_, i): TestFlow => ({
        ts: at(i * 1800),
        durationS: 1800,
        src: '10.0.0.4',
        dst: '203.0.113.77',
        sport: 51000,
        dport: 4444,
        bytes: 1e5,
      }),
    );
    const short = [
      {
        ts: at(0),
        durationS: 1200,
        src: '10.0.0.4',
        dst: '203.0.113.78',
        sport: 51001,
        dport: 443,
      },
    ];
    await insertFlows(a, [...parts, ...short]);
    const found = await runDetectors(a, [longConnection]);
    expect(found.map((d) => [d.peer, d.score, d.severity])).toEqual([['203.0.113.77', 0.65, 'low']]);
    expect(found[0]?.summary).toContain('open for 5.0 h');
  });
});

describe('exfiltration detectors', () => {
  it('PCR and volume on stitched one-way rows; chunked same-size uploads; downloads stay quiet', async () => {
    const a = await newAssessment();
    const up = Array.from({ length: 6 }, (_, i) =>
      oneWay({
        s: i * 120,
        src: '10.0.0.8',
        dst: '203.0.113.60',
        sport: 52000 + i,
        dport: 443,
        out: 5_000_000 + i * 1000,
        back: 20_000,
      }),
    ).flat();
    const down = oneWay({
      s: 0,
      src: '10.0.0.8',
      dst: '198.51.100.61',
      sport: 53000,
      dport: 443,
      out: 30_000,
      back: 80_000_000,
    });
    await insertFlows(a, [...up, ...down]);
    const found = await runDetectors(a, [exfilRatio, largeOutbound, chunkedTransfer]);
    expect(found.map((d) => [d.detector, d.hostIp, d.peer])).toEqual([
      ['network.chunked-transfer', '10.0.0.8', '203.0.113.60'],
      ['network.exfil-ratio', '10.0.0.8', '203.0.113.60'],
      ['network.large-outbound', '10.0.0.8', '203.0.113.60'],
    ]);
    expect(found[1]?.summary).toContain('PCR 0.99');
    expect(found[2]?.summary).toContain('sent 30.0 MB');
    expect(found[2]?.evidenceIds).toHaveLength(12);
  });
});
