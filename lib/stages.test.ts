import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPool } from './db/client';
import { STAGES, stageOrderSql } from './stages';

afterAll(closeDb);

describe('stage order', () => {
  it('SQL sorts stages in the order of STAGES, bound as a parameter', async () => {
    const shuffled = ['c2', 'recon', 'actions', 'weaponization', 'installation', 'delivery', 'exploitation'];
    const { rows } = await getPool().query<{ stage: string }>(`SELECT stage FROM unnest($1::text[]) AS stage ORDER BY ${stageOrderSql(2)}`, [shuffled, STAGES]);
    expect(rows.map((r) => r.stage)).toEqual([...STAGES]);
    expect(stageOrderSql(4, 'a.stage')).toBe('array_position($4::text[], a.stage)');
  });
});
