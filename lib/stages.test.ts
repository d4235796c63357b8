import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPool } from './db/client';
import { STAGES, stageOfTactic, stageOrderSql, TACTIC_STAGES } from './stages';

afterAll(closeDb);

describe('stage order', () => {
  it('SQL sorts stages in the order of STAGES, bound as a parameter', async () => {
    const shuffled = ['c2', 'recon', 'actions', 'weaponization', 'installation', 'delivery', 'exploitation'];
    const { rows } = await getPool().query<{ stage: string }>(`SELECT stage FROM unnest($1::text[]) AS stage ORDER BY ${stageOrderSql(2)}`, [shuffled, STAGES]);
    expect(rows.map((r) => r.stage)).toEqual([...STAGES]);
    expect(stageOrderSql(4, 'a.stage')).toBe('array_position($4::text[], a.stage)');
  });
});

describe('tactic → stage mapping', () => {
  it('follows the kill-chain mapping of docs/ANCHORS.md (Discovery and Lateral Movement are Exploitation)', () => {
    expect(stageOfTactic('reconnaissance')).toBe('recon');
    expect(stageOfTactic('discovery')).toBe('exploitation');
    expect(stageOfTactic('lateral-movement')).toBe('exploitation');
    expect(stageOfTactic('command-and-control')).toBe('c2');
    expect(stageOfTactic('exfiltration')).toBe('actions');
    expect(new Set(Object.values(TACTIC_STAGES)).size).toBe(STAGES.length);
  });
});
