// Suricata EVE `alert` events as IDS alerts: real alerts of a public competition capture
// (WRCCDC 2018, 207 signatures), a generated file with ATT&CK metadata and classtype fallbacks,
// chunk splits and damaged alert lines located by line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { GENERATED_ALERTS } from '../../../test/kits/eve-alerts';
import { alertAttack, CLASSTYPE_ATTACK } from './eve-alert';
import { createSuricataEveParser } from './suricata-eve';

const ctx = { path: 'eve.json', timeZone: 'UTC' };
const PUBLIC = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'public', 'suricata', 'wrccdc-2018-alerts.log');
const parse = (buf: Buffer, chunk?: number) => parseAll(createSuricataEveParser(ctx), buf, chunk);

describe('Suricata EVE alert events', () => {
  it('a real sensor: 207 alerts of WRCCDC 2018, 68 with a stage by classtype, no flows, no errors', () => {
    const result = parse(fs.readFileSync(PUBLIC));
    expect(result.records).toEqual([]);
    expect(result.invalid).toEqual([]);
    expect(result.alerts).toHaveLength(207);
    const staged = result.alerts?.filter((a) => a.stage !== undefined) ?? [];
    expect(staged).toHaveLength(68);
    const byStage = new Map<string, number>();
    for (const a of staged) byStage.set(`${a.stage} ${a.technique}`, (byStage.get(`${a.stage} ${a.technique}`) ?? 0) + 1);
    expect(Object.fromEntries(byStage)).toEqual({ 'c2 T1071': 26, 'delivery T1190': 29, 'recon T1595': 8, 'recon T1595.001': 2, 'actions T1499': 3 });
    expect(result.alerts?.[0]).toEqual({
      lineNo: 1,
      tsMs: Date.parse('2018-03-24T20:37:19.037Z'),
      srcIp: result.alerts?.[0]?.srcIp,
      dstIp: result.alerts?.[0]?.dstIp,
      srcPort: result.alerts?.[0]?.srcPort,
      dstPort: result.alerts?.[0]?.dstPort,
      proto: result.alerts?.[0]?.proto,
      signature: result.alerts?.[0]?.signature,
      signatureId: result.alerts?.[0]?.signatureId,
      category: result.alerts?.[0]?.category,
      severity: result.alerts?.[0]?.severity,
      ...(result.alerts?.[0]?.stage ? { stage: result.alerts?.[0]?.stage, technique: result.alerts?.[0]?.technique } : {}),
      flowId: result.alerts?.[0]?.flowId,
    });
    expect(result.notes[0]).toMatch(/^207 Suricata alert event\(s\) stored as IDS alerts: /);
    expect(result.notes[1]).toBe(
      '68 alert(s) with a kill-chain stage (ATT&CK metadata or classtype) become network detections; 139 whose classtype names no attacker step are kept, not detections: 52 Misc Attack, 34 Generic Protocol Command Decode, 21 Potential Corporate Privacy Violation, 19 Potentially Bad Traffic, 12 Misc activity, 1 Not Suspicious Traffic',
    );
  });

  it('the rule’s ATT&CK metadata decides first, the classtype after; no defensible stage stays stage-less', () => {
    const result = parse(Buffer.from(GENERATED_ALERTS));
    expect(result.invalid).toEqual([]);
    expect(result.alerts?.map((a) => [a.lineNo, a.stage, a.technique, a.srcIp, a.dstIp, a.dstPort, a.severity])).toEqual([
      [1, 'delivery', 'T1190', '203.0.113.66', '10.40.0.5', 80, 1],
      [2, 'c2', 'T1071.001', '10.40.0.5', '198.51.100.9', 443, 1],
      [3, 'recon', 'T1595', '203.0.113.66', '10.40.0.5', 22, 2],
      [4, undefined, undefined, '10.40.0.5', '203.0.113.1', 80, 1],
      // A technique without a tactic and a classtype that names no step: no stage.
      [5, undefined, 'T1041', '10.40.0.5', '203.0.113.1', 80, 1],
    ]);
    expect(result.alerts?.[0]?.flowId).toBe('1');
  });

  it('every classtype of Suricata’s classification.config that names a step maps through an ATT&CK tactic', () => {
    expect(Object.keys(CLASSTYPE_ATTACK)).toHaveLength(24);
    expect(alertAttack({ category: 'Web Application Attack' })).toEqual({ stage: 'delivery', technique: 'T1190' });
    expect(alertAttack({ category: 'malware command and control activity detected' })).toEqual({ stage: 'c2', technique: 'T1071' });
    expect(alertAttack({ category: 'Misc activity' })).toEqual({ stage: undefined, technique: undefined });
    expect(alertAttack({ category: 'Misc activity', metadata: { mitre_tactic_name: ['Lateral_Movement'], mitre_technique_id: ['T1021'] } })).toEqual({
      stage: 'exploitation',
      technique: 'T1021',
    });
  });

  it('output does not depend on chunk boundaries', () => {
    parseWithSplits(() => createSuricataEveParser(ctx), Buffer.from(GENERATED_ALERTS));
    parseWithSplits(() => createSuricataEveParser(ctx), fs.readFileSync(PUBLIC).subarray(0, 6000), { maxChunk: 40, randomRuns: 10 });
  });

  it('damaged alert events are located by line, the others still read', () => {
    const lines = GENERATED_ALERTS.split('\n');
    lines[0] = (lines[0] ?? '').replace('"dest_ip":"10.40.0.5"', '"dest_ip":"10.40.0.500"');
    lines[1] = (lines[1] ?? '').replace(/"alert":\{.*\}\}$/, '"alert":"x"}');
    lines[2] = (lines[2] ?? '').replace('"signature":"ET SCAN Potential SSH Scan"', '"signature":""').replace('"signature_id":2000001', '"signature_id":-1');
    lines[3] = (lines[3] ?? '').replace('2026-12-04T20:16:23.000000+0000', 'yesterday');
    const result = parse(Buffer.from(lines.join('\n')));
    expect(result.invalid).toEqual([
      { line: 1, reason: 'dest_ip "10.40.0.500" is not valid' },
      { line: 2, reason: 'alert event without its "alert" object' },
      { line: 3, reason: 'alert without a signature or signature_id' },
      { line: 4, reason: 'alert timestamp "yesterday" is not valid' },
    ]);
    expect(result.alerts?.map((a) => a.lineNo)).toEqual([5]);
  });
});
