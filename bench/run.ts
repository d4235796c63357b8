// Runs Sightline's benchmark suite. `npm run bench` (1 M sizes), `npm run bench -- --full`
// (adds 10 M flows and the 200-host × 7-day end-to-end run). Options:
//   --sizes 1M,10M      flow-ingest sizes (default 1M; --full: 1M,10M)
//   --formats nfdump-csv,ipfix-pcap   flow-ingest formats (default both)
//   --log-events 1M     log-ingest sizes (default 1M; --full: 1M,10M)
//   --correlate-rows 1M flows and log events each in the correlation bench (10 k detections)
//   --e2e-hosts 250 --e2e-days 7   size of the end-to-end scenario (≈ 1 M flows + 1.3 M log events)
//   --cli-flows 1M,10M  sizes of the cli-scale bench (default 1M; --full: 1M,10M)
//   --sim-hosts 40 --sim-days 1    size of the scale-sim scenario (hash-partitioned by host, docs/SCALE.md)
//   --latency-flows 1M  flows ingested while the dashboard-latency bench reads the overview
//   --detect-hosts 40 --detect-days 2   size of the detect-scale scenario; --detect-no-default skips the capped planner-default run
//   --only a,b          flow-ingest, log-ingest, correlate, detect-scale, dashboard-latency, end-to-end, scale-sim, cli-scale
//   --reps N            repetitions per measurement (median reported; default 3, 1 above 5 M rows)
//   --profile           also run each ingest once under --cpu-prof (kept in data/bench-profiles) and list its hot spots
//   --no-write          print results without touching bench/results and bench/README.md
// Starts its own embedded PostgreSQL (removed at the end) unless DATABASE_URL is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { closeDb } from '../lib/db/client';
import { dataRoot } from '../lib/db/paths';
import { benchCliScale } from './cli-scale';
import { benchCorrelate } from './correlate';
import { benchDashboardLatency } from './dashboard-latency';
import { benchDetectScale } from './detect-scale';
import { benchEndToEnd } from './end-to-end';
import { benchFlowIngest, FLOW_FORMATS, type FlowFormat } from './flow-ingest';
import { benchLogIngest } from './log-ingest';
import { benchScaleSim } from './scale-sim';
import type { BenchContext, BenchResult } from './support/context';
import { parseCount } from './support/count';
import { openBenchDatabase } from './support/db';
import { load1, machineInfo } from './support/machine';
import { nodeReferenceMs } from './support/node-reference-run';
import { regenerateReadme, writeResult } from './support/report';

const ALL = ['flow-ingest', 'log-ingest', 'correlate', 'detect-scale', 'dashboard-latency', 'end-to-end', 'scale-sim', 'cli-scale'] as const;
type BenchName = (typeof ALL)[number];

const USAGE =
  'usage: npm run bench -- [--full] [--only NAME,...] [--sizes N,...] [--formats F,...] [--log-events N,...] [--correlate-rows N] [--latency-flows N] [--e2e-hosts N] [--e2e-days N] [--sim-hosts N] [--sim-days N] [--cli-flows N,...] [--detect-hosts N] [--detect-days N] [--detect-no-default] [--reps N] [--profile] [--no-write] [--help]';

/** Unknown flags and stray values end with the usage line, not a stack trace or a full run. */
function readArgs() {
  try {
    return parseArgs({ options: BENCH_OPTIONS, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const BENCH_OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },

  full: { type: 'boolean', default: false },
  sizes: { type: 'string' },
  formats: { type: 'string', default: FLOW_FORMATS.join(',') },
  'log-events': { type: 'string' },
  'correlate-rows': { type: 'string', default: '1M' },
  'latency-flows': { type: 'string', default: '1M' },
  'e2e-hosts': { type: 'string', default: '250' },
  'e2e-days': { type: 'string', default: '7' },
  'cli-flows': { type: 'string' },
  'sim-hosts': { type: 'string', default: '40' },
  'sim-days': { type: 'string', default: '1' },
  'detect-hosts': { type: 'string', default: '40' },
  'detect-days': { type: 'string', default: '2' },
  'detect-no-default': { type: 'boolean', default: false },
  only: { type: 'string' },
  reps: { type: 'string' },
  profile: { type: 'boolean', default: false },
  'no-write': { type: 'boolean', default: false },
} as const;

async function main(): Promise<void> {
  const { values } = readArgs();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const formats = values.formats.split(',').map((f) => {
    if (!(FLOW_FORMATS as readonly string[]).includes(f)) throw new Error(`--formats: unknown ${f} (${FLOW_FORMATS.join(', ')})`);
    return f as FlowFormat;
  });
  const sizes = (values.sizes ?? (values.full ? '1M,10M' : '1M')).split(',').map(parseCount);
  const logSizes = (values['log-events'] ?? (values.full ? '1M,10M' : '1M')).split(',').map(parseCount);
  const selected: BenchName[] = values.only
    ? values.only.split(',').map((s) => {
        if (!(ALL as readonly string[]).includes(s)) throw new Error(`--only: unknown bench ${s} (${ALL.join(', ')})`);
        return s as BenchName;
      })
    : ALL.filter((b) => (b !== 'end-to-end' && b !== 'scale-sim' && b !== 'cli-scale') || values.full);
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const workDir = path.join(dataRoot, `bench-work-${process.pid}`);
  fs.mkdirSync(workDir, { recursive: true });
  const db = await openBenchDatabase(log);
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  // A connection the server ends (its shutdown racing an idle client's close) is not the run's failure.
  pool.on('error', (err) => log(`idle connection closed by the server: ${err.message}`));
  const machine = machineInfo(db.pgVersion);
  log(
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, PostgreSQL ${machine.pg}; load ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const resultsDir = path.join(import.meta.dirname, 'results');
  const baseCtx = (reps: number): BenchContext => ({
    db,
    pool,
    workDir,
    reps,
    profileDir: values.profile ? path.join(dataRoot, 'bench-profiles') : undefined,
    log,
  });
  const repsFor = (rows: number) => (values.reps ? Number(values.reps) : rows > 5_000_000 ? 1 : 3);
  try {
    for (const name of selected) {
      const startedAt = new Date().toISOString();
      const loadBefore = os.loadavg();
      const referenceBefore = await nodeReferenceMs();
      log(`== ${name} (load ${load1()}, Node reference ${referenceBefore} ms)`);
      let r: BenchResult;
      if (name === 'flow-ingest') r = await benchFlowIngest(baseCtx(repsFor(Math.max(...sizes))), sizes, formats);
      else if (name === 'log-ingest') r = await benchLogIngest(baseCtx(repsFor(Math.max(...logSizes))), logSizes);
      else if (name === 'correlate') {
        const rows = parseCount(values['correlate-rows']);
        r = await benchCorrelate(baseCtx(values.reps ? Number(values.reps) : 3), { flows: rows, logEvents: rows, detections: 10_000 });
      } else if (name === 'detect-scale')
        r = await benchDetectScale(baseCtx(1), {
          hosts: Number(values['detect-hosts']),
          days: Number(values['detect-days']),
          plannerDefault: !values['detect-no-default'],
          reps: values.reps ? Number(values.reps) : 3,
        });
      else if (name === 'dashboard-latency') r = await benchDashboardLatency(baseCtx(1), { flows: parseCount(values['latency-flows']) });
      else if (name === 'scale-sim') r = await benchScaleSim(baseCtx(1), { hosts: Number(values['sim-hosts']), days: Number(values['sim-days']) });
      else if (name === 'cli-scale') r = await benchCliScale(baseCtx(1), (values['cli-flows'] ?? (values.full ? '1M,10M' : '1M')).split(',').map(parseCount));
      else r = await benchEndToEnd(baseCtx(1), { hosts: Number(values['e2e-hosts']), days: Number(values['e2e-days']) });
      const loadAfter = os.loadavg();
      const nodeReference = { before: referenceBefore, after: await nodeReferenceMs() };
      const stored = {
        ...r,
        startedAt,
        finishedAt: new Date().toISOString(),
        machine,
        loadBefore,
        loadAfter,
        nodeReferenceMs: nodeReference,
        options: { sizes, formats, reps: values.reps ?? 'default', full: values.full },
      };
      for (const g of r.goals) log(`  ${g.isMet ? 'MET    ' : 'NOT MET'} ${g.goal}: ${g.value}`);
      if (values['no-write']) process.stdout.write(`${JSON.stringify(stored, null, 2)}\n`);
      else log(`  wrote ${path.relative(process.cwd(), writeResult(resultsDir, stored))}`);
    }
    if (!values['no-write']) {
      regenerateReadme(path.join(import.meta.dirname, 'README.md'), resultsDir);
      log('updated bench/README.md');
    }
  } finally {
    await pool.end();
    await closeDb();
    await db.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`[bench] failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
