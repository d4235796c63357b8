// Flow ingest (issue 3): N synthetic flow records as nfdump legacy CSV and as IPFIX in pcap,
// ingested end to end (sniff, parse, stitch, COPY) vs a bare COPY of the same rows.
// Goals (issue 17): ≤ 2× the time of a bare COPY of the same rows into an unindexed table; peak RSS
// flat with size and < 300 MB at 10 M.
import fs from 'node:fs';
import path from 'node:path';
import { writeIpfixPcap, writeNfdumpCsv } from './gen/synthetic-flows';
import { type BenchContext, type BenchResult, fmtInt, type Goal } from './support/context';
import { type IngestCaseResult, ingestGoals, ingestTable, measureIngestVsCopy, rssGoals, sizeOf } from './support/ingest-vs-copy';

export function sizeLabel(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
}

export const FLOW_FORMATS = ['nfdump-csv', 'ipfix-pcap'] as const;
export type FlowFormat = (typeof FLOW_FORMATS)[number];

export async function benchFlowIngest(ctx: BenchContext, sizes: readonly number[], formats: readonly FlowFormat[] = FLOW_FORMATS): Promise<BenchResult> {
  const cases: IngestCaseResult[] = [];
  for (const n of sizes) {
    for (const format of formats) {
      const file = path.join(ctx.workDir, `flows-${sizeLabel(n)}.${format === 'nfdump-csv' ? 'csv' : 'pcap'}`);
      ctx.log(`flow ingest: generating ${fmtInt(n)} records as ${format}`);
      try {
        if (format === 'nfdump-csv') await writeNfdumpCsv(file, n);
        else await writeIpfixPcap(file, n);
        cases.push(await measureIngestVsCopy(ctx, { label: `${format} ${sizeLabel(n)}`, input: file, kind: 'flows', inputBytes: sizeOf(file) }));
      } finally {
        fs.rmSync(file, { force: true });
      }
    }
  }
  const goals: Goal[] = [
    ...ingestGoals(cases),
    ...rssGoals(
      formats.map((format) => ({
        name: format,
        sized: sizes.map((n) => ({ size: sizeLabel(n), c: cases.find((c) => c.label === `${format} ${sizeLabel(n)}`) })),
      })),
    ),
  ];
  // The default run (1 M, both formats) is `flow-ingest`; other selections get their own file.
  const isDefault = sizes.length === 1 && sizes[0] === 1_000_000 && formats.length === FLOW_FORMATS.length;
  const suffix = isDefault ? '' : `-${sizes.map(sizeLabel).join('-')}${formats.length === FLOW_FORMATS.length ? '' : `-${formats.join('-')}`}`;
  const args = [
    sizes.length === 2 && sizes[1] === 10_000_000 && sizes[0] === 1_000_000 ? '--full' : isDefault ? '' : `--sizes ${sizes.map(sizeLabel).join(',')}`,
    formats.length === FLOW_FORMATS.length ? '' : `--formats ${formats.join(',')}`,
  ].filter(Boolean);
  return {
    name: `flow-ingest${suffix}`,
    title: `Flow ingest${suffix ? ` (${sizes.map(sizeLabel).join(', ')}${formats.length === FLOW_FORMATS.length ? '' : `, ${formats.join(', ')}`})` : ''}`,
    command: `npm run bench -- --only flow-ingest${args.length ? ` ${args.join(' ')}` : ''}`,
    measures:
      "Synthetic flows (500 hosts, 20 000 peers, 7 days) written as nfdump legacy CSV and IPFIX-in-pcap with the generator's writers, ingested through `ingestUpload` in a child process (sniff, parse, stitch, COPY, index, attach; one transaction); baseline: bare `COPY … FROM STDIN` of the same pre-rendered rows into a table with the same columns and no index or constraint; beside it, the same COPY into the indexed `flow` table (the baseline of results before 2026-12-05); same run, empty tables each time.",
    table: ingestTable(cases, 'records'),
    goals,
    details: { sizes, cases },
  };
}
