import { describe, expect, it } from 'vitest';
import { type EvalActivity, evaluate } from './evaluate';
import { formatPerTechnique, perTechnique } from './per-technique';
import type { TruthStep } from './truth';

function step(id: string, technique: string, o: Partial<TruthStep> = {}): TruthStep {
  return {
    id,
    scenario: 'post-exploit',
    stage: 'exploitation',
    technique,
    host: 'db02',
    hostIp: '10.20.2.20',
    peer: null,
    start: '2026-03-05T10:00:00.000Z',
    end: '2026-03-05T10:00:10.000Z',
    visibleTo: { network: false, logs: true },
    evidence: { collectorFlows: 0, edgeFlows: 0, logRecords: 2 },
    note: '',
    ...o,
  };
}

function act(id: string, technique: string, o: Partial<EvalActivity> = {}): EvalActivity {
  return {
    id,
    stage: 'exploitation',
    host: 'db02',
    hostIps: ['10.20.2.20'],
    peer: null,
    start: '2026-03-05T10:00:02.000Z',
    end: '2026-03-05T10:00:05.000Z',
    network: 'blind',
    logs: 'detected',
    severity: 'high',
    summary: '',
    technique,
    ...o,
  };
}

describe('per-technique recall and precision', () => {
  const steps = [
    step('dump', 'T1005'),
    step('stage', 'T1560.001', { host: 'jump01', hostIp: '10.20.1.12' }),
    step('hidden', 'T1070.003', { visibleTo: { network: false, logs: false }, evidence: { collectorFlows: 0, edgeFlows: 0, logRecords: 0 } }),
    step('beacon', 'T1071.001', { stage: 'c2', host: 'jump01', hostIp: '10.20.1.12', peer: '192.0.2.200' }),
  ];
  const activities = [
    act('a1', 'T1005'),
    // A nightly backup's dump on another host, high: a false positive of T1005.
    act('a2', 'T1005', { host: 'backup01', hostIps: ['10.20.2.15'], start: '2026-03-06T02:15:00.000Z', end: '2026-03-06T02:19:00.000Z' }),
    act('a3', 'T1071.001', { stage: 'c2', host: 'jump01', hostIps: ['10.20.1.12'], peer: '192.0.2.200', severity: 'medium' }),
    act('a4', 'T1071.001', { stage: 'c2', host: 'ns01', hostIps: ['10.20.2.11'], peer: '198.51.100.14', severity: 'low' }),
  ];
  const result = evaluate({ steps }, activities);
  const p = perTechnique({ steps }, result, activities);

  it('gives each technique of the truth its recall and its missed steps; unseen steps do not count', () => {
    const r = Object.fromEntries(p.recall.map((t) => [t.technique, t]));
    expect(r.T1005).toMatchObject({ observable: 1, detected: 1, recall: 1, missed: [] });
    expect(r['T1560.001']).toMatchObject({ observable: 1, detected: 0, recall: 0, missed: ['stage'] });
    expect(r['T1070.003']).toMatchObject({ observable: 0, detected: 0, recall: null });
    expect(r['T1071.001']).toMatchObject({ detected: 1, recall: 1 });
  });

  it('gives each technique Sightline named its precision, at the severity floor and in all, and its high false positives', () => {
    const q = Object.fromEntries(p.precision.map((t) => [t.technique, t]));
    expect(q.T1005).toMatchObject({
      activities: 2,
      matched: 1,
      precisionAll: 0.5,
      activitiesAtSeverity: 2,
      falsePositivesAtSeverity: 1,
      falsePositivesHigh: 1,
    });
    expect(q['T1071.001']).toMatchObject({
      activities: 2,
      matched: 1,
      activitiesAtSeverity: 1,
      falsePositivesAtSeverity: 0,
      precision: 1,
      falsePositivesHigh: 0,
    });
  });

  it('prints both tables', () => {
    const text = formatPerTechnique(p);
    expect(text).toMatch(/T1560\.001\s+1\s+1\s+0\s+0%\s+stage/);
    expect(text).toMatch(/T1005\s+2\s+1\s+50%/);
  });
});
