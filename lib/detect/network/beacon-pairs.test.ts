// The beaconing detector's per-pair statistics, computed in one ordered pass (beacon-pairs.ts),
// equal the SQL aggregates that defined them before (test/kits/beacon-reference.ts): interval and
// size quartiles and MADs, hourly histogram, hours seen, span and coverage, flow ids and burst
// candidates, for every pair, on the recorded intrusions and on generated scenarios, with and
// without the detect stage's shared passes, at the default and at sensitive thresholds.
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceBeaconPairs } from '../../../test/kits/beacon-reference';
import { loadedAssessments, recording } from '../../../test/kits/loaded-assessments';
import { getPool } from '../../db/client';
import { generateScenario } from '../../generate/generate-scenario';
import { DEFAULT_INTERNAL_RANGES, readSettings } from '../../settings';
import { thresholdsFor } from '../registry';
import { buildSharedPasses } from '../shared-passes';
import { beaconing, forEachBeaconSource, readBeaconPairs } from './beaconing';

const { datasets, load, scratchDir } = loadedAssessments('beacon pairs');

beforeAll(async () => {
  for (const name of ['webshop-intrusion', 'appliance-exfil']) {
    await load(`${name} nfdump CSV`, [{ kind: 'flows', file: recording(name, 'flows.csv') }]);
  }
  for (const seed of [5, 17]) {
    const gen = await generateScenario({ outDir: scratchDir(`beacon-pairs-${seed}`), hosts: 10, days: 1, seed, attacks: ['ssh-intrusion', 'web-exploit'] });
    await load(`generated 10 hosts × 1 day, seed ${seed}`, [
      { kind: 'inventory', file: gen.files.inventory },
      ...gen.files.flows.map((file) => ({ kind: 'flows' as const, file })),
    ]);
  }
}, 600_000);

const key = (x: { src: string; dst: string; port: number }) => `${x.src}|${x.dst}|${x.port}`;

describe('beacon pair statistics in one pass equal the SQL aggregates', () => {
  it.each([
    ['defaults', {}],
    ['sensitive', { minConnections: 3, burstConnections: 4, burstWindowSeconds: 120 }],
  ] as const)(
    '%s',
    async (_name, overrides) => {
      let pairs = 0;
      let bursts = 0;
      for (const ds of datasets) {
        for (const sharedPass of [false, true]) {
          const client = await getPool().connect();
          try {
            await client.query('BEGIN');
            await client.query('SET LOCAL enable_nestloop = off');
            const t = thresholdsFor(beaconing, readSettings({ detectors: { 'network.beaconing': overrides } }));
            const shared = sharedPass ? await buildSharedPasses(client, ds.assessmentId, DEFAULT_INTERNAL_RANGES) : undefined;
            const ours = await readBeaconPairs(client, ds.assessmentId, t, DEFAULT_INTERNAL_RANGES, shared);
            const ref = await referenceBeaconPairs(client, ds.assessmentId, t, DEFAULT_INTERNAL_RANGES, shared);
            const label = `${ds.label}${sharedPass ? ', shared passes' : ''}`;
            expect(ours.map(key).sort(), label).toEqual(ref.map(key).sort());
            const byKey = new Map(ours.map((p) => [key(p), p]));
            for (const r of ref) {
              const p = byKey.get(key(r));
              if (!p) throw new Error(`${label}: no pair ${key(r)}`);
              const where = `${label}: ${key(r)}`;
              const q = (arr: number[] | null, mad: number | null) => (arr && mad !== null ? { q1: arr[0], q2: arr[1], q3: arr[2], mad } : null);
              expect({ n: p.n, ut: p.ut, nz: p.nz, via: p.via, prevalence: p.prevalence, resolver: p.resolver }, where).toEqual({
                n: Number(r.n),
                ut: Number(r.ut),
                nz: r.nz === null ? null : Number(r.nz),
                via: r.via,
                prevalence: r.prevalence,
                resolver: r.resolver,
              });
              expect(p.intervals, where).toEqual(q(r.iq, r.imad));
              expect(p.sizes, where).toEqual(q(r.bq, r.bmad));
              expect(p.hourly, where).toEqual((r.hourly ?? []).map(Number));
              expect(p.hours, where).toEqual(r.hours ?? []);
              if (r.coverage === null) expect(p.coverage, where).toBeNull();
              else expect(p.coverage, where).toBeCloseTo(Number(r.coverage), 12);
              expect([p.s.getTime(), p.e.getTime()], where).toEqual([r.s.getTime(), r.e.getTime()]);
              expect(p.ids, where).toEqual(r.ids);
              expect(p.burst, where).toEqual(r.bts && r.bbs && r.bids ? { ts: r.bts.map(Number), bs: r.bbs, ids: r.bids.map((ids) => ids.map(String)) } : null);
              pairs += 1;
              if (p.burst) bursts += 1;
            }
          } finally {
            await client.query('ROLLBACK');
            client.release();
          }
        }
      }
      // Not vacuous: pairs, and pairs with burst candidates, were compared.
      expect(pairs).toBeGreaterThan(20);
      expect(bursts).toBeGreaterThan(0);
    },
    300_000,
  );
});

describe("the pairs' cursor", () => {
  it('a statement that fails inside the loop is the error the caller sees, not the refused CLOSE after it', async () => {
    const ds = datasets[0];
    if (!ds) throw new Error('no dataset');
    const client = await getPool().connect();
    try {
      await client.query('BEGIN');
      const t = thresholdsFor(beaconing, readSettings({}));
      // As when a delete cancels the analysis's statement: the transaction is aborted, so the
      // cursor's CLOSE is refused ("current transaction is aborted").
      const failing = forEachBeaconSource(client, ds.assessmentId, t, DEFAULT_INTERNAL_RANGES, undefined, async () => {
        await client.query('SELECT 1 / 0');
      });
      await expect(failing).rejects.toThrow('division by zero');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
