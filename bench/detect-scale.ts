// Detection at scale: the detectors are CTE pipelines, and PostgreSQL cannot estimate joins
// of CTEs (no statistics), so with its default settings it plans nested loops over CTE scans,
// quadratic in the data. `analyzeAssessment` turns nested loops off for the detect stage.
// Since issue 17 the detect stage also makes the passes over the flow rows that several
// network detectors share once (stitched sessions, per-window volumes: lib/detect/shared-passes.ts).
// This bench runs every detector on two inputs three ways, in the same run, on the same rows:
// as the product does (shared passes, nested loops off); each detector on its own pass over the
// rows (nested loops off: the detect stage before issue 17); and with PostgreSQL's default plan
// choice (the first baseline). Each detector of that baseline is capped by a statement timeout,
// so a quadratic plan shows as "≥ cap" instead of running for hours. Every run is rolled back.
import fs from 'node:fs';
import path from 'node:path';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { getPool, getPrisma } from '../lib/db/client';
import { detectors, thresholdsFor } from '../lib/detect/registry';
import { buildSharedPasses } from '../lib/detect/shared-passes';
import { generateScenario } from '../lib/generate/generate-scenario';
import { runIngest } from '../lib/pipeline';
import { readSettings } from '../lib/settings';
import { type BenchContext, type BenchResult, fmtInt, fmtMs } from './support/context';
import { resetTables } from './support/db';

const CAP_MS = 60_000;

interface DetectRun {
  totalMs: number;
  /** Detectors stopped by the cap (their time counts as the cap). */
  capped: string[];
  perDetector: Record<string, number>;
  detections: number;
  /** The shared passes' own time (included in totalMs), by table. */
  shared?: Record<string, number>;
}

/** Every enabled detector in one transaction (rolled back), with or without nested loops and the shared passes. */
async function runDetectors(assessmentId: string, nestedLoops: boolean, sharedPasses: boolean): Promise<DetectRun> {
  const a = await getPrisma().assessment.findUniqueOrThrow({ where: { id: assessmentId } });
  const settings = readSettings(a.settings);
  const client = await getPool().connect();
  const run: DetectRun = { totalMs: 0, capped: [], perDetector: {}, detections: 0 };
  try {
    await client.query('BEGIN');
    await client.query('ANALYZE flow');
    await client.query('ANALYZE log_event');
    await client.query(`SET LOCAL enable_nestloop = ${nestedLoops ? 'on' : 'off'}`);
    await client.query(`SET LOCAL statement_timeout = ${CAP_MS}`);
    const t0 = performance.now();
    const shared = sharedPasses ? await buildSharedPasses(client, assessmentId, settings.internalRanges) : undefined;
    if (shared) run.perDetector['shared passes'] = Math.round(performance.now() - t0);
    for (const d of detectors) {
      const t = thresholdsFor(d, settings);
      if (!t.enabled) continue;
      await client.query('SAVEPOINT d');
      const t0 = performance.now();
      try {
        run.detections += await d.run({ client, assessmentId, t, internalRanges: settings.internalRanges, shared });
        run.perDetector[d.id] = Math.round(performance.now() - t0);
        await client.query('RELEASE SAVEPOINT d');
      } catch (err) {
        if (!/statement timeout/.test(String(err))) throw err;
        run.perDetector[d.id] = CAP_MS;
        run.capped.push(d.id);
        await client.query('ROLLBACK TO SAVEPOINT d');
      }
    }
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
  run.totalMs = Object.values(run.perDetector).reduce((s, ms) => s + ms, 0);
  // The volume tables are built on a detector's first request: their time is in that detector's too.
  return run;
}

/** 20 000 one-way flows (no replies) from 4 096 internal hosts to one web server: an nfdump collector's view of a busy proxy. */
function writeOneWayFlows(file: string, n: number): void {
  const t0 = Date.parse('2026-03-07T14:00:00Z');
  const rows = ['firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows'];
  for (let i = 0; i < n; i++) {
    const t = new Date(t0 + (600 + (i % 3600)) * 1000).toISOString().replace('T', ' ').replace('Z', '');
    rows.push(`${t},0.250,TCP,10.0.${(i >> 8) & 15}.${i & 255},${40000 + (i % 20000)},93.184.216.34,443,5,${400 + i},1`);
  }
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
}

async function load(name: string, inputs: { kind: 'logs' | 'flows' | 'inventory'; file: string }[]): Promise<string> {
  const id = await createAssessment({ name, timeZone: 'UTC' });
  for (const i of inputs) await runIngest(await addLocalUpload({ assessmentId: id, kind: i.kind, file: i.file }));
  return id;
}

export interface DetectScaleOptions {
  /** Size of the generated scenario (default 40 hosts × 2 days). */
  hosts: number;
  days: number;
  /** Also run PostgreSQL's default plan choice, capped per detector (the first baseline). */
  plannerDefault: boolean;
  /** Repetitions of the shared and the separate runs, alternating (median reported). */
  reps: number;
}

const REPS_DEFAULT = 3;
const networkMs = (r: DetectRun) =>
  Object.entries(r.perDetector)
    .filter(([id]) => !id.startsWith('logs.'))
    .reduce((s, [, ms]) => s + ms, 0);

/** The run of median total among repetitions. */
function medianRun(runs: DetectRun[]): DetectRun {
  const sorted = [...runs].sort((a, b) => a.totalMs - b.totalMs);
  const m = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!m) throw new Error('no run');
  return m;
}

export async function benchDetectScale(
  ctx: BenchContext,
  opts: DetectScaleOptions = { hosts: 40, days: 2, plannerDefault: true, reps: REPS_DEFAULT },
): Promise<BenchResult> {
  const oneWay = path.join(ctx.workDir, 'one-way.csv');
  const scenarioDir = path.join(ctx.workDir, 'detect-scenario');
  const assessments: string[] = [];
  try {
    writeOneWayFlows(oneWay, 20_000);
    const gen = await generateScenario({ outDir: scenarioDir, hosts: opts.hosts, days: opts.days, seed: 7 });
    const cases = [
      { label: '20,000 one-way flows, 4,096 hosts → 1 server', id: await load('bench detect one-way', [{ kind: 'flows', file: oneWay }]) },
      {
        label: `generated ${opts.hosts} hosts × ${opts.days} days`,
        id: await load('bench detect scenario', [
          { kind: 'inventory', file: gen.files.inventory },
          { kind: 'logs', file: gen.files.logs },
          ...gen.files.flows.map((f) => ({ kind: 'flows' as const, file: f })),
        ]),
      },
    ];
    assessments.push(...cases.map((c) => c.id));
    const results = [];
    for (const c of cases) {
      const records = Number(
        (
          await getPool().query(
            'SELECT (SELECT count(*) FROM flow WHERE assessment_id = $1) + (SELECT count(*) FROM log_event WHERE assessment_id = $1) AS n',
            [c.id],
          )
        ).rows[0].n,
      );
      ctx.log(`detect scale: ${c.label} (${fmtInt(records)} records)`);
      const oursRuns: DetectRun[] = [];
      const separateRuns: DetectRun[] = [];
      for (let i = 0; i < opts.reps; i++) {
        // alternate which goes first, so a cache warmed by one does not favour it
        if (i % 2 === 0) separateRuns.push(await runDetectors(c.id, false, false));
        oursRuns.push(await runDetectors(c.id, false, true));
        if (i % 2 === 1) separateRuns.push(await runDetectors(c.id, false, false));
      }
      const ours = medianRun(oursRuns);
      const separate = medianRun(separateRuns);
      if (ours.detections !== separate.detections)
        throw new Error(`${c.label}: ${ours.detections} detections with shared passes, ${separate.detections} without`);
      const baseline = opts.plannerDefault ? await runDetectors(c.id, true, false) : undefined;
      ctx.log(
        `  ours ${fmtMs(ours.totalMs)} (network ${fmtMs(networkMs(ours))}), separate passes ${fmtMs(separate.totalMs)} (network ${fmtMs(networkMs(separate))})${
          baseline
            ? `, planner default ${baseline.capped.length ? '≥ ' : ''}${fmtMs(baseline.totalMs)}${baseline.capped.length ? ` (capped: ${baseline.capped.join(', ')})` : ''}`
            : ''
        }`,
      );
      results.push({ ...c, records, ours, separate, baseline, oursRuns: oursRuns.map((r) => r.totalMs), separateRuns: separateRuns.map((r) => r.totalMs) });
    }
    return {
      name: 'detect-scale',
      title: 'Detection at scale (shared passes, separate passes, planner default)',
      command: `npm run bench -- --only detect-scale${opts.hosts !== 40 || opts.days !== 2 ? ` --detect-hosts ${opts.hosts} --detect-days ${opts.days}` : ''}${opts.plannerDefault ? '' : ' --detect-no-default'}`,
      measures: `Every enabled detector, on the same stored rows, each way in a rolled-back transaction after ANALYZE: as analyzeAssessment runs them (the network detectors' shared passes over the flow rows made once — stitched sessions, per-window volumes, lib/detect/shared-passes.ts — and enable_nestloop off); each detector making its own pass over the rows (the detect stage before issue 17, enable_nestloop off); ${opts.plannerDefault ? `and with PostgreSQL's default plan choice (the first baseline; a detector still running after ${CAP_MS / 1000} s is stopped and counted as ${CAP_MS / 1000} s, "≥")` : 'PostgreSQL’s default plan choice not run (--detect-no-default)'}. Shared and separate alternate, ${opts.reps} times each; the run of median total is reported (same detections both ways, checked).`,
      table: {
        headers: [
          'input',
          'records',
          'detect (shared passes)',
          'of which network',
          'separate passes',
          'of which network',
          'network: separate ÷ shared',
          'planner default',
          'stopped at the cap',
        ],
        rows: results.map((r) => [
          r.label,
          fmtInt(r.records),
          fmtMs(r.ours.totalMs),
          fmtMs(networkMs(r.ours)),
          fmtMs(r.separate.totalMs),
          fmtMs(networkMs(r.separate)),
          `${(networkMs(r.separate) / Math.max(networkMs(r.ours), 1)).toFixed(2)}×`,
          r.baseline ? `${r.baseline.capped.length ? '≥ ' : ''}${fmtMs(r.baseline.totalMs)}` : 'not run',
          r.baseline?.capped.join(', ') || '—',
        ]),
      },
      goals: results.map((r) => ({
        goal: `${r.label}: every detector under ${CAP_MS / 4000} s`,
        value: `slowest ${
          Object.entries(r.ours.perDetector)
            .sort((a, b) => b[1] - a[1])[0]
            ?.join(' ') ?? '—'
        } ms`,
        isMet: r.ours.capped.length === 0 && Math.max(...Object.values(r.ours.perDetector)) < CAP_MS / 4,
      })),
      details: results.map((r) => ({
        label: r.label,
        records: r.records,
        ours: r.ours,
        separate: r.separate,
        baseline: r.baseline,
        oursRuns: r.oursRuns,
        separateRuns: r.separateRuns,
      })),
    };
  } finally {
    await resetTables(ctx.pool, ctx.db, ['activity_evidence', 'activity', 'blind_spot', 'detection', 'flow', 'log_event'], assessments);
    fs.rmSync(oneWay, { force: true });
    fs.rmSync(scenarioDir, { recursive: true, force: true });
  }
}
