// The generator's network-exfil scenario (issue 22) in several flow shapes: the truth it writes,
// the shapes themselves (one record per ICMP packet vs one per direction; sampled IPFIX), and
// each network detector on the same generated traffic in each shape giving the same activities.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDetectors } from '../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb } from '../db/client';
import { dnsTunnel } from '../detect/network/dns-tunnel';
import { exfilRelative } from '../detect/network/exfil-relative';
import { exposedService } from '../detect/network/exposed-service';
import { icmpExfil } from '../detect/network/icmp-exfil';
import { lateralMovement } from '../detect/network/lateral-movement';
import { externalScan } from '../detect/network/scan-external';
import { internalScan } from '../detect/network/scan-internal';
import { evaluatePerShape, truthForShape } from '../eval/per-shape';
import { type Truth, ZTruth } from '../eval/truth';
import { runIngest } from '../pipeline';
import { NETWORK_EXFIL } from './attack-network';
import { SHAPE_FILES } from './flow-shapes';
import { generateScenario } from './generate-scenario';

const APPL = NETWORK_EXFIL.appliance.ip;
let dir: string;
let truth: Truth;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sightline-netexfil-'));
  await generateScenario({ outDir: dir, hosts: 8, days: 0.25, start: '2026-03-02T00:00:00Z', attacks: ['network-exfil'], shapes: true });
  truth = ZTruth.parse(JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')));
}, 120_000);
afterAll(async () => {
  await closeDb();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const csvRows = (file: string) =>
  readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => /^\d{4}-/.test(l));

describe('network-exfil truth and shapes', () => {
  it('writes the network-only steps on the silent appliance and one lateral step per pair', () => {
    expect(truth.steps.map((s) => [s.id, s.stage, s.technique, s.hostIp === APPL ? 'appl' : s.host])).toEqual([
      ['net-perimeter-scan', 'recon', 'T1595.001', 'appl'],
      ['net-telnet-login', 'delivery', 'T1133', 'appl'],
      ['net-dns-tunnel', 'c2', 'T1071.004', 'appl'],
      ['net-icmp-exfil', 'actions', 'T1048.003', 'appl'],
      ['net-raw-tcp-exfil', 'actions', 'T1048', 'appl'],
      ['net-internal-sweep', 'exploitation', 'T1046', 'appl'],
      ['net-lateral-db01', 'exploitation', 'T1021.004', 'db01'],
      ['net-lateral-ns01', 'exploitation', 'T1021.004', 'ns01'],
      ['net-lateral-backup01', 'exploitation', 'T1021.004', 'backup01'],
    ]);
    for (const s of truth.steps.filter((x) => x.hostIp === APPL)) expect(s.visibleTo).toEqual({ network: true, logs: false });
    // The destinations' auth.log has the login; the appliance is in no inventory and sends nothing.
    for (const s of truth.steps.filter((x) => x.id.startsWith('net-lateral-'))) expect(s.visibleTo.logs).toBe(true);
    expect(readFileSync(path.join(dir, 'inventory.csv'), 'utf8')).not.toContain(APPL);
    expect(truth.exporters.map((e) => [e.name, e.file, e.sampling])).toEqual([
      ['collector', 'flows/collector.nfdump.csv', 1],
      ['edge', 'flows/edge.ipfix.pcap', 10],
      ['aggregated', SHAPE_FILES.aggregated, 1],
      ['sampled', SHAPE_FILES.sampled, 10],
    ]);
  });

  it('writes ICMP one record per packet from nfpcapd and one per direction aggregated', () => {
    const icmp = (file: string) => csvRows(file).filter((l) => l.split(',')[7] === 'ICMP' && l.includes('192.0.2.67'));
    const perPacket = icmp('flows/collector.nfdump.csv');
    expect(perPacket).toHaveLength(200);
    expect(perPacket.every((l) => l.split(',')[11] === '1')).toBe(true);
    const aggregated = icmp(SHAPE_FILES.aggregated);
    expect(aggregated.map((l) => l.split(',').slice(3, 13).join(' '))).toEqual([
      `${APPL} 192.0.2.67 0 2048 ICMP ........ 0 0 100 102800`,
      `192.0.2.67 ${APPL} 0 0 ICMP ........ 0 0 100 102800`,
    ]);
    const step = truth.steps.find((s) => s.id === 'net-icmp-exfil');
    expect(step?.evidence.flows?.collector).toBe(200);
    expect(step?.evidence.flows?.aggregated).toBe(2);
  });

  it('a shape that holds no record of a step does not count it as observable there', () => {
    const edge = truthForShape(truth, 'edge');
    // The resolver's forwarding is outside the DMZ exporter's view, the appliance's queries are not.
    expect(edge.steps.find((s) => s.id === 'net-dns-tunnel')?.visibleTo.network).toBe(true);
    const none = truthForShape({ steps: truth.steps.map((s) => ({ ...s, evidence: { ...s.evidence, flows: { ...s.evidence.flows, x: 0 } } })) }, 'x');
    expect(none.steps.filter((s) => s.visibleTo.network)).toEqual([]);
    const [r] = evaluatePerShape(truth, [{ shape: 'collector', activities: [] }]);
    expect(r?.recall).toBe(0);
    expect(r?.perTechnique.find((t) => t.technique === 'T1021.004')).toEqual({ technique: 'T1021.004', observable: 3, detected: 0, recall: 0 });
  });
});

const DETECTORS = [externalScan, exposedService, dnsTunnel, icmpExfil, exfilRelative, internalScan, lateralMovement];

async function detectIn(file: string) {
  const a = await createAssessment({ name: `network-exfil ${file}` });
  const result = await runIngest(await addLocalUpload({ assessmentId: a, kind: 'flows', file: path.join(dir, file) }));
  expect(result?.records ?? 0).toBeGreaterThan(0);
  const found = await runDetectors(a, DETECTORS);
  // The scenario's own activities: those on the appliance or with it as peer.
  return found
    .filter((d) => d.hostIp === APPL || d.peer === APPL)
    .map((d) => [d.detector, d.technique, d.hostIp, d.peer].join(' '))
    .sort();
}

describe('each network detector on the same generated traffic in every shape', () => {
  const expected = [
    `network.dns-tunnel T1071.004 ${APPL} 10.20.2.11`,
    `network.exfil-relative T1048 ${APPL} 192.0.2.80`,
    `network.exposed-service T1133 ${APPL} 192.0.2.66`,
    `network.external-scan T1595.001 ${APPL} 192.0.2.66`,
    `network.icmp-exfil T1048.003 ${APPL} 192.0.2.67`,
    `network.internal-scan T1046 ${APPL} `,
    `network.lateral-movement T1021.004 10.20.2.10 ${APPL}`,
    `network.lateral-movement T1021.004 10.20.2.11 ${APPL}`,
    `network.lateral-movement T1021.004 10.20.2.12 ${APPL}`,
  ];
  // Sampled IPFIX (1-in-10, counters scaled by the rate at ingest) gives the same answer too:
  // the scans are judged on distinct targets estimated from the sample, and lateral sessions
  // on the slices sampling left (lib/detect/network/sampling.ts).
  it.each(['flows/collector.nfdump.csv', SHAPE_FILES.aggregated, SHAPE_FILES.sampled])(
    '%s',
    async (file) => {
      expect(await detectIn(file)).toEqual(expected);
    },
    180_000,
  );
});
