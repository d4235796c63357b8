import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPool } from './db/client';
import { VISIBILITIES } from './stages';
import { sourceSaw, visibilityClassOf, visibilityClassSql } from './visibility-class';

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
  ] as const)('network %s, logs %s → %s', (network, logs, cls) => expect(visibilityClassOf(sourceSaw(network), sourceSaw(logs))).toBe(cls));

  it('the database function visibility_class agrees on every pair of visibilities', async () => {
    const pairs = VISIBILITIES.flatMap((n) => VISIBILITIES.map((l) => [n, l] as const));
    const { rows } = await getPool().query<{ n: (typeof VISIBILITIES)[number]; l: (typeof VISIBILITIES)[number]; cls: string }>(
      `SELECT n, l, ${visibilityClassSql('n', 'l')} AS cls FROM unnest($1::text[], $2::text[]) AS p(n, l)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    expect(rows).toHaveLength(9);
    for (const r of rows) expect([r.n, r.l, r.cls]).toEqual([r.n, r.l, visibilityClassOf(sourceSaw(r.n), sourceSaw(r.l))]);
  });
});
