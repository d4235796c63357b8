import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPool } from './db/client';
import { VISIBILITIES } from './stages';
import { activityClassOf, sourceSaw, visibilityClassOf, visibilityClassSql } from './visibility-class';

afterAll(closeDb);

describe('visibility class', () => {
  it.each([
    ['detected', 'blind', 'network-only'],
    ['evidence', 'blind', 'network-only'],
    ['blind', 'detected', 'logs-only'],
    ['blind', 'evidence', 'logs-only'],
    ['detected', 'evidence', 'both'],
    ['evidence', 'detected', 'both'],
    ['detected', 'detected', 'both'],
    ['blind', 'blind', 'none'],
    // unknown: the silent source cannot be tied to the host — not "only the other one saw it"
    ['detected', 'unknown', 'unknown'],
    ['unknown', 'evidence', 'unknown'],
    ['unknown', 'unknown', 'unknown'],
  ] as const)('network %s, logs %s → %s', (network, logs, cls) => expect(activityClassOf(network, logs)).toBe(cls));

  it('an unknown source is never counted as having seen it', () => {
    expect(sourceSaw('unknown')).toBe(false);
    expect(visibilityClassOf(sourceSaw('detected'), sourceSaw('unknown'))).toBe('network-only');
  });

  it('the database function visibility_class agrees on every pair of visibilities', async () => {
    const pairs = VISIBILITIES.flatMap((n) => VISIBILITIES.map((l) => [n, l] as const));
    const { rows } = await getPool().query<{ n: (typeof VISIBILITIES)[number]; l: (typeof VISIBILITIES)[number]; cls: string }>(
      `SELECT n, l, ${visibilityClassSql('n', 'l')} AS cls FROM unnest($1::text[], $2::text[]) AS p(n, l)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    expect(rows).toHaveLength(16);
    for (const r of rows) expect([r.n, r.l, r.cls]).toEqual([r.n, r.l, activityClassOf(r.n, r.l)]);
  });
});
