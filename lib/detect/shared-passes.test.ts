// Exactness of detection in shared passes (issue 17): every detector that reads the detect
// stage's shared tables (lib/detect/shared-passes.ts) writes exactly the detections it writes
// from the flow rows (its record-level definition, the path a detector takes when it runs
// alone) — same rows, same scores, summaries and evidence — on the recorded intrusions, on real
// public traces, and on generated scenarios, at the default thresholds and at sensitive ones
// (other windows too, so several volume tables are built in one analysis).
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, hasFixtures } from '../../test/fixtures';
import { loadedAssessments, recording } from '../../test/kits/loaded-assessments';
import { detectionsOf } from '../../test/kits/shared-detections';
import { generateScenario } from '../generate/generate-scenario';
import { detectors } from './registry';

/** The detectors that read the shared passes (the rest still read `flow` themselves). */
const MOVED = [
  'network.exposed-service',
  'network.ingress-transfer',
  'network.exploit-callback',
  'network.beaconing',
  'network.exfil-ratio',
  'network.exfil-relative',
  'network.large-outbound',
  'network.chunked-transfer',
  'network.web-probe',
] as const;

/** Low thresholds and other windows, so the quieter detectors have something to write. */
const SENSITIVE: Record<string, Record<string, number>> = {
  'network.exposed-service': { minPackets: 1, scanTargets: 2 },
  'network.ingress-transfer': { minBytes: 2_000, windowSeconds: 900 },
  'network.exploit-callback': { windowSeconds: 900, baselineSeconds: 0 },
  'network.beaconing': { minConnections: 3 },
  'network.exfil-ratio': { minBytes: 20_000, pcr: 0.1, windowSeconds: 600 },
  'network.exfil-relative': { minBytes: 20_000, pcr: 0.2, windowSeconds: 1_800 },
  'network.large-outbound': { minBytes: 50_000, windowSeconds: 7_200 },
  'network.chunked-transfer': { minBytes: 500, chunks: 3, tolerance: 0.2 },
  'network.web-probe': { sessions: 3, windowSeconds: 300 },
};

const { datasets, load, scratchDir } = loadedAssessments('shared passes');

beforeAll(async () => {
  await load('webshop-intrusion nfdump CSV', [{ kind: 'flows', file: recording('webshop-intrusion', 'flows.csv') }]);
  await load('webshop-intrusion IPFIX (two-way rows)', [{ kind: 'flows', file: recording('webshop-intrusion', 'ipfix.pcap') }]);
  await load('appliance-exfil nfdump CSV', [{ kind: 'flows', file: recording('appliance-exfil', 'flows.csv') }]);
  if (hasFixtures) {
    await load('zeek ftp bruteforce (nfpcapd)', [{ kind: 'flows', file: fixture('flows/derived/zeek-ftp-bruteforce/zeek_ftp_bruteforce.nfpcapd.nfdump.csv') }]);
    await load('pmacct multi-source', [{ kind: 'flows', file: fixture('flows/derived/replayed-vendor-netflow/pmacct_110_multi_source.nfdump.csv') }]);
  }
  for (const seed of [3, 11]) {
    const gen = await generateScenario({ outDir: scratchDir(`shared-passes-${seed}`), hosts: 12, days: 0.5, seed });
    await load(`generated 12 hosts × 12 h, seed ${seed}`, [
      { kind: 'inventory', file: gen.files.inventory },
      ...gen.files.flows.map((file) => ({ kind: 'flows' as const, file })),
    ]);
  }
}, 600_000);

describe('detection in shared passes equals the record-level definition', () => {
  it.each(MOVED)(
    '%s',
    async (id) => {
      const d = detectors.find((x) => x.id === id);
      if (!d) throw new Error(`no detector ${id}`);
      let found = 0;
      for (const ds of datasets) {
        for (const [name, overrides] of [
          ['defaults', {}],
          ['sensitive', { [id]: SENSITIVE[id] ?? {} }],
        ] as const) {
          const fromFlows = await detectionsOf(d, ds.assessmentId, overrides, false);
          const fromShared = await detectionsOf(d, ds.assessmentId, overrides, true);
          expect(fromShared, `${ds.label}, ${name}`).toEqual(fromFlows);
          found += fromFlows.length;
        }
      }
      // Not vacuous: the comparison covered detections, not only empty results.
      expect(found).toBeGreaterThan(0);
    },
    300_000,
  );
});
