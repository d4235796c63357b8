// The product at 1 M and 10 M flows, as a user runs it (issue 17; --full, or --only cli-scale):
// `sightline analyze --flows <N-row nfdump CSV>` in its own process, start to exit, its RSS read
// from /proc every second and split by phase (its "ingesting" / "analyzing" progress lines);
// then every page query of the assessment it leaves (median of 5, warm: the 200 ms goal on the
// 10 M assessment); then the same file uploaded to the app's job worker (scripts/worker.ts, as
// scripts/start.ts starts it), its RSS sampled while it ingests (the server's half of the RSS
// goal). Baseline: a bare COPY of the same normalised rows into an unindexed table, same run.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { deleteAssessment } from '../lib/assessments/delete';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { getPool } from '../lib/db/client';
import { FLOW_COLUMNS } from '../lib/ingest/copy';
import { enqueueIngest } from '../lib/pipeline/jobs';
import { buildNode, builtCli, builtWorker } from '../scripts/build-node.mjs';
import { sizeLabel } from './flow-ingest';
import { writeNfdumpCsv } from './gen/synthetic-flows';
import { runChild } from './support/child';
import { type BenchContext, type BenchResult, fmtInt, fmtMs, type Goal } from './support/context';
import type { CopyChildInput, CopyChildResult } from './support/copy-child';
import { RSS_GOAL_MB, underRssGoal } from './support/ingest-vs-copy';
import { load1 } from './support/machine';
import { type PageQueryTiming, pageQueries, timePageQueries } from './support/page-queries';
import { prerenderCopyText } from './support/prerender';

const here = import.meta.dirname;
const root = path.join(here, '..');
const PAGE_GOAL_MS = 200;
const SAMPLE_MS = 1000;

interface RssSample {
  /** ms since the process started */
  t: number;
  phase: string;
  rssMiB: number;
}

/** VmRSS and VmHWM (the kernel's peak) of a running process, MiB; null once it has gone. */
function readRss(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0);
    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples a child's RSS every second under the phase `phaseOf()` names, until stopped. */
function sampleRss(child: ChildProcess, phaseOf: () => string): { samples: RssSample[]; peak: () => number; stop: () => void } {
  const samples: RssSample[] = [];
  const t0 = performance.now();
  let hwm = 0;
  const take = () => {
    const r = child.pid ? readRss(child.pid) : null;
    if (!r) return;
    hwm = Math.max(hwm, r.hwm);
    samples.push({ t: Math.round(performance.now() - t0), phase: phaseOf(), rssMiB: Math.round(r.rss) });
  };
  const timer = setInterval(take, SAMPLE_MS);
  return { samples, peak: () => hwm, stop: () => clearInterval(timer) };
}

const maxOf = (xs: RssSample[]) => xs.reduce((m, s) => Math.max(m, s.rssMiB), 0);

/** The largest RSS in each quarter of a phase: flat memory shows as four similar numbers. */
function quarters(xs: RssSample[]): number[] {
  if (xs.length === 0) return [];
  const [a, b] = [xs[0]?.t ?? 0, xs[xs.length - 1]?.t ?? 0];
  const span = Math.max(1, b - a);
  return [0, 1, 2, 3].map((q) => maxOf(xs.filter((s) => Math.min(3, Math.floor(((s.t - a) / span) * 4)) === q)));
}

interface CliRun {
  ms: number;
  ingestMs: number;
  analyzeMs: number;
  peakMiB: number;
  ingestPeakMiB: number;
  ingestQuarters: number[];
  analyzePeakMiB: number;
  /** The analysis' stages and slowest detectors, as the CLI printed them. */
  stages: string;
  assessmentId: string;
  records: number;
  recordsRead: number;
  activities: number;
  blindSpots: number;
  samples: RssSample[];
}

async function runCli(file: string, name: string): Promise<CliRun> {
  const child = spawn(process.execPath, [builtCli, 'analyze', '--name', name, '--flows', file, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let phase = 'start';
  let stages = '';
  const marks: Record<string, number> = {};
  const t0 = performance.now();
  const rss = sampleRss(child, () => phase);
  const out: Buffer[] = [];
  let err = '';
  child.stdout?.on('data', (d: Buffer) => out.push(d));
  child.stderr?.on('data', (d: Buffer) => {
    const text = d.toString();
    err = (err + text).slice(-16 * 1024);
    for (const line of text.split('\n')) {
      // The line after "analyzing" that says where the analysis spent its time (describeTimings).
      if (phase === 'analysis' && line.startsWith('  stages: ')) stages = line.slice('  stages: '.length).trim();
      const next = line.startsWith('ingesting ') ? 'ingest' : line.startsWith('analyzing') ? 'analysis' : null;
      if (next && next !== phase) {
        phase = next;
        marks[next] = performance.now() - t0;
      }
    }
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  rss.stop();
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`sightline analyze failed (exit ${code}): ${err.trim().slice(-2000)}`);
  const doc = JSON.parse(Buffer.concat(out).toString('utf8')) as {
    assessmentId: string;
    files: { records: number; recordsRead: number }[];
    activities: unknown[];
    blindSpots: unknown[];
  };
  const ingest = rss.samples.filter((s) => s.phase === 'ingest');
  return {
    ms: Math.round(ms),
    ingestMs: Math.round((marks.analysis ?? ms) - (marks.ingest ?? 0)),
    analyzeMs: Math.round(ms - (marks.analysis ?? ms)),
    peakMiB: Math.round(rss.peak()),
    ingestPeakMiB: maxOf(ingest),
    ingestQuarters: quarters(ingest),
    analyzePeakMiB: maxOf(rss.samples.filter((s) => s.phase === 'analysis')),
    stages,
    assessmentId: doc.assessmentId,
    records: doc.files.reduce((n, f) => n + f.records, 0),
    recordsRead: doc.files.reduce((n, f) => n + f.recordsRead, 0),
    activities: doc.activities.length,
    blindSpots: doc.blindSpots.length,
    samples: rss.samples,
  };
}

interface WorkerRun {
  ingestMs: number;
  ingestPeakMiB: number;
  ingestQuarters: number[];
  idleMiB: number;
}

const WORKER_APP = 'sightline-bench-worker';

/** True once the process has exited, false if it is still running after `ms`. */
function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** The app's job worker as scripts/start.ts runs it, given one upload; RSS sampled until the upload is ingested. */
async function runWorkerIngest(file: string, name: string): Promise<WorkerRun> {
  const id = await createAssessment({ name, timeZone: 'UTC' });
  const uploadId = await addLocalUpload({ assessmentId: id, kind: 'flows', file });
  const child = spawn(process.execPath, ['--max-old-space-size=2048', builtWorker], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: root,
    // Its connections are named, so that a statement it leaves running can be ended (below).
    env: { ...process.env, PGAPPNAME: WORKER_APP },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (c) => reject(new Error(`worker exited (${c}) before it was ready`)));
      child.stdout?.on('data', (d: Buffer) => d.toString().includes('worker ready') && resolve());
    });
    const idleMiB = Math.round(readRss(child.pid ?? 0)?.rss ?? 0);
    const rss = sampleRss(child, () => 'ingest');
    const t0 = performance.now();
    await enqueueIngest(uploadId);
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const s = (await getPool().query<{ status: string; error: string | null }>('SELECT status, error FROM upload WHERE id = $1', [uploadId])).rows[0];
      if (s?.status === 'failed') throw new Error(`worker ingest failed: ${s.error}`);
      if (s?.status === 'done') break;
    }
    const ingestMs = Math.round(performance.now() - t0);
    rss.stop();
    return { ingestMs, ingestPeakMiB: maxOf(rss.samples), ingestQuarters: quarters(rss.samples), idleMiB };
  } finally {
    // The analysis its upload queued is not part of this measurement: off the queue before the
    // worker takes it; if it already has (a graceful stop would wait for it: 15 min at 10 M), the
    // worker is killed and the statement it left running ended, or the delete would wait on it.
    await getPool().query(`SELECT graphile_worker.remove_job($1)`, [`analyze:${id}`]);
    child.kill('SIGTERM');
    if (!(await exited(child, 5000))) {
      child.kill('SIGKILL');
      await exited(child, 10_000);
    }
    await getPool().query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND application_name = $1`,
      [WORKER_APP],
    );
    await deleteAssessment(id);
  }
}

/** Bare COPY of the file's normalised rows into an unindexed copy of `flow`. */
async function bareCopy(ctx: BenchContext, file: string): Promise<{ ms: number; rows: number }> {
  const assessment = await createAssessment({ name: 'bench cli-scale baseline', timeZone: 'UTC' });
  const flowFile = path.join(ctx.workDir, 'cli-scale-flow.copy');
  const logFile = path.join(ctx.workDir, 'cli-scale-log.copy');
  try {
    const r = await prerenderCopyText({ input: file, assessmentId: assessment, timeZone: 'UTC', flowFile, logFile });
    await ctx.pool.query('DROP TABLE IF EXISTS bench_bare_flow');
    await ctx.pool.query('CREATE TABLE bench_bare_flow (LIKE flow INCLUDING DEFAULTS)');
    await ctx.pool.query('CHECKPOINT').catch(() => {});
    const c = await runChild<CopyChildResult>(path.join(here, 'support', 'copy-child.ts'), {
      url: ctx.db.url,
      table: 'bench_bare_flow',
      columns: FLOW_COLUMNS,
      file: flowFile,
    } satisfies CopyChildInput);
    if (c.result.rows !== r.flowRows) throw new Error(`bare COPY loaded ${c.result.rows} rows, the pre-render ${r.flowRows}`);
    return { ms: c.result.copyMs, rows: r.flowRows };
  } finally {
    await ctx.pool.query('DROP TABLE IF EXISTS bench_bare_flow');
    for (const f of [flowFile, logFile]) fs.rmSync(f, { force: true });
    await deleteAssessment(assessment);
  }
}

interface SizeResult {
  flows: number;
  inputBytes: number;
  bare: { ms: number; rows: number; load1: number };
  cli: Omit<CliRun, 'samples'> & { load1: number; samples: RssSample[] };
  pages: PageQueryTiming[];
  worker: WorkerRun & { load1: number };
}

export async function benchCliScale(ctx: BenchContext, sizes: readonly number[]): Promise<BenchResult> {
  await buildNode(); // the CLI and the worker as a user runs them: built JavaScript (scripts/build-node.mjs)
  const results: SizeResult[] = [];
  for (const n of sizes) {
    const label = sizeLabel(n);
    const file = path.join(ctx.workDir, `cli-scale-${label}.csv`);
    try {
      ctx.log(`cli-scale ${label}: generating ${fmtInt(n)} nfdump CSV records`);
      await writeNfdumpCsv(file, n);
      const inputBytes = fs.statSync(file).size;
      const bareLoad = load1();
      const bare = await bareCopy(ctx, file);
      ctx.log(`  bare COPY ${fmtInt(bare.rows)} rows: ${fmtMs(bare.ms)} (load ${bareLoad})`);
      const cliLoad = load1();
      const cli = await runCli(file, `bench cli-scale ${label}`);
      ctx.log(
        `  sightline analyze: ${fmtMs(cli.ms)} (ingest ${fmtMs(cli.ingestMs)}, analysis ${fmtMs(cli.analyzeMs)}), peak RSS ${cli.peakMiB} MiB (ingest ${cli.ingestPeakMiB}), load ${cliLoad}; stages: ${cli.stages}`,
      );
      const pages = await timePageQueries(await pageQueries(cli.assessmentId));
      ctx.log(`  page queries: slowest ${Math.max(...pages.map((p) => p.medianMs))} ms`);
      await deleteAssessment(cli.assessmentId);
      const workerLoad = load1();
      const worker = await runWorkerIngest(file, `bench cli-scale worker ${label}`);
      ctx.log(`  job worker ingest: ${fmtMs(worker.ingestMs)}, peak RSS ${worker.ingestPeakMiB} MiB (idle ${worker.idleMiB}), load ${workerLoad}`);
      results.push({
        flows: n,
        inputBytes,
        bare: { ...bare, load1: bareLoad },
        cli: { ...cli, load1: cliLoad },
        pages,
        worker: { ...worker, load1: workerLoad },
      });
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
  const big = results[results.length - 1];
  const small = results[0];
  const goals: Goal[] = [];
  for (const r of results) {
    const l = sizeLabel(r.flows);
    goals.push(
      { goal: `${l}: \`sightline analyze\` completes`, value: `${fmtMs(r.cli.ms)}, ${fmtInt(r.cli.records)} flows stored`, isMet: r.cli.records > 0 },
      { goal: `${l}: CLI peak RSS while ingesting < ${RSS_GOAL_MB} MB`, value: `${r.cli.ingestPeakMiB} MiB`, isMet: underRssGoal(r.cli.ingestPeakMiB) },
      {
        goal: `${l}: job worker peak RSS while ingesting < ${RSS_GOAL_MB} MB`,
        value: `${r.worker.ingestPeakMiB} MiB`,
        isMet: underRssGoal(r.worker.ingestPeakMiB),
      },
    );
  }
  if (big && small && big !== small) {
    const flat = (a: number, b: number) => b <= a * 1.25;
    goals.push(
      {
        goal: `CLI ingest RSS flat from ${sizeLabel(small.flows)} to ${sizeLabel(big.flows)} (≤ 1.25×)`,
        value: `${small.cli.ingestPeakMiB} → ${big.cli.ingestPeakMiB} MiB`,
        isMet: flat(small.cli.ingestPeakMiB, big.cli.ingestPeakMiB),
      },
      {
        goal: `job worker ingest RSS flat from ${sizeLabel(small.flows)} to ${sizeLabel(big.flows)} (≤ 1.25×)`,
        value: `${small.worker.ingestPeakMiB} → ${big.worker.ingestPeakMiB} MiB`,
        isMet: flat(small.worker.ingestPeakMiB, big.worker.ingestPeakMiB),
      },
    );
  }
  if (big) {
    const slowest = [...big.pages].sort((a, b) => b.medianMs - a.medianMs)[0];
    goals.push({
      goal: `every page query < ${PAGE_GOAL_MS} ms on the ${sizeLabel(big.flows)}-flow assessment (median of 5, warm)`,
      value: slowest ? `slowest ${slowest.query}: ${slowest.medianMs} ms` : 'none',
      isMet: !!slowest && slowest.medianMs < PAGE_GOAL_MS,
    });
  }
  const rows: (string | number)[][] = [];
  for (const r of results) {
    const l = sizeLabel(r.flows);
    const x = (ms: number) => `${(ms / r.bare.ms).toFixed(2)}×`;
    rows.push(
      [`${l}: bare COPY of the ${fmtInt(r.bare.rows)} stored rows, unindexed (baseline)`, fmtMs(r.bare.ms), '1.00×', '', `load ${r.bare.load1}`],
      [`${l}: \`sightline analyze\`, start to exit`, fmtMs(r.cli.ms), x(r.cli.ms), `${r.cli.peakMiB} MiB`, `load ${r.cli.load1}`],
      [`${l}: … of which ingest`, fmtMs(r.cli.ingestMs), x(r.cli.ingestMs), `${r.cli.ingestPeakMiB} MiB (by quarter: ${r.cli.ingestQuarters.join(', ')})`, ''],
      [
        `${l}: … of which analysis`,
        fmtMs(r.cli.analyzeMs),
        x(r.cli.analyzeMs),
        `${r.cli.analyzePeakMiB} MiB`,
        `${r.cli.activities} activities, ${r.cli.blindSpots} blind spots; ${r.cli.stages}`,
      ],
      [
        `${l}: job worker (the app's), ingest`,
        fmtMs(r.worker.ingestMs),
        x(r.worker.ingestMs),
        `${r.worker.ingestPeakMiB} MiB (by quarter: ${r.worker.ingestQuarters.join(', ')}; idle ${r.worker.idleMiB})`,
        `load ${r.worker.load1}`,
      ],
    );
  }
  for (const p of big?.pages ?? []) rows.push([`${sizeLabel(big?.flows ?? 0)}: page query ${p.query}`, `${p.medianMs} ms`, '', '', `max ${p.maxMs} ms`]);
  return {
    name: 'cli-scale',
    title: `The command line and the job worker at ${results.map((r) => sizeLabel(r.flows)).join(' and ')} flows`,
    command: `npm run bench -- --only cli-scale --cli-flows ${results.map((r) => sizeLabel(r.flows)).join(',')}`,
    measures:
      "Synthetic flows (500 hosts, 20 000 peers, 7 days; the flow-ingest bench's generator) as one nfdump legacy CSV. `sightline analyze --flows FILE --json` in its own process, start to exit, split at its progress lines into ingest and analysis; RSS read from /proc every second (peak: the kernel's VmHWM). Then every page query of the assessment it leaves, median of 5 after one warm run. Then the same file uploaded to the app's job worker (scripts/worker.ts with the heap cap scripts/start.ts gives it), RSS sampled until the upload is ingested. Baseline: bare COPY of the same normalised rows into a table with the same columns and no index or constraint, same run.",
    table: { headers: ['step', 'wall time', '× bare COPY', 'RSS (peak)', 'notes'], rows },
    goals,
    details: {
      sizes: results.map((r) => ({
        ...r,
        cli: { ...r.cli, samples: undefined },
        rssSamplesCli: r.cli.samples.filter((_, i) => i % 10 === 0 || i === r.cli.samples.length - 1),
      })),
      pages: big?.pages,
    },
  };
}
