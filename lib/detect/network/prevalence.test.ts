// RITA's prevalence as the detectors read it (`prev`: counted from the sessions inline, or from
// the detect stage's shared table) equals its definition written out with count(DISTINCT …)
// — internal hosts that reached an external destination ÷ internal hosts that opened any session,
// NULL below the minimum network size — on a recorded intrusion and on a generated network.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadedAssessments, recording } from '../../../test/kits/loaded-assessments';
import { getPool } from '../../db/client';
import { generateScenario } from '../../generate/generate-scenario';
import { DEFAULT_INTERNAL_RANGES } from '../../settings';
import { buildNetworkPasses } from '../shared-passes';
import { isInternal, sessionsCte } from '../sql';
import { prevalenceCte } from './prevalence';

const { datasets, load, scratchDir } = loadedAssessments('prevalence');

beforeAll(async () => {
  await load('webshop-intrusion nfdump CSV', [{ kind: 'flows', file: recording('webshop-intrusion', 'flows.csv') }]);
  const gen = await generateScenario({ outDir: scratchDir('prevalence'), hosts: 12, days: 1, seed: 3, attacks: ['web-exploit'] });
  await load(
    'generated 12 hosts × 1 day',
    gen.files.flows.map((file) => ({ kind: 'flows' as const, file })),
  );
}, 600_000);

/** The definition, as it read before the counts were shared: two count(DISTINCT …) over the sessions. */
const DEFINITION = `WITH ${sessionsCte()}, netsize AS (
    SELECT greatest(count(DISTINCT s.src_ip), 1)::float8 AS hosts FROM sess s WHERE ${isInternal('s.src_ip', 2)}
  )
  SELECT host(s.dst_ip) AS dst, CASE WHEN (SELECT hosts FROM netsize) >= $3 THEN count(DISTINCT s.src_ip) / (SELECT hosts FROM netsize) END AS prevalence
  FROM sess s WHERE ${isInternal('s.src_ip', 2)} AND NOT ${isInternal('s.dst_ip', 2)} GROUP BY s.dst_ip ORDER BY s.dst_ip`;

describe('prevalence', () => {
  it.each([
    ['at the default minimum network size', 3],
    ['when the network is too small to say', 10_000],
  ])('equals its definition, inline and from the shared pass, %s', async (_name, minHosts) => {
    for (const ds of datasets) {
      const client = await getPool().connect();
      try {
        await client.query('BEGIN');
        const params = [ds.assessmentId, DEFAULT_INTERNAL_RANGES, minHosts];
        const want = (await client.query(DEFINITION, params)).rows;
        expect(want.length, ds.label).toBeGreaterThan(0);
        if (minHosts === 3)
          expect(
            want.some((r) => r.prevalence !== null && r.prevalence < 1),
            ds.label,
          ).toBe(true);
        const read = (table?: string) =>
          client.query(
            `WITH ${sessionsCte()}, ${prevalenceCte(2, 3, table)} SELECT host(dst_ip) AS dst, prevalence FROM prev WHERE $1::uuid IS NOT NULL AND $2::inet[] IS NOT NULL ORDER BY dst_ip`,
            params,
          );
        expect((await read()).rows, `${ds.label}, inline`).toEqual(want);
        const shared = await buildNetworkPasses(client, ds.assessmentId, DEFAULT_INTERNAL_RANGES);
        expect((await read(shared.prevalence)).rows, `${ds.label}, shared`).toEqual(want);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    }
  });
});
