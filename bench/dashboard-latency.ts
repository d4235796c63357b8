// Does the dashboard keep answering while a big upload is ingested (issue 10)? An analysed
// assessment (a generated scenario) is read with every query its overview page runs, first
// with nothing else going on (the baseline, same run), then over and over while a child
// process ingests N flows into another assessment. Reported: page-query latency idle vs
// during ingest, and the ingest's own time. Measured at the query layer the pages call (the
// Next.js rendering on top is the same in both phases).
import fs from 'node:fs';
import path from 'node:path';
import { generateScenario } from '../lib/generate/generate-scenario';
import { getActivities } from '../lib/queries/get-activities';
import { getBlindSpots } from '../lib/queries/get-blind-spots';
import { getCostOfSeeing } from '../lib/queries/get-cost-of-seeing';
import { getHostStageMatrix } from '../lib/queries/get-host-stage-matrix';
import { getStageCoverage } from '../lib/queries/get-stage-coverage';
import { getTechniqueVisibility } from '../lib/queries/get-technique-visibility';
import { getTimeline } from '../lib/queries/get-timeline';
import { writeNfdumpCsv } from './gen/synthetic-flows';
import { runChild } from './support/child';
import { type BenchContext, type BenchResult, fmtInt, fmtMs, fmtRatio, median } from './support/context';
import { resetTables } from './support/db';
import type { E2eChildInput, E2eChildResult } from './support/e2e-child';
import type { IngestChildInput, IngestChildResult } from './support/ingest-child';

const here = import.meta.dirname;
const IDLE_SAMPLES = 40;
const RATIO_GOAL = 3;

/** Every query the assessment overview page runs, as it runs them (in parallel). */
async function overviewQueries(assessmentId: string): Promise<number> {
  const t0 = performance.now();
  await Promise.all([
    getStageCoverage(assessmentId),
    getActivities(assessmentId, { limit: 50, offset: 0 }),
    getHostStageMatrix(assessmentId),
    getTimeline(assessmentId),
    getTechniqueVisibility(assessmentId),
    getBlindSpots(assessmentId),
    getCostOfSeeing(assessmentId),
  ]);
  return performance.now() - t0;
}

const p95 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;

export async function benchDashboardLatency(ctx: BenchContext, opts: { flows: number }): Promise<BenchResult> {
  const outDir = path.join(ctx.workDir, 'latency-scenario');
  const flowsFile = path.join(ctx.workDir, 'latency-flows.csv');
  const tables = ['activity_evidence', 'activity', 'blind_spot', 'detection', 'flow', 'log_event'];
  const assessments: string[] = [];
  try {
    ctx.log('dashboard latency: preparing an analysed assessment (20 hosts × 1 day)');
    const gen = await generateScenario({ outDir, hosts: 20, days: 1, seed: 4 });
    const prepared = await runChild<E2eChildResult>(path.join(here, 'support', 'e2e-child.ts'), {
      inputs: [
        { kind: 'inventory', path: gen.files.inventory },
        { kind: 'logs', path: gen.files.logs },
        ...gen.files.flows.map((p) => ({ kind: 'flows' as const, path: p })),
      ],
    } satisfies E2eChildInput);
    const id = prepared.result.assessmentId;
    assessments.push(id);
    ctx.log(`  writing ${fmtInt(opts.flows)} flows for the concurrent ingest`);
    await writeNfdumpCsv(flowsFile, opts.flows);

    for (let i = 0; i < 3; i++) await overviewQueries(id); // warm the caches, as a visited page would be
    const idle: number[] = [];
    for (let i = 0; i < IDLE_SAMPLES; i++) idle.push(await overviewQueries(id));

    ctx.log('  ingesting while reading the overview');
    let done = false;
    const ingest = runChild<IngestChildResult>(path.join(here, 'support', 'ingest-child.ts'), {
      input: flowsFile,
      kind: 'flows',
      name: 'bench latency load',
    } satisfies IngestChildInput).finally(() => {
      done = true;
    });
    const during: number[] = [];
    while (!done) during.push(await overviewQueries(id));
    const load = await ingest;
    assessments.push(load.result.assessmentId);

    const ratio = median(during) / median(idle);
    ctx.log(`  idle median ${fmtMs(median(idle))}, during ingest ${fmtMs(median(during))} (${during.length} samples), ratio ${fmtRatio(ratio)}`);
    return {
      name: 'dashboard-latency',
      title: 'Dashboard latency during an ingest',
      command: 'npm run bench -- --only dashboard-latency',
      measures: `An analysed assessment (generated, 20 hosts × 1 day) is read with every query the overview page runs (coverage, first activity page, host × stage matrix, timeline, ATT&CK view, blind spots, cost of seeing; in parallel as the page runs them): ${IDLE_SAMPLES} times with nothing else running (baseline), then continuously while another process ingests ${fmtInt(opts.flows)} nfdump CSV flows into another assessment. Query layer, not HTTP: the rendering on top is the same in both phases.`,
      table: {
        headers: ['phase', 'samples', 'median', 'p95', 'max', 'ratio to idle (median)'],
        rows: [
          ['idle (baseline)', idle.length, fmtMs(median(idle)), fmtMs(p95(idle)), fmtMs(Math.max(...idle)), '1.00'],
          [
            `during the ingest of ${fmtInt(opts.flows)} flows (${fmtMs(load.result.ingestMs)})`,
            during.length,
            fmtMs(median(during)),
            fmtMs(p95(during)),
            fmtMs(Math.max(...during)),
            fmtRatio(ratio),
          ],
        ],
      },
      goals: [{ goal: `overview queries during an ingest within ${RATIO_GOAL}× of idle (median)`, value: `${fmtRatio(ratio)}×`, isMet: ratio <= RATIO_GOAL }],
      details: { idle, during, ingestMs: load.result.ingestMs, records: load.result.records, prepared: prepared.result },
    };
  } finally {
    await resetTables(ctx.pool, ctx.db, tables, assessments);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(flowsFile, { force: true });
  }
}
