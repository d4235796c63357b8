// network.web-probe (T1595.003 from flow shape) and the generated web-exploit scenario's two
// network-only steps, web-probe and web-exploit, which the 200 × 7 evaluation missed: the probe
// had no flow detector at all (every session completes, so the scan rules never count it), and
// the exploit's callback was reported in Exploitation while T1190 is Initial Access → Delivery.
// No public flow capture in ../shared/fixtures has a content-discovery run (the webshop
// recording's 8 requests are below the count), so there is no real-data positive here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeScenario } from '../../../test/kits/analyze-scenario';
import { insertFlows, newAssessment, runDetectors, type TestFlow } from '../../../test/kits/detect';
import { closeDb } from '../../db/client';
import { evaluate } from '../../eval/evaluate';
import { getEvalActivities, readTruth } from '../../eval/scenario-files';
import { generateScenario } from '../../generate/generate-scenario';
import { webProbe } from './web-probe';

afterAll(closeDb);

const T0 = Date.parse('2026-03-03T08:00:00Z');
/** One completed HTTP exchange as a biflow (SYN, ACK, PSH, FIN both ways). */
const req = (s: number, src: string, dport = 8080, o: Partial<TestFlow> = {}): TestFlow => ({
  ts: new Date(T0 + s * 1000),
  durationS: 0.3,
  src,
  dst: '10.20.1.10',
  sport: 40_000 + Math.round(s * 10),
  dport,
  proto: 6,
  packets: 6,
  bytes: 620,
  revPackets: 5,
  revBytes: 900,
  flags: 27,
  revFlags: 27,
  ...o,
});

async function detect(flows: TestFlow[]) {
  const a = await newAssessment();
  await insertFlows(a, flows);
  return runDetectors(a, [webProbe]);
}

describe('network.web-probe', () => {
  it('30 short requests in two minutes from one outside address: one low Reconnaissance finding', async () => {
    const found = await detect(Array.from({ length: 30 }, (_, i) => req(i * 4, '198.51.100.77')));
    expect(found.map((f) => [f.stage, f.technique, f.hostIp, f.peer, f.severity])).toEqual([['recon', 'T1595.003', '10.20.1.10', '198.51.100.77', 'low']]);
    expect(found[0]?.evidenceIds).toHaveLength(30);
    expect(found[0]?.summary).toContain('30 short sessions from 198.51.100.77 to 10.20.1.10:8080');
  });

  it('benign: many visitors once each, a partner polling, the offices behind NAT, 13 requests, long downloads, a half-open sweep', async () => {
    const found = await detect([
      ...Array.from({ length: 40 }, (_, i) => req(i * 3, `81.2.69.${10 + i}`, 443)),
      ...[0, 1_200, 2_400].map((s) => req(s + 1, '203.0.113.60')),
      ...Array.from({ length: 60 }, (_, i) => req(i, '10.20.200.1', 443)),
      ...Array.from({ length: 13 }, (_, i) => req(500 + i * 6, '89.160.20.5', 443)),
      ...Array.from({ length: 20 }, (_, i) => req(900 + i * 4, '175.16.199.9', 443, { durationS: 60, revBytes: 2_000_000, revPackets: 1_400 })),
      ...Array.from({ length: 40 }, (_, i) =>
        req(1_500 + i, '67.43.156.2', 8080, { packets: 1, bytes: 44, revPackets: null, revBytes: null, flags: 2, revFlags: null }),
      ),
    ]);
    expect(found).toEqual([]);
  });
});

describe('the generated web-exploit scenario on the network', () => {
  it('finds web-probe (flow shape) and web-exploit (the callback, now in Delivery)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-web-probe-'));
    try {
      const { files } = await generateScenario({ outDir: dir, hosts: 12, days: 1, seed: 6, attacks: ['web-exploit'] });
      const truth = readTruth(files.truth);
      for (const id of ['web-probe', 'web-exploit']) expect(truth.steps.find((s) => s.id === id)?.visibleTo).toEqual({ network: true, logs: false });
      const id = await analyzeScenario(files.truth, 'web-exploit');
      const activities = await getEvalActivities(id);
      const result = evaluate(truth, activities);
      expect(result.missed.map((m) => m.stepId)).toEqual([]);
      const probe = result.matches.find((m) => m.stepId === 'web-probe');
      const byId = new Map(activities.map((a) => [a.id, a]));
      expect(probe?.activityIds.map((a) => byId.get(a)?.technique)).toContain('T1595.003');
      const exploit = result.matches.find((m) => m.stepId === 'web-exploit');
      expect(exploit?.activityIds.map((a) => byId.get(a)?.technique)).toContain('T1190');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
