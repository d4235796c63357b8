import { describe, expect, it } from 'vitest';
import { type CompareActivity, compareAssessments, visibilityClass } from './compare-assessments';
import { describeComparison } from './describe-comparison';

let n = 0;
function act(p: Partial<CompareActivity> & Pick<CompareActivity, 'technique' | 'network' | 'logs'>): CompareActivity {
  n++;
  return { id: String(n), stage: 'c2', host: 'web01', peer: '192.0.2.77', start: '2026-03-02T10:00:00.000Z', summary: `a${n}`, ...p };
}

describe('visibilityClass', () => {
  it.each([
    ['detected', 'blind', 'network-only'],
    ['evidence', 'detected', 'both'],
    ['blind', 'evidence', 'logs-only'],
    ['blind', 'blind', 'blind'],
    ['unknown', 'blind', 'blind'],
  ])('network %s, logs %s → %s', (network, logs, cls) => {
    expect(visibilityClass({ network, logs })).toBe(cls);
  });
});

describe('compareAssessments', () => {
  it('matches activities by host, technique and peer, not id, and reports only what changed', () => {
    const before = [
      act({ id: 'x1', technique: 'T1071', network: 'detected', logs: 'blind' }),
      act({ id: 'x2', technique: 'T1046', stage: 'recon', peer: '198.51.100.23', network: 'detected', logs: 'blind' }),
      act({ id: 'x3', technique: 'T1136', stage: 'installation', peer: null, network: 'blind', logs: 'detected' }),
      act({ id: 'x4', technique: 'T1048', stage: 'actions', network: 'detected', logs: 'evidence' }),
    ];
    const after = [
      // same activities, other ids, other order
      act({ id: 'y9', technique: 'T1136', stage: 'installation', peer: null, network: 'blind', logs: 'detected' }),
      act({ id: 'y8', technique: 'T1071', network: 'detected', logs: 'evidence' }),
      act({ id: 'y7', technique: 'T1046', stage: 'recon', peer: '198.51.100.23', network: 'detected', logs: 'blind' }),
      act({ id: 'y6', technique: 'T1048', stage: 'actions', network: 'blind', logs: 'evidence' }),
      act({ id: 'y5', technique: 'T1059', stage: 'exploitation', host: 'db01', peer: null, network: 'blind', logs: 'detected' }),
    ];
    const c = compareAssessments({ name: 'before', activities: before }, { name: 'after', activities: after });
    expect(c.unchanged).toBe(2);
    expect(c.activities.map((a) => [a.kind, a.technique, a.before?.id ?? null, a.after?.id ?? null, a.gained, a.lost])).toEqual([
      ['appeared', 'T1059', null, 'y5', ['logs'], []],
      ['became-visible', 'T1071', 'x1', 'y8', ['logs'], []],
      ['became-invisible', 'T1048', 'x4', 'y6', [], ['network']],
    ]);
    const c2 = c.stages.find((s) => s.stage === 'c2');
    expect(c2?.before).toEqual({ networkOnly: 1, logsOnly: 0, both: 0, blind: 0, total: 1 });
    expect(c2?.after).toEqual({ networkOnly: 0, logsOnly: 0, both: 1, blind: 0, total: 1 });
    expect(c.stages.map((s) => s.stage)).toEqual(['recon', 'weaponization', 'delivery', 'exploitation', 'installation', 'c2', 'actions']);
    expect(c.blindSpots).toBeNull();
  });

  it('pairs repeated keys in time order and counts the extra ones as appeared', () => {
    const before = [act({ technique: 'T1071', network: 'detected', logs: 'blind', start: '2026-03-02T10:00:00.000Z' })];
    const after = [
      act({ technique: 'T1071', network: 'detected', logs: 'blind', start: '2026-03-02T12:00:00.000Z' }),
      act({ technique: 'T1071', network: 'detected', logs: 'blind', start: '2026-03-02T10:00:00.000Z' }),
    ];
    const c = compareAssessments({ name: 'a', activities: before }, { name: 'b', activities: after });
    expect(c.unchanged).toBe(1);
    expect(c.activities).toHaveLength(1);
    expect(c.activities[0]?.kind).toBe('appeared');
    expect(c.activities[0]?.start).toBe('2026-03-02T12:00:00.000Z');
  });

  it('pairs an activity a second source re-labelled (same host, peer and stage)', () => {
    const c = compareAssessments(
      { name: 'a', activities: [act({ technique: 'T1190', stage: 'exploitation', network: 'detected', logs: 'blind' })] },
      { name: 'b', activities: [act({ technique: 'T1059.004', stage: 'exploitation', network: 'detected', logs: 'detected' })] },
    );
    expect(c.activities.map((x) => [x.kind, x.techniqueBefore, x.technique, x.gained])).toEqual([['became-visible', 'T1190', 'T1059.004', ['logs']]]);
  });

  it('lists blind spots opened and closed by kind, source and host', () => {
    const spot = (kind: string, host: string) => ({ kind, source: 'logs', host, ip: null, detail: `${kind} ${host}` });
    const c = compareAssessments(
      { name: 'a', activities: [], blindSpots: [spot('no-execve', 'web01'), spot('log-gap', 'db01')] },
      { name: 'b', activities: [], blindSpots: [spot('log-gap', 'db01'), spot('silent-host', 'ws-002')] },
    );
    expect(c.blindSpots).toEqual([
      { change: 'closed', kind: 'no-execve', source: 'logs', host: 'web01', ip: null, detail: 'no-execve web01' },
      { change: 'opened', kind: 'silent-host', source: 'logs', host: 'ws-002', ip: null, detail: 'silent-host ws-002' },
    ]);
    expect(describeComparison(c).at(-1)).toBe('Blind spots: 1 closed, 1 opened.');
  });

  it('says in words what changed per stage', () => {
    const c = compareAssessments(
      { name: 'March', activities: [act({ technique: 'T1071', network: 'detected', logs: 'blind' })] },
      { name: 'April', activities: [act({ technique: 'T1071', network: 'detected', logs: 'detected' })] },
    );
    const words = describeComparison(c);
    expect(words[0]).toContain('1 activity became visible to another source');
    expect(words).toContain('Command & Control: the logs saw 0 → 1, both 0 → 1.');
  });
});

describe('pairing in time within one key', () => {
  const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
  it('two SSH sessions the logs saw apart, which the flows join into one: both became visible to the network, none disappeared', () => {
    const before = [
      act({ id: 'b1', technique: 'T1021.004', start: at('10:55'), network: 'unknown', logs: 'detected' }),
      act({ id: 'b2', technique: 'T1021.004', start: at('11:07'), network: 'unknown', logs: 'detected' }),
    ];
    const after = [act({ id: 'a1', technique: 'T1021.004', start: at('10:55'), end: at('11:08'), network: 'detected', logs: 'detected' })];
    const c = compareAssessments({ name: 'logs only', activities: before }, { name: 'with flows', activities: after });
    expect(c.activities.map((x) => [x.kind, x.before?.id, x.after?.id])).toEqual([
      ['became-visible', 'b1', 'a1'],
      ['became-visible', 'b2', 'a1'],
    ]);
  });

  it('overlap wins over order: a new early activity appears, the matching one pairs with its own time', () => {
    const before = [act({ id: 'b1', technique: 'T1071', start: at('12:00'), end: at('12:30'), network: 'detected', logs: 'blind' })];
    const after = [
      act({ id: 'a0', technique: 'T1071', start: at('09:00'), network: 'blind', logs: 'detected' }),
      act({ id: 'a1', technique: 'T1071', start: at('12:10'), end: at('12:20'), network: 'detected', logs: 'detected' }),
    ];
    const c = compareAssessments({ name: 'before', activities: before }, { name: 'after', activities: after });
    expect(c.activities.map((x) => [x.kind, x.before?.id, x.after?.id]).sort()).toEqual([
      ['appeared', undefined, 'a0'],
      ['became-visible', 'b1', 'a1'],
    ]);
  });

  it('two sites share no times: activities of one key still pair in time order', () => {
    const before = [act({ id: 'b1', technique: 'T1110', start: at('01:00'), network: 'detected', logs: 'blind' })];
    const after = [act({ id: 'a1', technique: 'T1110', start: at('05:00'), network: 'detected', logs: 'detected' })];
    const c = compareAssessments({ name: 'site A', activities: before }, { name: 'site B', activities: after });
    expect(c.activities.map((x) => [x.kind, x.before?.id, x.after?.id])).toEqual([['became-visible', 'b1', 'a1']]);
  });
});

describe('stageTrend', () => {
  it('gives per stage the share of activity × source pairs that saw something, one point per assessment in analysis order', async () => {
    const { orderSeries, stageTrend } = await import('./stage-trend');
    const series = orderSeries([
      { name: 'May', analyzedAt: '2026-05-01T00:00:00Z', activities: [act({ technique: 'T1071', network: 'detected', logs: 'detected' })] },
      {
        name: 'March',
        analyzedAt: '2026-03-01T00:00:00Z',
        activities: [act({ technique: 'T1071', network: 'blind', logs: 'blind' }), act({ technique: 'T1572', network: 'detected', logs: 'blind' })],
      },
    ]);
    const t = stageTrend(series);
    expect(t.map((p) => [p.name, p.seen.c2, p.network.c2, p.logs.c2, p.total.c2, p.seen.recon])).toEqual([
      ['March', 25, 1, 0, 2, null],
      ['May', 100, 1, 1, 1, null],
    ]);
  });
});
