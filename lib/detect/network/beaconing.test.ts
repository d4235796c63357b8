// Beaconing: RITA's score under jitter, dense bursts, proxies, pollers; the same answer from
// one-way (nfdump) and two-way (IPFIX biflow / Zeek) rows; the recorded webshop beacon.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertFlows, newAssessment, runDetectors, type TestFlow } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb } from '../../db/client';
import { runIngest } from '../../pipeline';
import { bestBurst } from './beacon-score';
import { beaconing } from './beaconing';

afterAll(closeDb);

const T0 = Date.parse('2024-03-07T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const FULL = 27;

/** A deterministic jitter in [-1, 1). */
const jitter = (i: number) => ((i * 7919) % 1000) / 500 - 1;

type Shape = 'one-way' | 'two-way';
function conn(shape: Shape, s: number, src: string, dst: string, dport: number, out: number, back: number, sport: number): TestFlow[] {
  const f: TestFlow = { ts: at(s), durationS: 0.2, src, dst, sport, dport, packets: 6, bytes: out, flags: FULL };
  if (shape === 'two-way') return [{ ...f, revPackets: 5, revBytes: back, revFlags: FULL }];
  return [f, { ts: at(s), durationS: 0.2, src: dst, dst: src, sport: dport, dport: sport, packets: 5, bytes: back, flags: FULL }];
}

describe('bestBurst', () => {
  it('finds 30 connections 5–15 s apart and refuses a 2 s or 90 s cadence', () => {
    const times = Array.from({ length: 30 }, (_, i) => i * 10 + 5 * jitter(i));
    const b = bestBurst(
      times,
      times.map(() => 490),
      { minConnections: 20, minInterval: 5, maxInterval: 60, windowSeconds: 900 },
    );
    expect(b?.connections).toBe(30);
    expect(b?.score).toBeGreaterThan(0.8);
    const fast = Array.from({ length: 30 }, (_, i) => i * 2);
    expect(bestBurst(fast, fast, { minConnections: 20, minInterval: 5, maxInterval: 60, windowSeconds: 900 })).toBeNull();
    const slow = Array.from({ length: 30 }, (_, i) => i * 90);
    expect(bestBurst(slow, slow, { minConnections: 20, minInterval: 5, maxInterval: 60, windowSeconds: 900 })).toBeNull();
  });
});

describe('network.beaconing', () => {
  it('a day-long beacon every 300 s ± 40 % with identical sizes still scores high (RITA score)', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    let s = 0;
    for (let i = 0; s < 86_400; i++) {
      flows.push(...conn('two-way', s, '10.0.0.9', '203.0.113.50', 443, 1210, 380, 40000 + i));
      s += 300 + 120 * jitter(i);
    }
    await insertFlows(a, flows);
    const found = await runDetectors(a, [beaconing]);
    expect(found.map((d) => [d.hostIp, d.peer, d.technique, d.severity])).toEqual([['10.0.0.9', '203.0.113.50', 'T1071.001', 'high']]);
    expect(found[0]?.summary).toMatch(/beacon score 0\.9\d\d over \d+ connections, median interval 30\d s \(ts 0\.\d\d, size 1\.00, duration 1\.00/);
  });

  it.each<Shape>(['one-way', 'two-way'])('a 5-minute curl loop every 5–15 s is a dense burst, C2 T1071.001 (%s rows)', async (shape) => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    let s = 100;
    for (let i = 0; i < 30; i++) {
      flows.push(...conn(shape, Math.round(s), '10.20.30.10', '198.51.100.23', 8080, 470 + (i % 5) * 10, 350, 50000 + i));
      s += 10 + 5 * jitter(i);
    }
    // Background: apt-like fetches from a mirror every 70–90 s (6 rounds, InRelease and
    // Packages.xz requests): not a burst, and too short for RITA's duration and histogram.
    for (let i = 0; i < 6; i++)
      flows.push(...conn(shape, i * 80 + 10 * jitter(i + 3), '10.20.30.10', '198.51.100.80', 80, 300 + (i % 2) * 40, 600_000, 51000 + i));
    await insertFlows(a, flows);
    const found = await runDetectors(a, [beaconing]);
    expect(found.map((d) => [d.hostIp, d.peer, d.technique, d.startTs.getTime() - T0])).toEqual([['10.20.30.10', '198.51.100.23', 'T1071.001', 100_000]]);
    expect(found[0]?.summary).toMatch(
      /^10\.20\.30\.10 → 198\.51\.100\.23:8080: burst of 30 connections in 4 min \d+ s, median interval 1\d s \(burst score 0\.\d+/,
    );
    expect(found[0]?.evidenceIds).toHaveLength(shape === 'one-way' ? 60 : 30);
  });

  it('through a proxy: the beacon hidden among browsing to many sites is found at its upstream destination', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    const PROXY = '10.0.0.3';
    let port = 30000;
    const via = (s: number, dst: string, out: number) => {
      flows.push(...conn('two-way', s, '10.0.0.9', PROXY, 3128, out, 2000, port++));
      flows.push(...conn('two-way', s, PROXY, dst, 443, out + 200, 2000, port++));
    };
    for (let i = 0; i < 200; i++) via(i * 60 + Math.round(10 * jitter(i)), '203.0.113.66', 800);
    for (let i = 0; i < 300; i++) via(i * 37 + (i % 7) * 13, `198.51.100.${1 + (i % 60)}`, 300 + ((i * 131) % 5000));
    await insertFlows(a, flows);
    const found = await runDetectors(a, [beaconing]);
    expect(found.map((d) => [d.hostIp, d.peer, d.technique])).toEqual([['10.0.0.9', '203.0.113.66', 'T1071.001']]);
    expect(found[0]?.summary).toContain('10.0.0.9 → 203.0.113.66:443 via proxy 10.0.0.3: beacon score');
    expect(found[0]?.evidenceIds).toHaveLength(400);
  });

  it('stays quiet on monitoring: one host polling every server every 15 s, internal or external', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    let port = 20000;
    for (let r = 0; r < 60; r++) {
      for (const [h, p] of [
        ['10.20.30.10', 80],
        ['10.20.30.10', 5432],
        ['10.20.30.11', 9100],
      ] as const)
        flows.push(...conn('one-way', r * 15, '10.20.30.20', h, p, 400, 600, port++));
      // An uptime checker on the same box polls four outside status pages on the same timer.
      for (let k = 0; k < 4; k++) flows.push(...conn('one-way', r * 15, '10.20.30.20', `192.0.2.${10 + k}`, 443, 500, 5000, port++));
    }
    await insertFlows(a, flows);
    expect(await runDetectors(a, [beaconing])).toEqual([]);
    // Scoring internal peers (RITA's filter off) does not make the monitor a beacon either.
    expect(await runDetectors(a, [beaconing], { 'network.beaconing': { internalPeers: 1 } })).toEqual([]);
    // A real beacon from the same host on its own schedule is still found.
    const b: TestFlow[] = [];
    for (let i = 0; i < 30; i++) b.push(...conn('one-way', 7 + i * 10, '10.20.30.20', '198.51.100.23', 8080, 480, 350, 60000 + i));
    await insertFlows(a, b);
    const found = await runDetectors(a, [beaconing]);
    expect(found.map((d) => d.peer)).toEqual(['198.51.100.23']);
  });
});

describe('recorded: webshop-intrusion', () => {
  it('c2_curl_beacon_alpha: 30 connections 5–15 s apart to 198.51.100.23:8080 (nfdump CSV); the monitor and mirror stay quiet', async () => {
    const a = await createAssessment({ name: 'beacon webshop' });
    const uploadId = await addLocalUpload({ assessmentId: a, kind: 'flows', file: path.resolve('test/fixtures/recordings/webshop-intrusion/flows.csv') });
    await runIngest(uploadId);
    const found = await runDetectors(a, [beaconing]);
    expect(found.map((d) => [d.hostIp, d.peer, d.technique, d.startTs.toISOString().slice(11, 16)])).toEqual([
      ['10.20.30.10', '198.51.100.23', 'T1071.001', '20:02'],
    ]);
    console.info(`[webshop beacon] ${found[0]?.summary}`);
  });
});

describe('ICMP', () => {
  it.each(['per-echo records (nfpcapd)', 'one aggregated record (softflowd)'])(
    '113 pings in 23 s to one address are not a beacon (%s); a ping every 5 minutes for a day still is scored',
    async (shape) => {
      const a = await newAssessment();
      const pings: TestFlow[] =
        shape === 'one aggregated record (softflowd)'
          ? [{ ts: at(0), durationS: 22.6, src: '10.40.0.5', dst: '192.0.2.67', sport: 0, dport: 2048, proto: 1, packets: 113, bytes: 116_164, flags: null }]
          : Array.from(
              { length: 113 },
              (_, i): TestFlow => ({
                ts: at(i * 0.2),
                durationS: 0,
                src: '10.40.0.5',
                dst: '192.0.2.67',
                sport: 0,
                dport: 2048,
                proto: 1,
                packets: 1,
                bytes: 1028,
                flags: null,
              }),
            );
      await insertFlows(a, pings);
      expect(await runDetectors(a, [beaconing])).toEqual([]);
      const heartbeat = Array.from(
        { length: 288 },
        (_, i): TestFlow => ({
          ts: at(1000 + i * 300),
          durationS: 0,
          src: '10.40.0.9',
          dst: '192.0.2.70',
          sport: 0,
          dport: 2048,
          proto: 1,
          packets: 1,
          bytes: 84,
          flags: null,
        }),
      );
      await insertFlows(a, heartbeat);
      expect((await runDetectors(a, [beaconing])).map((d) => [d.hostIp, d.peer, d.technique])).toEqual([['10.40.0.9', '192.0.2.70', 'T1071']]);
    },
  );
});
