// The matching and scoring rules of the evaluation harness on hand-made steps and activities.
import { describe, expect, it } from 'vitest';
import { activityMatchesStep, classOf, type EvalActivity, evaluate } from './evaluate';
import { answersTechnique } from './technique-match';
import type { TruthStep } from './truth';

const step = (over: Partial<TruthStep> = {}): TruthStep => ({
  id: 'ssh-bruteforce',
  scenario: 'ssh-intrusion',
  stage: 'delivery',
  technique: 'T1110.001',
  host: 'mail01',
  hostIp: '10.20.1.11',
  peer: '198.51.100.23',
  start: '2026-03-02T09:01:00.000Z',
  end: '2026-03-02T09:04:00.000Z',
  visibleTo: { network: true, logs: true },
  evidence: { collectorFlows: 10, edgeFlows: 2, logRecords: 30 },
  note: '',
  ...over,
});

const act = (over: Partial<EvalActivity> = {}): EvalActivity => ({
  id: '1',
  stage: 'delivery',
  host: 'mail01',
  hostIps: ['10.20.1.11'],
  peer: '198.51.100.23',
  start: '2026-03-02T09:02:00.000Z',
  end: '2026-03-02T09:03:00.000Z',
  network: 'detected',
  logs: 'detected',
  severity: 'high',
  summary: 'x',
  ...over,
});

describe('activityMatchesStep', () => {
  it.each([
    ['same everything', {}, true],
    ['other stage', { stage: 'recon' }, false],
    ['host known only by address', { host: null, hostIps: ['10.20.1.11'] }, true],
    ['other host', { host: 'web01', hostIps: ['10.20.1.10'] }, false],
    ['host-less sweep keyed on the peer', { host: null, hostIps: [], peer: '198.51.100.23' }, true],
    ['host-less and peer-less', { host: null, hostIps: [], peer: null }, false],
    ['other peer', { peer: '203.0.113.9' }, false],
    ['activity without a peer', { peer: null }, true],
    ['9 min after the step ends', { start: '2026-03-02T09:13:00.000Z', end: '2026-03-02T09:14:00.000Z' }, true],
    ['11 min after the step ends', { start: '2026-03-02T09:15:00.000Z', end: '2026-03-02T09:16:00.000Z' }, false],
    ['11 min before the step starts', { start: '2026-03-02T08:40:00.000Z', end: '2026-03-02T08:50:00.000Z' }, false],
  ] as const)('%s → %s', (_name, over, expected) => {
    expect(activityMatchesStep(act(over as Partial<EvalActivity>), step(), 600)).toBe(expected);
  });

  it('a step without a peer matches any peer of the activity', () => {
    expect(activityMatchesStep(act({ peer: '192.0.2.1' }), step({ peer: null }), 600)).toBe(true);
  });
});

describe('evaluate', () => {
  it('counts recall over observable steps, precision at a severity and overall, and visibility classes', () => {
    const steps = [
      step(),
      step({ id: 'ssh-cron', stage: 'installation', peer: null, visibleTo: { network: false, logs: true } }),
      step({ id: 'ssh-weaponize', stage: 'weaponization', peer: null, visibleTo: { network: false, logs: false } }),
      step({ id: 'ssh-c2', stage: 'c2', peer: '192.0.2.77', visibleTo: { network: true, logs: true } }),
    ];
    const acts = [
      act({ id: 'a1', network: 'evidence', logs: 'detected' }), // both: right class
      act({ id: 'a2', stage: 'c2', peer: '192.0.2.77', network: 'detected', logs: 'blind' }), // network-only: wrong class
      act({ id: 'a3', stage: 'c2', peer: '185.125.190.56', severity: 'low' }), // low noise
      act({ id: 'a4', stage: 'c2', peer: '198.51.100.15', severity: 'medium' }), // medium noise
    ];
    const r = evaluate({ steps }, acts);
    expect(r.overall).toMatchObject({ truthSteps: 4, observable: 3, detected: 2, recall: 0.667, activities: 4, activitiesAtSeverity: 3 });
    expect(r.overall.precision).toBe(0.667); // a1, a2 of a1, a2, a4
    expect(r.overall.precisionAll).toBe(0.5);
    expect(r.overall.visibilityAccuracy).toBe(0.5);
    const c2 = r.perStage.find((s) => s.stage === 'c2');
    expect(c2).toMatchObject({ detected: 1, recall: 1, activities: 3, falsePositives: 2, falsePositivesAtSeverity: 1, visibilityAccuracy: 0 });
    expect(r.perStage.find((s) => s.stage === 'weaponization')).toMatchObject({ truthSteps: 1, observable: 0, recall: null });
    expect(r.missed.map((m) => m.stepId)).toEqual(['ssh-cron']);
    expect(r.falsePositives.map((f) => f.activityId)).toEqual(['a3', 'a4']);
    expect(r.matches.find((m) => m.stepId === 'ssh-c2')).toMatchObject({ truthClass: 'both', sightlineClass: 'network-only' });
  });

  it('the visibility class of a step is the union of what its matched activities showed', () => {
    const r = evaluate({ steps: [step()] }, [act({ id: 'n', network: 'detected', logs: 'blind' }), act({ id: 'l', network: 'blind', logs: 'detected' })]);
    expect(r.matches[0]).toMatchObject({ activityIds: ['n', 'l'], sightlineClass: 'both' });
  });

  it("a neighbouring step's activity within the tolerance does not lend its marks: the class comes from the activities naming the step's technique", () => {
    const cron = step({ technique: 'T1053.003' });
    const acts = [
      act({ id: 'cron', technique: 'T1053.003', network: 'blind', logs: 'detected' }),
      act({ id: 'unit', technique: 'T1543.002', network: 'evidence', logs: 'detected' }),
    ];
    expect(evaluate({ steps: [cron] }, acts).matches[0]).toMatchObject({ activityIds: ['cron', 'unit'], sightlineClass: 'logs-only', techniqueNamed: true });
    // the recordings' judge's rule: a sub-technique answers for its parent, not the reverse; a
    // technique the correlation merges with the step's counts; a sibling does not
    expect(answersTechnique('T1595.001', 'T1595')).toBe(true);
    expect(answersTechnique('T1071', 'T1071.004')).toBe(false);
    expect(answersTechnique('T1021.004 Remote Services: SSH', 'T1078')).toBe(true);
    expect(answersTechnique('T1070.004', 'T1070.003')).toBe(false);
    // no activity names it: the union of all, as before, and found only through neighbours
    const lent = evaluate({ steps: [step({ technique: 'T1136.001' })] }, acts);
    expect(lent.matches[0]).toMatchObject({ sightlineClass: 'both', techniqueNamed: false });
    expect(lent.overall).toMatchObject({ detected: 1, recall: 1, detectedNamed: 0, recallNamed: 0 });
  });

  it('minSeverity "low" makes both precisions the same', () => {
    const r = evaluate({ steps: [step()] }, [act(), act({ id: '2', stage: 'recon', severity: 'low' })], { minSeverity: 'low' });
    expect(r.overall.precision).toBe(r.overall.precisionAll);
  });

  it.each([
    [true, true, 'both'],
    [true, false, 'network-only'],
    [false, true, 'logs-only'],
    [false, false, 'none'],
  ] as const)('classOf(%s, %s) = %s', (n, l, c) => expect(classOf(n, l)).toBe(c));
});
