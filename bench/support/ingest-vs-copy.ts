// The method shared by the ingest benchmarks: ingest an input end to end in a child process,
// and, in the same run, bare-COPY the same normalised rows into the same table; alternate the
// two, start each from an empty table, report medians and their ratio.
import fs from 'node:fs';
import path from 'node:path';
import { createAssessment } from '../../lib/assessments/service';
import { FLOW_COLUMNS, LOG_COLUMNS } from '../../lib/ingest/copy';
import { runChild } from './child';
import { type BenchContext, median } from './context';
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
  bareCopy: Measurement[];
  oursMedianMs: number;
  bareCopyMedianMs: number;
  oursPerSecond: number;
  bareCopyPerSecond: number;
  /** ours / bare COPY throughput. */
  ratio: number;
  oursPeakRssMiB: number;
  rssSource: string;
  formats: string[];
  profile?: { totalMs: number; hotSpots: HotSpot[] };
}

export async function measureIngestVsCopy(ctx: BenchContext, c: IngestCase): Promise<IngestCaseResult> {
  const table = c.kind === 'flows' ? 'flow' : 'log_event';
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
    const runBare = async () => {
      await resetTables(ctx.pool, ctx.db, [table], assessments);
      const l = load1();
      const run = await runChild<CopyChildResult>(COPY_CHILD, { url: ctx.db.url, table, columns, file: rowsFile } satisfies CopyChildInput);
      if (run.result.rows !== expectedRows) throw new Error(`${c.label}: bare COPY loaded ${run.result.rows} rows, expected ${expectedRows}`);
      return { ms: run.result.copyMs, peakRssMiB: run.peakRssMiB, load1: l };
    };
    for (let rep = 0; rep < ctx.reps; rep++) {
      // Alternate which goes first, so drift in the machine's load hits both sides alike.
      if (rep % 2 === 0) {
        ours.push(await runOurs());
        bare.push(await runBare());
      } else {
        bare.push(await runBare());
        ours.push(await runOurs());
      }
      const o = ours[ours.length - 1] as Measurement;
      const b = bare[bare.length - 1] as Measurement;
      ctx.log(`  ${c.label} rep ${rep + 1}: ours ${o.ms} ms (${o.peakRssMiB} MiB), bare COPY ${b.ms} ms, load ${o.load1}`);
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
    const records = expectedRows;
    return {
      label: c.label,
      records,
      errors: last?.errors ?? 0,
      inputMiB: Math.round(c.inputBytes / 1024 ** 2),
      copyTextMiB: Math.round(copyTextBytes / 1024 ** 2),
      ours,
      bareCopy: bare,
      oursMedianMs,
      bareCopyMedianMs,
      oursPerSecond: Math.round((records / oursMedianMs) * 1000),
      bareCopyPerSecond: Math.round((records / bareCopyMedianMs) * 1000),
      ratio: Math.round((bareCopyMedianMs / oursMedianMs) * 1000) / 1000,
      oursPeakRssMiB: Math.max(...ours.map((m) => m.peakRssMiB)),
      rssSource,
      formats: [...new Set(last?.files.map((f) => f.format ?? 'unknown') ?? [])],
      profile,
    };
  } finally {
    fs.rmSync(rowsFile, { force: true });
    await resetTables(ctx.pool, ctx.db, [table], assessments);
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
