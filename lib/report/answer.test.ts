import { describe, expect, test } from 'vitest';
import type { ActivityRow } from '../queries/get-activities';
import { STAGES } from '../stages';
import { answerText, buildAnswer, factsFromActivities } from './answer';
import { COVERAGE_CLASSES, type CoverageClass, coverageClass, totalOf } from './coverage-class';

type Row = Pick<ActivityRow, 'stage' | 'technique' | 'host' | 'hostIps' | 'network' | 'logs'>;
const row = (stage: Row['stage'], technique: string, network: Row['network'], logs: Row['logs'], host: string | null = 'web01'): Row => ({
  stage,
  technique,
  host,
  hostIps: host === 'noaddr' ? [] : ['10.0.0.5'],
  network,
  logs,
});

describe('coverageClass', () => {
  test.each<[Row['network'], Row['logs'], boolean, CoverageClass]>([
    ['detected', 'blind', true, 'networkOnly'],
    ['evidence', 'blind', true, 'networkOnly'],
    ['blind', 'detected', true, 'logsOnly'],
    ['blind', 'detected', false, 'unknown'], // no address a flow could carry
    ['detected', 'detected', true, 'bothDetected'],
    ['detected', 'evidence', true, 'oneWithEvidence'],
    ['evidence', 'detected', true, 'oneWithEvidence'],
    ['blind', 'blind', true, 'unknown'],
    ['detected', 'unknown', true, 'unknown'], // stored unknown wins over the host facts
    ['unknown', 'detected', true, 'unknown'],
    ['unknown', 'evidence', true, 'unknown'],
  ])('network %s, logs %s, address %s → %s', (network, logs, hostHasAddress, cls) => {
    expect(coverageClass({ network, logs, hostHasAddress })).toBe(cls);
  });
});

describe('buildAnswer', () => {
  const rows: Row[] = [
    row('recon', 'T1046', 'detected', 'blind'),
    row('recon', 'T1046', 'detected', 'blind'),
    row('delivery', 'T1110.001', 'detected', 'detected'),
    row('delivery', 'T1110.001', 'blind', 'detected'),
    row('exploitation', 'T1190', 'detected', 'evidence'),
    row('installation', 'T1105', 'detected', 'blind', 'db01'),
    row('actions', 'T1048', 'blind', 'detected', 'noaddr'),
  ];
  const facts = factsFromActivities(rows);
  const a = buildAnswer(facts, [{ kind: 'host_without_logs', source: 'logs', host: 'db01', ip: '10.0.0.9', detail: 'db01 sent no logs' }]);

  test('counts every activity exactly once, per stage and in total', () => {
    expect(a.counts).toEqual({ networkOnly: 3, logsOnly: 1, bothDetected: 1, oneWithEvidence: 1, unknown: 1 });
    expect(a.total).toBe(rows.length);
    for (const k of COVERAGE_CLASSES) expect(a.stages.reduce((n, s) => n + s.counts[k], 0)).toBe(a.counts[k]);
    expect(a.stages.map((s) => s.stage)).toEqual([...STAGES]);
  });

  test('the lead names what each source alone saw, in words', () => {
    expect(a.lead[0]).toBe(
      'Of 7 attacker activities, 3 were seen by the network only, 1 by the logs only, 1 detected by both, ' +
        '1 detected by one source with evidence in the other, and 1 unknown (the silent source does not cover the host).',
    );
    expect(a.lead).toContain('Only the network saw: port scan and tool download.');
    expect(a.lead).toContain('Only the logs saw: password guessing.');
    expect(a.lead).toContain('Both sources saw: exploit of a public-facing service and password guessing.');
    expect(a.lead).toContain('Neither source saw anything in: Weaponization and Command & Control.');
  });

  test('one sentence per stage whose numbers are the stage counts', () => {
    const by = Object.fromEntries(a.stages.map((s) => [s.stage, s.sentence]));
    expect(by.recon).toBe('Reconnaissance: 2 activities — 2 network only (port scan).');
    expect(by.weaponization).toBe('Weaponization: happens in the attacker’s own environment; neither source can see it.');
    expect(by.delivery).toBe('Delivery: 2 activities — 1 logs only (password guessing) and 1 both detected (password guessing).');
    expect(by.c2).toBe('Command & Control: no activity found by either source.');
    for (const s of a.stages) {
      const stated = s.sentence.match(/(\d+) activit/);
      expect(Number(stated?.[1] ?? 0)).toBe(totalOf(s.counts));
    }
  });

  test('blind spots come with their cost, the costliest first', () => {
    expect(a.blindSpots.map((b) => b.sentence)).toEqual([
      'Without the flow export, 3 activities would go unseen (port scan and tool download).',
      'Without the logs, 1 activity would go unseen (password guessing).',
      'db01 sent no logs: 1 activity on it cannot be confirmed by the host (tool download).',
    ]);
  });

  test('the plain text holds the lead, every stage and the blind spots', () => {
    const text = answerText(a);
    for (const s of [...a.lead, ...a.stages.map((x) => x.sentence), ...a.blindSpots.map((b) => b.sentence)]) expect(text).toContain(s);
  });

  test('no activities: one honest sentence', () => {
    const empty = buildAnswer([]);
    expect(empty.lead).toEqual(['Neither source showed any attacker activity in this data.']);
    expect(empty.blindSpots).toEqual([]);
  });
});
