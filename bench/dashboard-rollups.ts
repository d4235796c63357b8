// The two dashboard queries that grew with the records (issue 17): the address page's summary
// and the cost of seeing, as they read summaries now (flow_address_rollup + flow_address_peers;
// the vantage points correlation stores on each activity) beside the same figures counted over
// the records (test/kits/dashboard-reference.ts: the queries as they were), same data, same run.
// Loads the correlation bench's assessment (a 200-host week, straight into the tables with the
// ingest's rollups) at each size, counts the address peers and correlates as the analysis
// does, then times each query (median of 7, warm) and keeps its EXPLAIN ANALYZE plan.
//   npx tsx bench/dashboard-rollups.ts [--sizes 100k,1M] [--no-write]
// Starts its own embedded PostgreSQL unless DATABASE_URL is set. Writes
// bench/results/dashboard-rollups.json and regenerates the results part of bench/README.md.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { createAssessment } from '../lib/assessments/service';
import { correlate } from '../lib/correlate/correlate';
import { closeDb, getPool } from '../lib/db/client';
import { getAddressSummary } from '../lib/queries/get-address';
import { getCostOfSeeing } from '../lib/queries/get-cost-of-seeing';
import { buildAddressPeers } from '../lib/records/rollups';
import { readSettings } from '../lib/settings';
import { ADDRESS_FLOWS_REFERENCE_SQL, costOfSeeingReferenceSql } from '../test/kits/dashboard-reference';
import { loadCorrelationData } from './gen/correlation-data';
import { fmtInt, median } from './support/context';
import { openBenchDatabase } from './support/db';
import { load1, machineInfo } from './support/machine';
import { regenerateReadme, writeResult } from './support/report';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100k,1M' }, 'no-write': { type: 'boolean', default: false } } });
const parseCount = (s: string) => Math.round(Number.parseFloat(s) * (/m$/i.test(s) ? 1e6 : /k$/i.test(s) ? 1e3 : 1));
const sizes = (values.sizes ?? '100k,1M').split(',').map(parseCount);
const RUNS = 7;
const GOAL_MS = 200;

interface Measured {
  query: string;
  flows: number;
  ms: number;
  plan: string[];
}

/** The statements a function sends through the pool, to EXPLAIN them afterwards. */
async function captured(fn: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  const pool = getPool();
  const out: { text: string; values: unknown[] }[] = [];
  const orig = pool.query.bind(pool) as (...a: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: unknown }).query = (text: string, values: unknown[]) => {
    out.push({ text, values });
    return orig(text, values);
  };
  try {
    await fn();
  } finally {
    (pool as unknown as { query: unknown }).query = orig;
  }
  return out;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm, as a visited page would be
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return Math.round(median(ms) * 10) / 10;
}

async function explain(text: string, params: unknown[]): Promise<string[]> {
  const { rows } = await getPool().query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
  return rows.map((r) => r['QUERY PLAN'] as string);
}

async function main(): Promise<void> {
  const db = await openBenchDatabase((l) => console.log(l));
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg();
  const measured: Measured[] = [];
  const setup: Record<string, unknown>[] = [];
  try {
    for (const flows of sizes) {
      const id = await createAssessment({ name: `dashboard rollups ${flows}`, timeZone: 'UTC' });
      const logEvents = Math.round(flows / 5);
      console.log(`loading ${fmtInt(flows)} flows, ${fmtInt(logEvents)} log events, 10,000 detections (load ${load1()})`);
      const pool = getPool();
      await loadCorrelationData(pool as unknown as pg.Pool, { assessmentId: id, flows, logEvents, detections: 10_000 });
      await pool.query('VACUUM ANALYZE flow, log_event, detection, host, host_address, flow_address_rollup');
      const client = await pool.connect();
      let peersMs = 0;
      let correlateMs = 0;
      try {
        await client.query('BEGIN');
        let t0 = performance.now();
        await buildAddressPeers(client, id);
        peersMs = Math.round(performance.now() - t0);
        t0 = performance.now();
        await correlate(client, { assessmentId: id, toleranceSeconds: readSettings({}).toleranceSeconds });
        correlateMs = Math.round(performance.now() - t0);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      await pool.query('ANALYZE activity, activity_evidence, flow_address_peers');
      const busiest = (
        await pool.query(`SELECT host(ip) AS ip, sum(flows)::int AS n FROM flow_address_rollup WHERE assessment_id = $1 GROUP BY ip ORDER BY n DESC LIMIT 1`, [
          id,
        ])
      ).rows[0] as { ip: string; n: number };
      const activities = (await pool.query('SELECT count(*)::int AS n FROM activity WHERE assessment_id = $1', [id])).rows[0].n;
      const evidence = (await pool.query('SELECT count(*)::int AS n FROM activity_evidence WHERE assessment_id = $1', [id])).rows[0].n;
      setup.push({ flows, logEvents, activities, evidence, busiest, addressPeersMs: peersMs, correlateMs, load1: load1() });
      console.log(`  ${activities} activities, ${evidence} evidence links; busiest address ${busiest.ip} (${busiest.n} flows); peers counted in ${peersMs} ms`);

      // Same answers both ways (the test checks this on the recordings and a generated scenario).
      const cost = costOfSeeingReferenceSql();
      const refCost = (await pool.query(cost.sql, [id, ...cost.params])).rows;
      const newCost = await getCostOfSeeing(id);
      if (refCost.some((r) => JSON.stringify(r) !== JSON.stringify(newCost.find((c) => c.stage === r.stage))))
        console.log('  WARNING: cost of seeing differs from the record-level figures', { newCost, refCost });
      const refAddr = (await pool.query(ADDRESS_FLOWS_REFERENCE_SQL, [id, busiest.ip])).rows[0];
      const newAddr = await getAddressSummary(id, busiest.ip);
      if (newAddr?.flows.peers !== refAddr.peers || newAddr?.flows.sent !== refAddr.sent || newAddr?.flows.bytesOut !== refAddr.bytesOut)
        console.log('  WARNING: address summary differs from the record-level figures', { newAddr, refAddr });

      const cases: [string, () => Promise<unknown>, { text: string; values: unknown[] }[]][] = [
        ['getCostOfSeeing (from the activities)', () => getCostOfSeeing(id), await captured(() => getCostOfSeeing(id))],
        [
          'cost of seeing over the evidence records (before)',
          () => pool.query(cost.sql, [id, ...cost.params]),
          [{ text: cost.sql, values: [id, ...cost.params] }],
        ],
        [
          `getAddressSummary ${busiest.ip} (from the rollups)`,
          () => getAddressSummary(id, busiest.ip),
          (await captured(() => getAddressSummary(id, busiest.ip))).slice(0, 1),
        ],
        [
          `address flow figures over its flows (before), ${busiest.ip}`,
          () => pool.query(ADDRESS_FLOWS_REFERENCE_SQL, [id, busiest.ip]),
          [{ text: ADDRESS_FLOWS_REFERENCE_SQL, values: [id, busiest.ip] }],
        ],
      ];
      for (const [query, fn, statements] of cases) {
        const ms = await timed(fn);
        const plan = statements.length ? await explain(statements[0]?.text as string, statements[0]?.values as unknown[]) : [];
        measured.push({ query, flows, ms, plan });
        console.log(`  ${query}: ${ms} ms (${plan.at(-1) ?? ''})`);
      }
    }
  } finally {
    await closeDb();
    await db.stop();
  }
  const at = (q: string, flows: number) => measured.find((m) => m.query.startsWith(q) && m.flows === flows)?.ms ?? Number.NaN;
  const big = Math.max(...sizes);
  const stored = {
    name: 'dashboard-rollups',
    title: 'Dashboard queries from summaries (address page, cost of seeing)',
    command: `npx tsx bench/dashboard-rollups.ts --sizes ${values.sizes}`,
    measures:
      "The correlation bench's assessment (200 hosts, 5 000 peers, a week; flows and log events loaded straight into the tables with the ingest's rollups, 10 000 detections) at each size; address peers counted and correlation run as the analysis does; then each query, median of 7 warm runs, beside the same figures counted over the records (the queries before issue 17), same run. Plans (EXPLAIN ANALYZE) in the JSON.",
    table: {
      headers: ['query', ...sizes.map((s) => `${fmtInt(s)} flows`)],
      rows: [...new Set(measured.map((m) => m.query.replace(/ \d+\.\d+\.\d+\.\d+.*$| [0-9a-f:.]+ \(from.*$/, '')))].map((q) => [
        q,
        ...sizes.map((s) => {
          const m = measured.find((x) => x.flows === s && x.query.startsWith(q));
          return m ? `${m.ms} ms` : '';
        }),
      ]),
    },
    goals: [
      {
        goal: `getCostOfSeeing < ${GOAL_MS} ms at ${fmtInt(big)} flows`,
        value: `${at('getCostOfSeeing', big)} ms`,
        isMet: at('getCostOfSeeing', big) < GOAL_MS,
      },
      {
        goal: `getAddressSummary (busiest address) < ${GOAL_MS} ms at ${fmtInt(big)} flows`,
        value: `${at('getAddressSummary', big)} ms`,
        isMet: at('getAddressSummary', big) < GOAL_MS,
      },
    ],
    details: { setup, measured },
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machineInfo(db.pgVersion),
    loadBefore,
    loadAfter: os.loadavg(),
    options: { sizes: values.sizes },
  };
  if (values['no-write']) return;
  const dir = path.join(import.meta.dirname, 'results');
  console.log(`wrote ${path.relative(process.cwd(), writeResult(dir, stored))}`);
  regenerateReadme(path.join(import.meta.dirname, 'README.md'), dir);
}

main().catch((err) => {
  process.stderr.write(`[dashboard-rollups] failed: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
