// Sightline's command line. `analyze` runs the same pipeline as the app against the same
// database. Progress goes to stderr; with --json, stdout holds exactly one JSON document.
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { createAssessment, addLocalUpload, type UploadKind } from '../lib/assessments/service';
import { closeDb, getPrisma } from '../lib/db/client';
import { ensureDatabase } from '../lib/db/runtime';
import { runAnalyze, runIngest } from '../lib/pipeline';
import { buildAssessmentJson } from '../lib/report/assessment-json';
import { STAGE_LABELS, STAGES } from '../lib/stages';

const USAGE = `usage:
  sightline analyze [--logs PATH]... [--flows PATH]... [--inventory CSV] [--tz ZONE] [--name NAME] [--json]
  sightline generate --out DIR [--hosts N] [--days D] [--seed S] [--attack NAME]...`;

function fail(reason: string, code = 1): never {
  process.stderr.write(`sightline: ${reason}\n`);
  process.exit(code);
}

async function analyze(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      logs: { type: 'string', multiple: true, default: [] },
      flows: { type: 'string', multiple: true, default: [] },
      inventory: { type: 'string' },
      tz: { type: 'string', default: 'UTC' },
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const inputs: { kind: UploadKind; path: string }[] = [
    ...values.logs.map((p) => ({ kind: 'logs' as const, path: p })),
    ...values.flows.map((p) => ({ kind: 'flows' as const, path: p })),
    ...(values.inventory ? [{ kind: 'inventory' as const, path: values.inventory }] : []),
  ];
  if (inputs.length === 0) fail(`nothing to analyze: give --logs and/or --flows\n${USAGE}`, 2);
  for (const i of inputs) if (!fs.existsSync(i.path)) fail(`${i.path}: no such file or folder`, 2);
  try {
    new Intl.DateTimeFormat('en', { timeZone: values.tz });
  } catch {
    fail(`--tz ${values.tz}: not an IANA time zone (e.g. UTC, Europe/Paris)`, 2);
  }
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const db = await ensureDatabase(log);
  try {
    const id = await createAssessment({ name: values.name ?? `CLI ${new Date().toISOString()}`, timeZone: values.tz });
    const uploads: { id: string; path: string }[] = [];
    for (const i of inputs) uploads.push({ id: await addLocalUpload({ assessmentId: id, kind: i.kind, file: i.path }), path: i.path });
    const uploadErrors: { path: string; line: number | null; offset: number | null; reason: string }[] = [];
    for (const u of uploads) {
      log(`ingesting ${u.path}`);
      const r = await runIngest(u.id);
      if (r) log(`  ${r.records} records, ${r.errors} errors`);
      else {
        const failed = await getPrisma().upload.findUniqueOrThrow({ where: { id: u.id } });
        log(`  failed: ${failed.error}`);
        uploadErrors.push({ path: u.path, line: null, offset: null, reason: failed.error ?? 'failed' });
      }
    }
    log('analyzing');
    await runAnalyze(id);
    const doc = await buildAssessmentJson(id, uploadErrors);
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

function printTable(doc: Awaited<ReturnType<typeof buildAssessmentJson>>): void {
  const out: string[] = [`assessment ${doc.assessmentId}`, ''];
  for (const f of doc.files) out.push(`  ${f.kind.padEnd(9)} ${(f.format ?? '(unknown)').padEnd(18)} ${String(f.records).padStart(9)} records ${String(f.errors).padStart(5)} errors  ${f.path}`);
  out.push('', `  ${'stage'.padEnd(24)} network-only   both   logs-only`);
  for (const s of doc.stages) {
    const label = STAGE_LABELS[s.stage as (typeof STAGES)[number]];
    out.push(`  ${label.padEnd(24)} ${String(s.networkOnly).padStart(12)} ${String(s.both).padStart(6)} ${String(s.logsOnly).padStart(11)}`);
  }
  out.push('', `  ${doc.activities.length} activities`);
  for (const a of doc.activities) out.push(`  [${a.stage}] ${a.technique} ${a.host ?? '-'} ${a.peer ?? '-'} net=${a.network} logs=${a.logs}  ${a.summary}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'analyze') return analyze(rest);
  if (command === 'generate') {
    const { runGenerate } = await import('./generate');
    return runGenerate(rest);
  }
  fail(command ? `unknown command "${command}"\n${USAGE}` : USAGE, 2);
}

main().catch((err) => fail((err as Error).message ?? String(err)));
