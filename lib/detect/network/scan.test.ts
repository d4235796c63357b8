// Scans by direction and shape: generated positives in two flow shapes (nfdump one-way rows and
// two-way aggregated rows with packet counts), a slow scan, benign look-alikes, and the recorded
// webshop intrusion's sweep followed by service probes.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertFlows, newAssessment, runDetectors, type TestFlow } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb } from '../../db/client';
import { Rng } from '../../generate/prng';
import { runIngest } from '../../pipeline';
import { externalScan } from './scan-external';
import { internalScan } from './scan-internal';

afterAll(closeDb);

const T0 = Date.parse('2024-03-07T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const SYN = 2;
const SYNACK = 18;
const ACKRST = 20;
const RSTSYN = 6;
const PROBE = 27; // FIN SYN PSH ACK

type Shape = 'one-way' | 'two-way';

/** A half-open attempt: SYN (+ SYN-ACK back when the port is open), in either flow shape. */
function attempt(shape: Shape, s: number, src: string, dst: string, dport: number, open: boolean, sport = 40000): TestFlow[] {
  const syn: TestFlow = { ts: at(s), durationS: 0, src, dst, sport, dport, packets: 1, bytes: 44, flags: SYN };
  if (!open) return [syn];
  if (shape === 'two-way') return [{ ...syn, flags: RSTSYN, packets: 2, bytes: 84, revPackets: 1, revBytes: 44, revFlags: SYNACK }];
  return [
    { ...syn, flags: RSTSYN, packets: 2, bytes: 84 },
    { ts: at(s), durationS: 0, src: dst, dst: src, sport: dport, dport: sport, packets: 1, bytes: 44, flags: SYNACK },
  ];
}

/** A service probe: full handshake, one request, one banner. */
function probe(shape: Shape, s: number, src: string, dst: string, dport: number, sport: number): TestFlow[] {
  const out: TestFlow = { ts: at(s), durationS: 0.01, src, dst, sport, dport, packets: 5, bytes: 420, flags: PROBE };
  if (shape === 'two-way') return [{ ...out, revPackets: 5, revBytes: 530, revFlags: PROBE }];
  return [out, { ts: at(s), durationS: 0.01, src: dst, dst: src, sport: dport, dport: sport, packets: 5, bytes: 530, flags: PROBE }];
}

/** nmap -sS of 30 hosts × 4 ports and 40 ports of 10.0.0.10 (22 and 80 open), then -sV probes 20 s later. */
function sweepThenProbes(shape: Shape, scanner = '203.0.113.66'): TestFlow[] {
  const flows: TestFlow[] = [];
  let s = 0;
  for (let h = 2; h <= 31; h++) for (const p of [21, 23, 445, 3389]) flows.push(...attempt(shape, (s++ % 8) * 0.5, scanner, `10.0.0.${h}`, p, false));
  for (let p = 1; p <= 40; p++) flows.push(...attempt(shape, 4 + (p % 8) * 0.5, scanner, '10.0.0.10', p, p === 22 || p === 80));
  for (let i = 0; i < 6; i++) flows.push(...probe(shape, 28 + i, scanner, '10.0.0.10', i === 0 ? 22 : 80, 55000 + i));
  return flows;
}

describe('network.external-scan', () => {
  it.each<Shape>(['one-way', 'two-way'])(
    'a half-open sweep and later service probes are two Reconnaissance detections on the host that answered (%s rows)',
    async (shape) => {
      const a = await newAssessment();
      await insertFlows(a, sweepThenProbes(shape));
      const found = await runDetectors(a, [externalScan, internalScan]);
      expect(found.map((d) => [d.detector, d.stage, d.technique, d.hostIp, d.peer])).toEqual([
        ['network.external-scan', 'recon', 'T1595.001', '10.0.0.10', '203.0.113.66'],
        ['network.external-scan', 'recon', 'T1595.002', '10.0.0.10', '203.0.113.66'],
      ]);
      expect(found[0]?.summary).toBe(
        '203.0.113.66 scanned 30 hosts (10.0.0.2 – 10.0.0.31) on 42 ports: 160 attempts without a handshake; answered by 10.0.0.10',
      );
      expect(found[0]?.endTs.getTime()).toBeLessThan(at(10).getTime());
      expect(found[1]?.summary).toBe('203.0.113.66 probed services of 10.0.0.10 (ports 22, 80): 6 connections with payload after its scan');
      expect(found[1]?.startTs.getTime()).toBe(at(28).getTime());
    },
  );

  it('a sweep of many hosts and, minutes later, a vertical scan of one of them are two detections; later guessing is neither', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    for (let h = 1; h <= 40; h++) flows.push(...attempt('one-way', h * 0.5, '198.51.100.23', `10.20.1.${h}`, 22, h === 10 || h === 11));
    for (let p = 1; p <= 120; p++) flows.push(...attempt('one-way', 300 + p / 2, '198.51.100.23', '10.20.1.11', p, p === 22));
    // Both .10 and .11 answer the sweep; the scanner goes on to scan .11: the sweep's host is .11.
    // 20 minutes later (inside the 24 h island: 120 ports reach the slow threshold), short guessing
    // sessions to :22 are not the scan's service probes.
    for (let i = 0; i < 40; i++) flows.push(...probe('one-way', 1560 + i * 3, '198.51.100.23', '10.20.1.11', 22, 52000 + i));
    await insertFlows(a, flows);
    const found = await runDetectors(a, [externalScan]);
    expect(found.map((d) => [d.technique, d.hostIp, d.peer, (d.startTs.getTime() - T0) / 1000])).toEqual([
      ['T1595.001', '10.20.1.11', '198.51.100.23', 0.5],
      ['T1595.002', '10.20.1.11', '198.51.100.23', 300.5],
    ]);
  });

  it('finds a slow vertical scan: 1,000 ports refused one by one over 24 h', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    for (let p = 1; p <= 1000; p++) {
      flows.push({ ts: at(p * 86), durationS: 0, src: '198.51.100.9', dst: '10.0.0.5', sport: 41000, dport: p, packets: 1, bytes: 44, flags: SYN });
      flows.push({ ts: at(p * 86), durationS: 0, src: '10.0.0.5', dst: '198.51.100.9', sport: p, dport: 41000, packets: 1, bytes: 40, flags: ACKRST });
    }
    await insertFlows(a, flows);
    const found = await runDetectors(a, [externalScan]);
    expect(found.map((d) => [d.technique, d.hostIp, d.peer])).toEqual([['T1595.002', '10.0.0.5', '198.51.100.9']]);
    expect(found[0]?.summary).toContain('1,000 ports: 1,000 attempts without a handshake over 23:');
    expect(found[0]?.evidenceIds).toHaveLength(2000);
    // At 100 ports in 24 h (Snort's 100 attempts) it is a scan; at 99 it is not.
    const b = await newAssessment();
    await insertFlows(b, flows.slice(0, 2 * 99));
    expect(await runDetectors(b, [externalScan])).toEqual([]);
  });

  it('finds a slow horizontal sweep: 150 hosts on 445, one every 8 minutes, nobody answering (no host: the scanner is the peer)', async () => {
    const a = await newAssessment();
    const flows = Array.from(
      { length: 150 },
      (_, i): TestFlow => ({
        ts: at(i * 480),
        durationS: 0,
        src: '198.51.100.9',
        dst: `10.1.${i >> 8}.${(i & 255) + 1}`,
        sport: 41000 + i,
        dport: 445,
        packets: 1,
        bytes: 44,
        flags: SYN,
      }),
    );
    await insertFlows(a, flows);
    const found = await runDetectors(a, [externalScan, internalScan]);
    expect(found.map((d) => [d.technique, d.hostIp, d.peer])).toEqual([['T1595.001', null, '198.51.100.9']]);
    expect(found[0]?.summary).toMatch(
      /^198\.51\.100\.9 scanned 150 hosts \(10\.1\.0\.1 – 10\.1\.0\.150\) on port 445: 150 attempts without a handshake over 19:5\d:00$/,
    );
  });

  it('stays quiet on backscatter (lone SYN-ACKs and resets), but calls SYNs a scan', async () => {
    const a = await newAssessment();
    const back = Array.from(
      { length: 40 },
      (_, i): TestFlow => ({
        ts: at(i),
        src: '10.0.0.5',
        dst: '198.51.100.7',
        sport: 1000 + i,
        dport: 80,
        packets: 1,
        bytes: 60,
        flags: i % 2 ? SYNACK : ACKRST,
      }),
    );
    const victims = Array.from(
      { length: 40 },
      (_, i): TestFlow => ({
        ts: at(i),
        src: '198.51.100.8',
        dst: `10.0.1.${i + 1}`,
        sport: 44000,
        dport: 445,
        packets: 1,
        bytes: 60,
        flags: ACKRST,
      }),
    );
    await insertFlows(a, [...back, ...victims]);
    expect(await runDetectors(a, [externalScan, internalScan])).toEqual([]);
    await insertFlows(
      a,
      Array.from({ length: 20 }, (_, i): TestFlow => ({ ts: at(i), src: '198.51.100.9', dst: '10.0.0.5', dport: 1 + i, packets: 1, bytes: 60, flags: SYN })),
    );
    const found = await runDetectors(a, [externalScan, internalScan]);
    expect(found.map((d) => [d.detector, d.technique, d.hostIp, d.peer])).toEqual([['network.external-scan', 'T1595.002', '10.0.0.5', '198.51.100.9']]);
  });

  it('stays quiet on visitors: many completed web sessions from outside and a few refused ports', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    for (let i = 0; i < 60; i++) flows.push(...probe('two-way', i * 5, `198.51.100.${10 + (i % 40)}`, '10.0.0.10', 443, 50000 + i));
    for (let p = 0; p < 10; p++) flows.push(...attempt('one-way', p, '198.51.100.200', '10.0.0.10', 8000 + p, false));
    await insertFlows(a, flows);
    expect(await runDetectors(a, [externalScan, internalScan])).toEqual([]);
  });
});

describe('network.internal-scan', () => {
  it('an internal sweep is Discovery (T1046 over several ports, T1018 over one), its stage from the tactic mapping', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    for (let h = 2; h <= 30; h++)
      for (const p of [22, 80, 443, 3306, 5432, 9100]) flows.push(...attempt('one-way', h * 0.02, '10.40.0.5', `10.40.0.${h}`, p, h === 10 && p === 22));
    for (let h = 2; h <= 30; h++) flows.push(...attempt('two-way', 600 + h * 0.02, '10.40.0.7', `10.40.0.${h}`, 445, false));
    await insertFlows(a, flows);
    const found = await runDetectors(a, [externalScan, internalScan]);
    expect(found.map((d) => [d.detector, d.stage, d.technique, d.hostIp, d.peer])).toEqual([
      ['network.internal-scan', 'exploitation', 'T1046', '10.40.0.5', null],
      ['network.internal-scan', 'exploitation', 'T1018', '10.40.0.7', null],
    ]);
    expect(found[0]?.summary).toContain('scanned 28 hosts (10.40.0.2 – 10.40.0.30) on ports 22, 80, 443, 3306, 5432, 9100');
  });

  it('stays quiet on monitoring: one host polling every server every 15 s, and a client retrying two dead hosts', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    for (let r = 0; r < 40; r++)
      for (const [h, p] of [
        ['10.20.30.10', 80],
        ['10.20.30.10', 5432],
        ['10.20.30.11', 9100],
      ] as const)
        flows.push(...probe('one-way', r * 15, '10.20.30.20', h, p, 30000 + r * 3 + p));
    for (let r = 0; r < 30; r++) flows.push(...attempt('one-way', r * 20, '10.20.30.12', `10.20.30.${98 + (r % 2)}`, 631, false, 33000 + r));
    await insertFlows(a, flows);
    expect(await runDetectors(a, [externalScan, internalScan])).toEqual([]);
  });
});

// 1-in-10 packet sampling (docs/ANCHORS.md#sampling-estimates): rows as ingest stores them, one
// sampled packet scaled to 10. Which attempts the sampler keeps is drawn from a seeded PRNG, so
// the test is the same on every run.
describe('sampled exports (1-in-10)', () => {
  const N = 10;
  const sampledSyn = (s: number, src: string, dst: string, dport: number, sport: number): TestFlow => ({
    ts: at(s),
    durationS: 0,
    src,
    dst,
    sport,
    dport,
    packets: N,
    bytes: 44 * N,
    flags: SYN,
    sampling: N,
  });

  it('a sweep whose probes were each kept with probability 1/10 is judged on the hosts it estimates, and says so', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    const rng = new Rng(7, 'sampled-sweep');
    let i = 0;
    // nmap -sT of 40 hosts × 6 ports: 240 attempts, about 24 kept, on about 19 of the 40 hosts.
    for (let h = 2; h <= 41; h++)
      for (const p of [22, 80, 443, 3306, 5432, 9100]) if (rng.chance(1 / N)) flows.push(sampledSyn(i++ * 0.5, '10.40.0.5', `10.40.0.${h}`, p, 41000 + i));
    await insertFlows(a, flows);
    const seen = new Set(flows.map((f) => f.dst)).size;
    const found = await runDetectors(a, [externalScan, internalScan]);
    expect(found.map((d) => [d.detector, d.technique, d.hostIp, d.peer])).toEqual([['network.internal-scan', 'T1046', '10.40.0.5', null]]);
    const estimate = Number(found[0]?.summary.match(/scanned about (\d+) hosts \((\d+) seen/)?.[1]);
    // Seen × 10 would say ~190 hosts; the estimate from singletons and doubletons stays near the 40 probed.
    expect(estimate).toBeGreaterThanOrEqual(25);
    expect(estimate).toBeLessThanOrEqual(80);
    expect(found[0]?.summary).toContain(`figures estimated from a 1-in-10 packet sample (${flows.length} attempts to ${seen} hosts seen)`);
  });

  it('stays quiet on what sampling makes look like a scan: one packet, a handful, backscatter, DNS answers, monitoring polls, a second sampled export', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    // One sampled SYN (it stands for 10 attempts, to one host).
    flows.push(sampledSyn(0, '10.50.0.9', '10.50.0.200', 445, 50000));
    // Four SYNs to four hosts: × 10 would reach 25 hosts, but 4 seen is below the floor.
    for (let h = 0; h < 4; h++) flows.push(sampledSyn(10 + h, '10.50.0.8', `10.50.0.${100 + h}`, 22, 50010 + h));
    // Backscatter: lone SYN-ACKs from 40 internal hosts' answers to a spoofed flood, sampled.
    for (let h = 0; h < 40; h++)
      flows.push({
        ts: at(20 + h),
        durationS: 0,
        src: '198.51.100.7',
        dst: `10.50.1.${h + 1}`,
        sport: 80,
        dport: 3000 + h,
        packets: N,
        bytes: 440,
        flags: SYNACK,
        sampling: N,
      });
    // DNS answers whose queries sampling dropped: UDP from the resolver's port 53 to 40 clients' ephemeral ports.
    for (let h = 0; h < 40; h++)
      flows.push({
        ts: at(30 + h),
        durationS: 0,
        src: '10.50.0.53',
        dst: `10.50.2.${h + 1}`,
        sport: 53,
        dport: 40000 + h,
        proto: 17,
        packets: N,
        bytes: 900,
        flags: null,
        sampling: N,
      });
    // Monitoring: one host scrapes 30 servers every 15 s; of each session sampling kept either
    // data packets or, now and then, only the SYN.
    for (let r = 0; r < 20; r++)
      for (let h = 0; h < 30; h++) {
        const sport = 20000 + r * 30 + h;
        const dst = `10.50.3.${h + 1}`;
        if ((r + h) % 4 === 0) flows.push(sampledSyn(r * 15 + h * 0.1, '10.50.0.20', dst, 9100, sport));
        else
          flows.push({
            ts: at(r * 15 + h * 0.1),
            durationS: 0.02,
            src: '10.50.0.20',
            dst,
            sport,
            dport: 9100,
            packets: N,
            bytes: 2400,
            revPackets: 2 * N,
            revBytes: 29000,
            flags: 24,
            revFlags: 24,
            sampling: N,
          });
      }
    // Two exports of one network: an unsampled core exporter saw 12 ports of one host probed
    // (below 15), a 1-in-10 edge exporter 6 of the same attempts — the exact count stands.
    for (let p = 0; p < 12; p++) {
      flows.push({ ts: at(100 + p), durationS: 0, src: '203.0.113.9', dst: '10.50.4.1', sport: 45000 + p, dport: 1000 + p, packets: 1, bytes: 44, flags: SYN });
      if (p % 2 === 0) flows.push({ ...sampledSyn(100 + p, '203.0.113.9', '10.50.4.1', 1000 + p, 45000 + p) });
    }
    await insertFlows(a, flows);
    expect(await runDetectors(a, [externalScan, internalScan])).toEqual([]);
  });
});

describe('recorded: webshop-intrusion', () => {
  it('nmap -sS of 39 addresses and 1,027 ports, then -sV/NSE probes of alpha: two detections (nfdump CSV)', async () => {
    const a = await createAssessment({ name: 'scan webshop' });
    const uploadId = await addLocalUpload({
      assessmentId: a,
      kind: 'flows',
      file: path.resolve('test/fixtures/recordings/webshop-intrusion/flows.csv'),
    });
    await runIngest(uploadId);
    const found = await runDetectors(a, [externalScan, internalScan]);
    expect(found.map((d) => [d.technique, d.hostIp, d.peer, d.startTs.toISOString().slice(11, 19), d.endTs.toISOString().slice(11, 19)])).toEqual([
      ['T1595.001', '10.20.30.10', '203.0.113.66', '20:01:01', '20:01:09'],
      ['T1595.002', '10.20.30.10', '203.0.113.66', '20:01:30', '20:01:36'],
    ]);
    expect(found[0]?.summary).toContain('39 hosts (10.20.30.2 – 10.20.30.40) on 1,027 ports');
  });
});
