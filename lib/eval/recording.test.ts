import { describe, expect, it } from 'vitest';
import { formatJudgement, type JudgedActivity, judgeRecording, type LabTruth, ZLabTruth } from './recording';

const truth: LabTruth = ZLabTruth.parse({
  format: 'lab truth v1 -- test',
  scenario: { name: 'unit', victims: [{ host: 'web', ipv4: '10.0.0.5' }] },
  steps: [
    {
      step: 'scan',
      stage: 'Reconnaissance',
      technique: ['T1595.001 Active Scanning'],
      host: 'web',
      peer_ip: '203.0.113.9',
      start: '2026-01-01T10:00:00Z',
      end: '2026-01-01T10:00:10Z',
      expected_visibility: 'network',
    },
    {
      step: 'dump',
      stage: 'Exploitation',
      technique: ['T1005 Data from Local System'],
      host: 'web',
      peer_ip: null,
      start: '2026-01-01T10:05:00Z',
      end: '2026-01-01T10:05:00Z',
      expected_visibility: 'logs',
    },
  ],
  benign: [],
});

function act(over: Partial<JudgedActivity>): JudgedActivity {
  return {
    id: '1',
    stage: 'recon',
    technique: 'T1595.001',
    host: null,
    hostIps: ['10.0.0.5'],
    peer: '203.0.113.9',
    start: '2026-01-01T10:00:01Z',
    end: '2026-01-01T10:00:09Z',
    network: 'detected',
    logs: 'blind',
    summary: 's',
    ...over,
  };
}

describe('judgeRecording', () => {
  it('a step is right with its host by address, stage, technique and both marks', () => {
    const j = judgeRecording(truth, [
      act({}),
      act({
        id: '2',
        stage: 'exploitation',
        technique: 'T1005',
        peer: null,
        host: 'web',
        hostIps: [],
        start: '2026-01-01T10:05:00Z',
        end: '2026-01-01T10:05:00Z',
        network: 'blind',
        logs: 'detected',
      }),
    ]);
    expect(j.steps.map((s) => s.verdict)).toEqual(['right', 'right']);
    expect(j.right).toBe(2);
    expect(j.unexplained).toEqual([]);
  });

  it('names what is wrong: technique, a source that sees what the truth says it cannot, an unknown host', () => {
    const j = judgeRecording(truth, [act({ technique: 'T1046', logs: 'evidence', hostIps: [] })]);
    expect(j.steps[0]?.verdict).toBe('wrong');
    expect(j.steps[0]?.reasons).toEqual(['host unknown (truth: web)', 'technique T1046 (truth: T1595.001)', 'logs evidence (truth: does not)']);
    expect(j.steps[1]?.verdict).toBe('missed');
  });

  it('a parent technique does not answer a sub-technique, and unknown is not seeing', () => {
    const j = judgeRecording(truth, [act({ technique: 'T1595', logs: 'unknown' })]);
    expect(j.steps[0]?.reasons).toEqual(['technique T1595 (truth: T1595.001)']);
  });

  it('one activity answers at most one step', () => {
    const twin = { ...truth, steps: [truth.steps[0], { ...truth.steps[0], step: 'scan-again' }] } as LabTruth;
    const j = judgeRecording(twin, [act({})]);
    expect(j.steps.map((s) => s.verdict)).toEqual(['right', 'wrong']);
    expect(j.steps[1]?.reasons).toEqual(['its activity already answers another step']);
  });

  it('an activity far from every step, or sharing only the host and the minute, explains nothing', () => {
    const far = act({ id: '9', start: '2026-01-01T12:00:00Z', end: '2026-01-01T12:00:00Z' });
    const sameMinute = act({
      id: '8',
      stage: 'delivery',
      technique: 'T1105',
      peer: '198.51.100.80',
      start: '2026-01-01T10:00:05Z',
      end: '2026-01-01T10:00:06Z',
    });
    const j = judgeRecording(truth, [far, sameMinute]);
    expect(j.unexplained.map((a) => a.id)).toEqual(['9', '8']);
    expect(formatJudgement(j, 'unit')).toContain('**0 of 2 steps right**');
  });
});
