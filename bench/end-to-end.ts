// End to end (issue 9, --full only): a generated network under attack (lib/generate; 250 hosts
// × 7 days ≈ 1 M flows + 1.3 M log events), analysed as a user would: `sightline analyze` (the
// CLI, its own process, under /usr/bin/time for its peak RSS), wall time from start to exit;
// then, for the per-stage split, the same inputs ingested file by file and analysed in a child
// process (analyzeAssessment's timings). Baseline: a bare COPY of the same normalised rows
// (flows and log events) into unindexed tables, same run (issue 17: end to end ≤ 5×).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAssessment } from '../lib/assessments/service';
import { generateScenario } from '../lib/generate/generate-scenario';
import { FLOW_COLUMNS, LOG_COLUMNS } from '../lib/ingest/copy';
import { buildNode, builtCli } from '../scripts/build-node.mjs';
import { runChild } from './support/child';
import { type BenchContext, type BenchResult, fmtInt, fmtMs, fmtRate } from './support/context';
import type { CopyChildInput, CopyChildResult } from './support/copy-child';
import { resetTables } from './support/db';
import type { E2eChildInput, E2eChildResult } from './support/e2e-child';
import { RSS_GOAL_MB, underRssGoal } from './support/ingest-vs-copy';
import { load1 } from './support/machine';
import { prerenderCopyText } from './support/prerender';

const here = import.meta.dirname;

interface CliRun {
  ms: number;
  peakRssMiB: number;
  json: { files: { kind: string; records: number; recordsRead: number }[]; activities: unknown[]; blindSpots: unknown[] };
}

/** `sightline analyze … --json` in its own process: wall time to exit and peak RSS (time -v). */
async function runCliAnalyze(inputs: E2eChildInput['inputs']): Promise<CliRun> {
  const args = [builtCli, 'analyze', '--name', 'bench end-to-end (CLI)', '--json'];
  for (const i of inputs) args.push(i.kind === 'inventory' ? '--inventory' : `--${i.kind}`, i.path);
  const hasTime = fs.existsSync('/usr/bin/time');
  const timeFile = path.join(os.tmpdir(), `sightline-bench-cli-${process.pid}-${Date.now()}.txt`);
  const [cmd, argv] = hasTime ? ['/usr/bin/time', ['-v', '-o', timeFile, process.execPath, ...args]] : [process.execPath, args];
  const t0 = performance.now();
  const { code, out, err } = await new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-16 * 1024);
    });
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, out: Buffer.concat(out).toString('utf8'), err }));
  });
  const ms = Math.round(performance.now() - t0);
  let peakKiB = 0;
  if (hasTime) {
    peakKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(fs.readFileSync(timeFile, 'utf8'))?.[1] ?? 0);
    fs.rmSync(timeFile, { force: true });
  }
  if (code !== 0) throw new Error(`sightline analyze failed (exit ${code}): ${err.trim().slice(-2000)}`);
  return { ms, peakRssMiB: Math.round((peakKiB / 1024) * 10) / 10, json: JSON.parse(out) as CliRun['json'] };
}

export async function benchEndToEnd(ctx: BenchContext, scenario = { hosts: 250, days: 7 }): Promise<BenchResult> {
  await buildNode(); // the CLI as a user runs it: built JavaScript (scripts/build-node.mjs)
  const outDir = path.join(ctx.workDir, 'e2e-scenario');
  const tables = ['activity_evidence', 'activity', 'blind_spot', 'detection', 'flow', 'log_event'];
  try {
    ctx.log(`end to end: generating ${scenario.hosts} hosts × ${scenario.days} days`);
    const gen = await generateScenario({ outDir, hosts: scenario.hosts, days: scenario.days, seed: 1 });
    ctx.log(
      `  generated in ${fmtMs(gen.stats.durationMs)}: ${fmtInt(gen.stats.logLines)} log lines, ${fmtInt(gen.stats.auditEvents)} audit events, ${fmtInt(gen.stats.collectorFlows)} + ${fmtInt(gen.stats.edgeFlows)} flows`,
    );
    const inputs: E2eChildInput['inputs'] = [
      { kind: 'inventory', path: gen.files.inventory },
      { kind: 'logs', path: gen.files.logs },
      ...gen.files.flows.map((p) => ({ kind: 'flows' as const, path: p })),
    ];
    fs.rmSync(gen.files.logsDir, { recursive: true, force: true }); // the tarball is the input
    const assessments: string[] = [];
    await resetTables(ctx.pool, ctx.db, tables, assessments);
    const loadCli = load1();
    const cli = await runCliAnalyze(inputs);
    const cliRecords = cli.json.files.filter((f) => f.kind !== 'inventory').reduce((n, f) => n + f.records, 0);
    ctx.log(`  sightline analyze: ${fmtMs(cli.ms)}, ${fmtInt(cliRecords)} records, peak RSS ${cli.peakRssMiB} MiB, load ${loadCli}`);
    await resetTables(ctx.pool, ctx.db, tables, assessments);
    const loadOurs = load1();
    const ours = await runChild<E2eChildResult>(path.join(here, 'support', 'e2e-child.ts'), { inputs } satisfies E2eChildInput);
    assessments.push(ours.result.assessmentId);
    ctx.log(`  ours: ingest ${fmtMs(ours.result.ingestMs)}, analyze ${fmtMs(ours.result.analyzeMs)}, peak RSS ${ours.peakRssMiB} MiB, load ${loadOurs}`);

    // Baseline: the same normalised rows, bare COPY.
    const baselineAssessment = await createAssessment({ name: 'bench e2e baseline', timeZone: 'UTC' });
    assessments.push(baselineAssessment);
    const flowFile = path.join(ctx.workDir, 'e2e-flow.copy');
    const logFile = path.join(ctx.workDir, 'e2e-log.copy');
    const parts = { flowRows: 0, logRows: 0 };
    const flowParts: string[] = [];
    const logParts: string[] = [];
    for (const [i, input] of inputs.entries()) {
      if (input.kind === 'inventory') continue;
      const f = `${flowFile}.${i}`;
      const l = `${logFile}.${i}`;
      const r = await prerenderCopyText({ input: input.path, assessmentId: baselineAssessment, timeZone: 'UTC', flowFile: f, logFile: l });
      parts.flowRows += r.flowRows;
      parts.logRows += r.logRows;
      flowParts.push(f);
      logParts.push(l);
    }
    await resetTables(ctx.pool, ctx.db, tables, assessments);
    // The physical limit: tables with the same columns and no index or constraint (issue 17).
    for (const t of ['flow', 'log_event']) await ctx.pool.query(`CREATE TABLE IF NOT EXISTS bench_bare_${t} (LIKE ${t} INCLUDING DEFAULTS)`);
    const loadBare = load1();
    let bareMs = 0;
    for (const [table, columns, files] of [
      ['bench_bare_flow', FLOW_COLUMNS, flowParts],
      ['bench_bare_log_event', LOG_COLUMNS, logParts],
    ] as const) {
      for (const file of files) {
        if (fs.statSync(file).size === 0) continue;
        const r = await runChild<CopyChildResult>(path.join(here, 'support', 'copy-child.ts'), {
          url: ctx.db.url,
          table,
          columns,
          file,
        } satisfies CopyChildInput);
        bareMs += r.result.copyMs;
      }
    }
    for (const f of [...flowParts, ...logParts]) fs.rmSync(f, { force: true });
    await resetTables(ctx.pool, ctx.db, tables, assessments);
    await ctx.pool.query('DROP TABLE IF EXISTS bench_bare_flow, bench_bare_log_event');

    const o = ours.result;
    const records = o.uploads.filter((u) => u.kind !== 'inventory').reduce((n, u) => n + u.records, 0);
    const baseRows = parts.flowRows + parts.logRows;
    const ingestMs = o.uploads.filter((u) => u.kind !== 'inventory').reduce((n, u) => n + u.ms, 0);
    const timesBareIngest = ingestMs / bareMs;
    const timesBareEndToEnd = (o.ingestMs + o.analyzeMs) / bareMs;
    const timesBareCli = cli.ms / bareMs;
    const flowsStored = cli.json.files.filter((f) => f.kind === 'flows').reduce((n, f) => n + f.records, 0);
    const logEvents = cli.json.files.filter((f) => f.kind === 'logs').reduce((n, f) => n + f.records, 0);
    const rows: (string | number)[][] = [
      [
        `\`sightline analyze\` (CLI, start to exit): ${fmtInt(flowsStored)} flows + ${fmtInt(logEvents)} log events`,
        fmtMs(cli.ms),
        fmtInt(cliRecords),
        fmtRate((cliRecords / cli.ms) * 1000),
      ],
      ...o.uploads.map((u) => [
        `ingest ${path.basename(u.path)} (${u.kind}${u.files.length > 1 ? `, ${u.files.length} files` : ''})`,
        fmtMs(u.ms),
        fmtInt(u.records),
        u.ms > 0 ? fmtRate((u.records / u.ms) * 1000) : '',
      ]),
      ['bare COPY of the same flow + log rows into unindexed tables (baseline)', fmtMs(bareMs), fmtInt(baseRows), fmtRate((baseRows / bareMs) * 1000)],
      ...Object.entries(o.analyze.timings).map(([stage, ms]) => [`analyze: ${stage}`, fmtMs(ms), '', '']),
      ['total (ingest + analyze)', fmtMs(o.ingestMs + o.analyzeMs), fmtInt(records), fmtRate((records / (o.ingestMs + o.analyzeMs)) * 1000)],
    ];
    return {
      name: 'end-to-end',
      title: `End to end (${scenario.hosts} hosts × ${scenario.days} days)`,
      command: 'npm run bench -- --full --only end-to-end',
      measures: `\`generateScenario({ hosts: ${scenario.hosts}, days: ${scenario.days}, seed: 1 })\` (logs bundle .tar.gz, collector nfdump CSV, edge IPFIX pcap, inventory), each uploaded and ingested with \`runIngest\`, then \`analyzeAssessment\`, in one child process (the per-stage rows); before it, \`sightline analyze\` on the same inputs as a user runs it (the CLI in its own process, start to exit, peak RSS by /usr/bin/time: ${cli.peakRssMiB} MiB, ${cli.json.activities.length} activities, ${cli.json.blindSpots.length} blind spots, load ${loadCli}); baseline: bare COPY of the same normalised flow and log rows into tables with the same columns and no index or constraint. ${o.analyze.detections} detections, ${o.analyze.activities} activities, ${o.analyze.blindSpots} blind spots; peak RSS of the whole run ${ours.peakRssMiB} MiB (load ${loadOurs} / baseline ${loadBare}).`,
      table: { headers: ['step', 'wall time', 'records', 'records/s'], rows },
      goals: [
        { goal: 'ingest ≤ 2× bare COPY (all ingested rows)', value: `${timesBareIngest.toFixed(2)}×`, isMet: timesBareIngest <= 2 },
        { goal: '`sightline analyze` (CLI, start to exit) ≤ 5× bare COPY', value: `${timesBareCli.toFixed(2)}×`, isMet: timesBareCli <= 5 },
        { goal: 'end to end (ingest + analysis, child) ≤ 5× bare COPY', value: `${timesBareEndToEnd.toFixed(2)}×`, isMet: timesBareEndToEnd <= 5 },
        { goal: `\`sightline analyze\` peak RSS < ${RSS_GOAL_MB} MB`, value: `${cli.peakRssMiB} MiB`, isMet: underRssGoal(cli.peakRssMiB) },
        { goal: `child (ingest + analysis) peak RSS < ${RSS_GOAL_MB} MB`, value: `${ours.peakRssMiB} MiB`, isMet: underRssGoal(ours.peakRssMiB) },
      ],
      details: {
        scenario,
        generated: gen.stats,
        cli: { ms: cli.ms, records: cliRecords, flows: flowsStored, logEvents, peakRssMiB: cli.peakRssMiB, load1: loadCli, files: cli.json.files },
        ours: { ...o, peakRssMiB: ours.peakRssMiB, load1: loadOurs },
        bareCopy: { ms: bareMs, rows: baseRows, load1: loadBare },
        timesBareIngest,
        timesBareEndToEnd,
        timesBareCli,
      },
    };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
