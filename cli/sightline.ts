// Sightline's command line. `analyze` runs the same pipeline as the app against the same
// database. Progress goes to stderr; with --json, stdout holds exactly one JSON document.

import fs from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { addLocalUpload, createAssessment, type UploadKind } from '../lib/assessments/service';
import { closeDb } from '../lib/db/client';
import { ensureDatabase } from '../lib/db/runtime';
import { attribution, formatAttribution, loadIdentity } from '../lib/eval/attribution';
import { DEFAULT_EVAL_OPTIONS, evaluate, type Severity } from '../lib/eval/evaluate';
import { formatEval } from '../lib/eval/format-eval';
import { evaluatePerShape, formatPerShape } from '../lib/eval/per-shape';
import { formatPerTechnique, perTechnique } from '../lib/eval/per-technique';
import { getEvalActivities, readTruth, scenarioInputs } from '../lib/eval/scenario-files';
import { describeTimings, type IngestResult, runAnalyze, runIngest } from '../lib/pipeline';
import { holdHeapNearLiveSet } from '../lib/pipeline/heap';
import { runIngestInThread } from '../lib/pipeline/ingest-thread';
import { readUpload } from '../lib/pipeline/state';
import { buildAssessmentJson } from '../lib/report/assessment-json';
import { STAGE_LABELS, type STAGES } from '../lib/stages';
import { userPath } from './user-path';

const USAGE = `usage:
  sightline analyze [--logs PATH]... [--flows PATH]... [--inventory CSV] [--tz ZONE] [--name NAME] [--baseline LAYER.json|DETTECT.yaml] [--ingest-threads 1|2] [--json]
  sightline eval --truth truth.json [--logs PATH]... [--flows PATH]... [--inventory CSV] [--tolerance SECONDS] [--min-severity LEVEL] [--per-shape] [--json]
  sightline generate --out DIR [--hosts N] [--days D] [--seed S] [--attack NAME]... [--no-inventory] [--shapes] [--shell-history] [--unsampled-edge] [--web-access-logs] [--journal-only HOST]... [--retention-days D] [--audit-no-rules HOST]... [--ssh-key-watches]
  sightline compare <assessmentId|analyze JSON> <assessmentId|analyze JSON> [--json]
  sightline formats [--json]`;

function fail(reason: string, code = 1): never {
  process.stderr.write(`sightline: ${reason}\n`);
  process.exit(code);
}

/** `path` is read; `given` (as typed on the command line) names it in the output. */
type Input = { kind: UploadKind; path: string; given?: string };
type UploadError = { path: string; line: number | null; offset: number | null; reason: string };

const log = (m: string) => process.stderr.write(`${m}\n`);

holdHeapNearLiveSet();

function checkInputs(inputs: Input[], tz: string): void {
  if (inputs.length === 0) fail(`nothing to analyze: give --logs and/or --flows\n${USAGE}`, 2);
  for (const i of inputs) if (!fs.existsSync(i.path)) fail(`${i.given ?? i.path}: no such file or folder`, 2);
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    fail(`--tz ${tz}: not an IANA time zone (e.g. UTC, Europe/Paris)`, 2);
  }
}

/**
 * The app's pipeline on local files: one assessment, its inputs ingested, then analysed. Log
 * bundles and flow exports are ingested in two lanes at once, the flow exports' in a thread of
 * their own (lib/pipeline/ingest-thread.ts): each lane is bound by its JavaScript, and the
 * second thread puts the second core to work. Each lane takes its inputs in turn: two flow
 * exports at once would draw interleaved flow ids, and the second's rows would go through the
 * parent table instead of a partition of their own (lib/ingest/partitions.ts). The inventory
 * goes with the flow exports. `--ingest-threads 1` ingests every input in turn on this thread:
 * slower, and ~50 MiB less peak memory (the second thread's heap; bench/README.md).
 */
async function ingestAndAnalyze(
  inputs: Input[],
  opts: { tz: string; name?: string; threads?: number },
): Promise<{ id: string; uploadErrors: UploadError[]; givenPaths: Map<string, string> }> {
  const id = await createAssessment({ name: opts.name ?? `CLI ${new Date().toISOString()}`, timeZone: opts.tz });
  const uploads: { id: string; path: string; kind: UploadKind; error?: UploadError }[] = [];
  for (const i of inputs) uploads.push({ id: await addLocalUpload({ assessmentId: id, kind: i.kind, file: i.path }), path: i.given ?? i.path, kind: i.kind });
  const byId = new Map(uploads.map((u) => [u.id, u]));
  const started = (uploadId: string) => log(`ingesting ${byId.get(uploadId)?.path}`);
  const ended = async (uploadId: string, r: IngestResult | undefined) => {
    const u = byId.get(uploadId);
    if (!u) return;
    if (r) {
      log(`  ${u.path}: ${r.records} records, ${r.errors} errors`);
      return;
    }
    const failed = await readUpload(u.id);
    log(`  ${u.path} failed: ${failed?.error}`);
    u.error = { path: u.path, line: null, offset: null, reason: failed?.error ?? 'failed' };
  };
  const inTurn = async (lane: typeof uploads) => {
    for (const u of lane) {
      started(u.id);
      await ended(u.id, await runIngest(u.id));
    }
  };
  const logs = uploads.filter((u) => u.kind === 'logs');
  const others = uploads.filter((u) => u.kind !== 'logs');
  if (logs.length === 0 || others.length === 0 || opts.threads === 1) await inTurn(uploads);
  else {
    const endings: Promise<void>[] = [];
    const settled = await Promise.allSettled([
      inTurn(logs),
      runIngestInThread(
        others.map((u) => u.id),
        { onStart: started, onDone: (uploadId, r) => endings.push(ended(uploadId, r)) },
      ),
    ]);
    await Promise.all(endings);
    // A crash (not the input's fault) in either lane ends the run, once both have stopped.
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
  }
  log('analyzing');
  const analysis = await runAnalyze(id);
  if (analysis) log(`  stages: ${describeTimings(analysis.timings)}`);
  // In the JSON each file is named as given on the command line, so two inputs with one base name stay apart.
  return { id, uploadErrors: uploads.flatMap((u) => (u.error ? [u.error] : [])), givenPaths: new Map(uploads.map((u) => [u.id, u.path])) };
}

const INPUT_OPTIONS = {
  logs: { type: 'string', multiple: true, default: [] as string[] },
  flows: { type: 'string', multiple: true, default: [] as string[] },
  inventory: { type: 'string' },
  tz: { type: 'string', default: 'UTC' },
  name: { type: 'string' },
  json: { type: 'boolean', default: false },
  baseline: { type: 'string' },
  'ingest-threads': { type: 'string', default: '2' },
} satisfies ParseArgsConfig['options'];

/** `--ingest-threads 1|2`: log bundles and flow exports ingested in one thread or two at once. */
function ingestThreads(value: string): number {
  if (value !== '1' && value !== '2') fail(`--ingest-threads ${value}: 1 (every input in turn) or 2 (logs and flows at once)`, 2);
  return Number(value);
}

function inputsOf(values: { logs: string[]; flows: string[]; inventory?: string }): Input[] {
  return [
    ...values.logs.map((p) => ({ kind: 'logs' as const, path: userPath(p), given: p })),
    ...values.flows.map((p) => ({ kind: 'flows' as const, path: userPath(p), given: p })),
    ...(values.inventory ? [{ kind: 'inventory' as const, path: userPath(values.inventory), given: values.inventory }] : []),
  ];
}

/** `--baseline FILE`: the team's Navigator layer or DeTT&CT YAML file, checked before anything is ingested (refused whole when invalid). */
async function readBaselineFile(file: string): Promise<string> {
  if (!fs.existsSync(file)) fail(`--baseline ${file}: no such file`, 2);
  const text = fs.readFileSync(file, 'utf8');
  const { readBaseline } = await import('../lib/baseline/read-baseline');
  try {
    readBaseline(text);
  } catch (err) {
    fail(`${file}: ${(err as Error).message}`, 2);
  }
  return text;
}

async function analyze(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: INPUT_OPTIONS });
  const inputs = inputsOf(values);
  checkInputs(inputs, values.tz);
  const threads = ingestThreads(values['ingest-threads']);
  const baseline = values.baseline ? await readBaselineFile(userPath(values.baseline)) : null;
  const db = await ensureDatabase(log);
  stopOnSignal(db);
  try {
    const { id, uploadErrors, givenPaths } = await ingestAndAnalyze(inputs, { tz: values.tz, name: values.name, threads });
    const doc = await buildAssessmentJson(id, uploadErrors, { givenPaths });
    if (baseline !== null) {
      const { getBaselineComparison } = await import('../lib/baseline/get-baseline');
      Object.assign(doc, { baseline: await getBaselineComparison(id, baseline) });
    }
    const ingested = doc.files.reduce((n, f) => n + f.records, 0);
    if (values.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    else printTable(doc);
    if (ingested === 0) {
      const first = doc.errors[0];
      fail(`nothing was ingested${first ? `: ${first.path}${first.line ? `:${first.line}` : ''}: ${first.reason}` : ''}`);
    }
  } finally {
    await closeDb();
    await db.stop();
  }
}

/** `eval`: the same pipeline as `analyze`, then the activities scored against truth.json. */
async function evalCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...INPUT_OPTIONS,
      truth: { type: 'string' },
      tolerance: { type: 'string', default: String(DEFAULT_EVAL_OPTIONS.toleranceSeconds) },
      'min-severity': { type: 'string', default: DEFAULT_EVAL_OPTIONS.minSeverity },
      'per-shape': { type: 'boolean', default: false },
    },
  });
  if (!values.truth) fail(`eval needs --truth truth.json\n${USAGE}`, 2);
  const threads = ingestThreads(values['ingest-threads']);
  const truthFile = userPath(values.truth);
  if (!fs.existsSync(truthFile)) fail(`${values.truth}: no such file`, 2);
  const toleranceSeconds = Number(values.tolerance);
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) fail(`--tolerance ${values.tolerance}: seconds, ≥ 0`, 2);
  const minSeverity = values['min-severity'];
  if (!['low', 'medium', 'high', 'critical'].includes(minSeverity)) fail(`--min-severity ${minSeverity}: low, medium, high or critical`, 2);
  let truth: ReturnType<typeof readTruth>;
  try {
    truth = readTruth(truthFile);
  } catch (err) {
    fail(`${values.truth}: not a Sightline truth.json (${(err as Error).message.slice(0, 200)})`, 2);
  }
  // Without explicit inputs, the scenario's own files next to truth.json are analysed.
  const given = inputsOf(values);
  const inputs = given.length > 0 ? given : scenarioInputs(truthFile, truth);
  checkInputs(inputs, values.tz);
  const db = await ensureDatabase(log);
  stopOnSignal(db);
  try {
    const { id } = await ingestAndAnalyze(inputs, { tz: values.tz, name: values.name ?? `eval ${values.truth}`, threads });
    const activities = await getEvalActivities(id);
    const result = evaluate(truth, activities, { toleranceSeconds, minSeverity: minSeverity as Severity });
    const attr = attribution(truth, activities, await loadIdentity(id), toleranceSeconds);
    const byTechnique = perTechnique(truth, result, activities);
    // --per-shape: the scenario again with each flow export alone (one shape of the same traffic).
    const perShape = values['per-shape']
      ? await evalPerShape(truthFile, truth, values.tz, { toleranceSeconds, minSeverity: minSeverity as Severity }, threads)
      : null;
    if (values.json)
      process.stdout.write(
        `${JSON.stringify({ assessmentId: id, truth: values.truth, ...result, perTechnique: byTechnique, attribution: attr, ...(perShape ? { perShape } : {}) }, null, 2)}\n`,
      );
    else
      process.stdout.write(
        `assessment ${id}\n\n${formatEval(result)}${formatPerTechnique(byTechnique)}${formatAttribution(attr)}${perShape ? `\n${formatPerShape(perShape)}` : ''}`,
      );
  } finally {
    await closeDb();
    await db.stop();
  }
}

async function evalPerShape(
  truthFile: string,
  truth: ReturnType<typeof readTruth>,
  tz: string,
  o: { toleranceSeconds: number; minSeverity: Severity },
  threads: number,
) {
  const all = scenarioInputs(truthFile, truth);
  const runs = [];
  for (const [i, e] of truth.exporters.entries()) {
    const flows = all.filter((x) => x.kind === 'flows')[i];
    if (!flows) continue;
    const inputs = all.filter((x) => x.kind !== 'flows').concat(flows);
    const { id } = await ingestAndAnalyze(inputs, { tz, name: `eval ${truthFile} (${e.name})`, threads });
    runs.push({ shape: e.name, activities: await getEvalActivities(id) });
  }
  return evaluatePerShape(truth, runs, o);
}

function printTable(doc: Awaited<ReturnType<typeof buildAssessmentJson>>): void {
  const out: string[] = [`assessment ${doc.assessmentId}`, ''];
  for (const f of doc.files)
    out.push(
      `  ${f.kind.padEnd(9)} ${(f.format ?? '(unknown)').padEnd(18)} ${String(f.records).padStart(9)} records ${String(f.errors).padStart(5)} errors  ${f.path}`,
    );
  out.push('', `  ${'stage'.padEnd(24)} network-only   both   logs-only`);
  for (const s of doc.stages) {
    const label = STAGE_LABELS[s.stage as (typeof STAGES)[number]];
    out.push(`  ${label.padEnd(24)} ${String(s.networkOnly).padStart(12)} ${String(s.both).padStart(6)} ${String(s.logsOnly).padStart(11)}`);
  }
  out.push('', `  ${doc.activities.length} activities`);
  for (const a of doc.activities) out.push(`  [${a.stage}] ${a.technique} ${a.host ?? '-'} ${a.peer ?? '-'} net=${a.network} logs=${a.logs}  ${a.summary}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * Ctrl-C or a kill while a command runs: the embedded PostgreSQL this process started is
 * stopped too, instead of being left running without its owner.
 */
function stopOnSignal(db: { stop(): Promise<void> }): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log(`sightline: ${signal}, stopping`);
      db.stop().finally(() => process.exit(130));
    });
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'analyze') return analyze(rest);
  if (command === 'eval') return evalCommand(rest);
  if (command === 'compare') return (await import('./compare')).runCompare(rest);
  if (command === 'formats') {
    // Every format the sniffer knows, in the registry's order (content decides, never the name).
    const { allFormats } = await import('../lib/ingest/registry');
    const { formatListing } = await import('../lib/ingest/format-guide');
    const list = formatListing(allFormats);
    if (rest.includes('--json')) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    else
      for (const f of list)
        process.stdout.write(`${f.id.padEnd(20)} ${f.kind.padEnd(6)} ${f.label}\n${' '.repeat(28)}e.g.  ${f.example}\n${' '.repeat(28)}takes ${f.takes}\n`);
    return;
  }
  if (command === 'generate') {
    const { runGenerate } = await import('./generate');
    return runGenerate(rest);
  }
  fail(command ? `unknown command "${command}"\n${USAGE}` : USAGE, 2);
}

/** One line for any failure: Prisma's messages span a dozen lines whose last one says what happened. */
function oneLine(err: unknown): string {
  // A zod error's message is its issues as JSON: name each field and what is wrong with it.
  const issues = (err as { issues?: { path?: PropertyKey[]; message?: string }[] })?.issues;
  if (Array.isArray(issues) && issues.length > 0) return issues.map((i) => `${(i.path ?? []).map(String).join('.') || 'input'}: ${i.message}`).join('; ');
  const lines = (err instanceof Error ? err.message : String(err))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines[0]?.startsWith('Invalid `') ? lines[lines.length - 1] : lines[0];
  return line ?? 'failed';
}

/** node:util parseArgs refuses unknown flags and stray values with these codes. */
function isUsageError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('ERR_PARSE_ARGS');
}

main().catch((err) => (isUsageError(err) ? fail(`${(err as Error).message}\n${USAGE}`, 2) : fail(oneLine(err))));
