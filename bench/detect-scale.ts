// Detection at scale: the detectors are CTE pipelines, and PostgreSQL cannot estimate joins
// of CTEs (no statistics), so with its default settings it plans nested loops over CTE scans,
// quadratic in the data. `analyzeAssessment` turns nested loops off for the detect stage.
// This bench runs every detector on two inputs both ways, in the same run, on the same rows:
// as the product does (nested loops off) and with PostgreSQL's default plan choice (the
// baseline). Each detector of the baseline is capped by a statement timeout, so a quadratic
// plan shows as "≥ cap" instead of running for hours. Both runs are rolled back.
import fs from 'node:fs';
import path from 'node:path';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { getPool, getPrisma } from '../lib/db/client';
import { detectors, thresholdsFor } from '../lib/detect/registry';
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
}

/** Every enabled detector in one transaction (rolled back), with or without nested loops. */
async function runDetectors(assessmentId: string, nestedLoops: boolean): Promise<DetectRun> {
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
    for (const d of detectors) {
      const t = thresholdsFor(d, settings);
      if (!t.enabled) continue;
      await client.query('SAVEPOINT d');
      const t0 = performance.now();
      try {
        run.detections += await d.run({ client, assessmentId, t, internalRanges: settings.internalRanges });
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

export async function benchDetectScale(ctx: BenchContext): Promise<BenchResult> {
  const oneWay = path.join(ctx.workDir, 'one-way.csv');
  const scenarioDir = path.join(ctx.workDir, 'detect-scenario');
  const assessments: string[] = [];
  try {
    writeOneWayFlows(oneWay, 20_000);
    const gen = await generateScenario({ outDir: scenarioDir, hosts: 40, days: 2, seed: 7 });
    const cases = [
      { label: '20,000 one-way flows, 4,096 hosts → 1 server', id: await load('bench detect one-way', [{ kind: 'flows', file: oneWay }]) },
      {
        label: 'generated 40 hosts × 2 days',
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
      const ours = await runDetectors(c.id, false);
      const baseline = await runDetectors(c.id, true);
      ctx.log(
        `  ours ${fmtMs(ours.totalMs)}, planner default ${baseline.capped.length ? '≥ ' : ''}${fmtMs(baseline.totalMs)}${baseline.capped.length ? ` (capped: ${baseline.capped.join(', ')})` : ''}`,
      );
      results.push({ ...c, records, ours, baseline });
    }
    return {
      name: 'detect-scale',
      title: 'Detection at scale (planner default vs the detect stage’s join setting)',
      command: 'npm run bench -- --only detect-scale',
      measures: `Every enabled detector, on the same stored rows, once as analyzeAssessment runs them (enable_nestloop off for the detect stage) and once with PostgreSQL's default plan choice (the baseline), each in a rolled-back transaction after ANALYZE. A baseline detector still running after ${CAP_MS / 1000} s is stopped and counted as ${CAP_MS / 1000} s ("≥").`,
      table: {
        headers: ['input', 'records', 'detect (ours)', 'detect (planner default)', 'baseline ÷ ours', 'detectors stopped at the cap'],
        rows: results.map((r) => [
          r.label,
          fmtInt(r.records),
          fmtMs(r.ours.totalMs),
          `${r.baseline.capped.length ? '≥ ' : ''}${fmtMs(r.baseline.totalMs)}`,
          `${r.baseline.capped.length ? '≥ ' : ''}${(r.baseline.totalMs / Math.max(r.ours.totalMs, 1)).toFixed(1)}×`,
          r.baseline.capped.join(', ') || '—',
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
      details: results.map((r) => ({ label: r.label, records: r.records, ours: r.ours, baseline: r.baseline })),
    };
  } finally {
    await resetTables(ctx.pool, ctx.db, ['activity_evidence', 'activity', 'blind_spot', 'detection', 'flow', 'log_event'], assessments);
    fs.rmSync(oneWay, { force: true });
    fs.rmSync(scenarioDir, { recursive: true, force: true });
  }
}
