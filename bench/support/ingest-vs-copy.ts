// The method shared by the ingest benchmarks: ingest an input end to end in a child process,
// and, in the same run, COPY the same normalised rows (1) into a table with the same columns and
// no index or constraint — the physical limit, the baseline — and (2) into the product's own
// indexed table, the baseline earlier results used; alternate them, start each from an empty
// table, report medians and ours ÷ each baseline (time).
import fs from 'node:fs';
import path from 'node:path';
import { createAssessment } from '../../lib/assessments/service';
import { FLOW_COLUMNS, LOG_COLUMNS } from '../../lib/ingest/copy';
import { runChild } from './child';
import { type BenchContext, fmtInt, fmtMs, fmtRate, type Goal, median } from './context';
import type { CopyChildInput, CopyChildResult } from './copy-child';
import { resetTables } from './db';
import type { IngestChildInput, IngestChildResult } from './ingest-child';
import { load1 } from './machine';
import { prerenderCopyText } from './prerender';
import { type HotSpot, mainThreadProfile, summarizeProfile } from './profile-summary';

const here = import.meta.dirname;
const INGEST_CHILD = path.join(here, 'ingest-child.ts');
const COPY_CHILD = path.join(here, 'copy-child.ts');

export interface IngestCase {
  label: string;
  input: string;
  kind: 'logs' | 'flows';
  inputBytes: number;
}

export interface Measurement {
  ms: number;
  peakRssMiB: number;
  load1: number;
}

export interface IngestCaseResult {
  label: string;
  records: number;
  errors: number;
  inputMiB: number;
  copyTextMiB: number;
  ours: Measurement[];
  /** COPY into a table with the same columns and no index or constraint. */
  bareCopy: Measurement[];
  /** COPY into the product's indexed table (the baseline before 2026-12-05). */
  indexedCopy: Measurement[];
  oursMedianMs: number;
  bareCopyMedianMs: number;
  indexedCopyMedianMs: number;
  oursPerSecond: number;
  bareCopyPerSecond: number;
  /** Our time ÷ the bare COPY's time (1 = the physical limit). */
  timesBare: number;
  /** Our time ÷ the indexed COPY's time. */
  timesIndexed: number;
  oursPeakRssMiB: number;
  rssSource: string;
  formats: string[];
  profile?: { totalMs: number; hotSpots: HotSpot[] };
}

export async function measureIngestVsCopy(ctx: BenchContext, c: IngestCase): Promise<IngestCaseResult> {
  const table = c.kind === 'flows' ? 'flow' : 'log_event';
  const bareTable = `bench_bare_${table}`;
  await ctx.pool.query(`CREATE TABLE IF NOT EXISTS ${bareTable} (LIKE ${table} INCLUDING DEFAULTS)`);
  const columns = c.kind === 'flows' ? FLOW_COLUMNS : LOG_COLUMNS;
  const baselineAssessment = await createAssessment({ name: `bench baseline ${c.label}`, timeZone: 'UTC' });
  const rowsFile = path.join(ctx.workDir, `${c.label.replace(/\W+/g, '-')}.copy`);
  const otherFile = `${rowsFile}.other`;
  ctx.log(`  ${c.label}: pre-rendering the COPY text of the normalised rows`);
  const pre = await prerenderCopyText({
    input: c.input,
    assessmentId: baselineAssessment,
    timeZone: 'UTC',
    flowFile: c.kind === 'flows' ? rowsFile : otherFile,
    logFile: c.kind === 'flows' ? otherFile : rowsFile,
  });
  fs.rmSync(otherFile, { force: true });
  const copyTextBytes = c.kind === 'flows' ? pre.flowBytes : pre.logBytes;
  const expectedRows = c.kind === 'flows' ? pre.flowRows : pre.logRows;
  const assessments = [baselineAssessment];
  const ours: Measurement[] = [];
  const bare: Measurement[] = [];
  const indexed: Measurement[] = [];
  let last: IngestChildResult | undefined;
  let rssSource = '';
  try {
    const runOurs = async (profileDir?: string) => {
      await resetTables(ctx.pool, ctx.db, [table], assessments);
      const l = load1();
      const run = await runChild<IngestChildResult>(INGEST_CHILD, { input: c.input, kind: c.kind, name: `bench ${c.label}` } satisfies IngestChildInput, {
        cpuProfileDir: profileDir,
      });
      assessments.push(run.result.assessmentId);
      last = run.result;
      rssSource = run.rssSource;
      if (run.result.records !== expectedRows) throw new Error(`${c.label}: ingest stored ${run.result.records} rows, the pre-render ${expectedRows}`);
      return { ms: run.result.ingestMs, peakRssMiB: run.peakRssMiB, load1: l };
    };
    const runCopy = async (into: string) => {
      await resetTables(ctx.pool, ctx.db, [table], assessments);
      await ctx.pool.query(`TRUNCATE ${bareTable}`);
      const l = load1();
      const run = await runChild<CopyChildResult>(COPY_CHILD, { url: ctx.db.url, table: into, columns, file: rowsFile } satisfies CopyChildInput);
      if (run.result.rows !== expectedRows) throw new Error(`${c.label}: COPY into ${into} loaded ${run.result.rows} rows, expected ${expectedRows}`);
      return { ms: run.result.copyMs, peakRssMiB: run.peakRssMiB, load1: l };
    };
    const runBare = () => runCopy(bareTable);
    for (let rep = 0; rep < ctx.reps; rep++) {
      // Alternate which goes first, so drift in the machine's load hits both sides alike.
      if (rep % 2 === 0) {
        ours.push(await runOurs());
        bare.push(await runBare());
        indexed.push(await runCopy(table));
      } else {
        indexed.push(await runCopy(table));
        bare.push(await runBare());
        ours.push(await runOurs());
      }
      const o = ours[ours.length - 1] as Measurement;
      const b = bare[bare.length - 1] as Measurement;
      const x = indexed[indexed.length - 1] as Measurement;
      ctx.log(`  ${c.label} rep ${rep + 1}: ours ${o.ms} ms (${o.peakRssMiB} MiB), bare COPY ${b.ms} ms, indexed COPY ${x.ms} ms, load ${o.load1}`);
    }
    let profile: IngestCaseResult['profile'];
    if (ctx.profileDir) {
      const dir = path.join(ctx.profileDir, c.label.replace(/\W+/g, '-'));
      fs.mkdirSync(dir, { recursive: true });
      await runOurs(dir);
      const file = mainThreadProfile(dir);
      if (file) profile = summarizeProfile(file);
    }
    const oursMedianMs = median(ours.map((m) => m.ms));
    const bareCopyMedianMs = median(bare.map((m) => m.ms));
    const indexedCopyMedianMs = median(indexed.map((m) => m.ms));
    const records = expectedRows;
    return {
      label: c.label,
      records,
      errors: last?.errors ?? 0,
      inputMiB: Math.round(c.inputBytes / 1024 ** 2),
      copyTextMiB: Math.round(copyTextBytes / 1024 ** 2),
      ours,
      bareCopy: bare,
      indexedCopy: indexed,
      oursMedianMs,
      bareCopyMedianMs,
      indexedCopyMedianMs,
      oursPerSecond: Math.round((records / oursMedianMs) * 1000),
      bareCopyPerSecond: Math.round((records / bareCopyMedianMs) * 1000),
      timesBare: Math.round((oursMedianMs / bareCopyMedianMs) * 100) / 100,
      timesIndexed: Math.round((oursMedianMs / indexedCopyMedianMs) * 100) / 100,
      oursPeakRssMiB: Math.max(...ours.map((m) => m.peakRssMiB)),
      rssSource,
      formats: [...new Set(last?.files.map((f) => f.format ?? 'unknown') ?? [])],
      profile,
    };
  } finally {
    fs.rmSync(rowsFile, { force: true });
    await resetTables(ctx.pool, ctx.db, [table], assessments);
    await ctx.pool.query(`DROP TABLE IF EXISTS ${bareTable}`);
  }
}

/** Bytes of a file or of every file under a folder. */
export function sizeOf(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  let n = 0;
  for (const d of fs.readdirSync(p)) n += sizeOf(path.join(p, d));
  return n;
}

/** Ingest goal (issue 17): at most this many times the bare COPY of the same rows. */
export const TIMES_BARE_GOAL = 2;

/** The results table every ingest bench prints (rate is records or events per second). */
export function ingestTable(cases: IngestCaseResult[], unit: string): { headers: string[]; rows: string[][] } {
  return {
    headers: [
      'input',
      unit,
      'input size',
      'ours (median)',
      `ours ${unit === 'events' ? 'ev' : 'rec'}/s`,
      'bare COPY, no indexes',
      '× bare',
      'COPY into indexed table',
      '× indexed',
      'peak RSS',
    ],
    rows: cases.map((c) => [
      c.label,
      fmtInt(c.records),
      `${c.inputMiB} MiB`,
      fmtMs(c.oursMedianMs),
      fmtRate(c.oursPerSecond),
      fmtMs(c.bareCopyMedianMs),
      `${c.timesBare.toFixed(2)}×`,
      fmtMs(c.indexedCopyMedianMs),
      `${c.timesIndexed.toFixed(2)}×`,
      `${c.oursPeakRssMiB} MiB`,
    ]),
  };
}

export function ingestGoals(cases: IngestCaseResult[]): { goal: string; value: string; isMet: boolean }[] {
  return cases.map((c) => ({
    goal: `${c.label}: ≤ ${TIMES_BARE_GOAL}× a bare COPY into an unindexed table`,
    value: `${c.timesBare.toFixed(2)}×`,
    isMet: c.timesBare <= TIMES_BARE_GOAL,
  }));
}

/** Issue 17: peak RSS < 300 MB during ingest, flat from 1 M to 10 M. */
export const RSS_GOAL_MB = 300;
const RSS_FLAT_GOAL = 1.25;
/** Whether a peak RSS measured in MiB is under the 300 MB goal. */
export const underRssGoal = (mib: number): boolean => mib * 1.048576 < RSS_GOAL_MB;

/**
 * Per input (a format or a bundle shape), its cases by size, smallest first: peak RSS under
 * 300 MB at the largest size, and (with more than one size) no more than 1.25× the smallest's.
 */
export function rssGoals(inputs: { name: string; sized: { size: string; c: IngestCaseResult | undefined }[] }[]): Goal[] {
  const goals: Goal[] = [];
  for (const { name, sized } of inputs) {
    const mine = sized.filter((s): s is { size: string; c: IngestCaseResult } => s.c !== undefined);
    const smallest = mine[0];
    const biggest = mine[mine.length - 1];
    if (!smallest || !biggest) continue;
    goals.push({
      goal: `${name}: peak RSS < ${RSS_GOAL_MB} MB at the largest size (${biggest.size})`,
      value: `${biggest.c.oursPeakRssMiB} MiB`,
      isMet: underRssGoal(biggest.c.oursPeakRssMiB),
    });
    if (mine.length > 1) {
      const growth = biggest.c.oursPeakRssMiB / smallest.c.oursPeakRssMiB;
      goals.push({
        goal: `${name}: RSS flat from ${smallest.size} to ${biggest.size} (≤ ${RSS_FLAT_GOAL}×)`,
        value: `${growth.toFixed(2)}×`,
        isMet: growth <= RSS_FLAT_GOAL,
      });
    }
  }
  return goals;
}
