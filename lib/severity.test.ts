import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPool } from './db/client';
import { SEVERITY_BANDS, severityOf, severitySql } from './severity';

afterAll(closeDb);

describe('severity from score', () => {
  it.each([
    [0, 'low'],
    [0.69, 'low'],
    [0.7, 'medium'],
    [0.89, 'medium'],
    [0.9, 'high'],
    [0.949, 'high'],
    [0.95, 'critical'],
    [1, 'critical'],
  ] as const)('severityOf(%s) = %s', (score, severity) => expect(severityOf(score)).toBe(severity));

  it('the database function severity_of agrees with SEVERITY_BANDS at, just under and between every band edge', async () => {
    const edges = SEVERITY_BANDS.map((b) => b.minScore);
    const scores = [-1, 0, 0.5, 1, 2, ...edges, ...edges.map((e) => e - 1e-9), ...edges.map((e) => e + 1e-9)];
    const { rows } = await getPool().query<{ score: number; severity: string }>(
      `SELECT s AS score, ${severitySql('s')} AS severity FROM unnest($1::float8[]) AS s`,
      [scores],
    );
    expect(rows).toHaveLength(scores.length);
    for (const r of rows) expect([r.score, r.severity]).toEqual([r.score, severityOf(r.score)]);
  });
});
