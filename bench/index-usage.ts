// Is every index on flow and log_event used (issue 17)? Loads a generated scenario, then counts
// index scans (pg_stat_user_indexes, summed from each upload partition's index up to the parent
// index it was built like) over what the product does after ingest: one analysis
// (analyzeAssessment) and every page query of the assessment (overview, activities, one
// activity's evidence, hosts, files, blind spots, one address page). Each page query's time is
// reported too (the 200 ms goal of the dashboard).
//   npx tsx bench/index-usage.ts [--hosts 40] [--days 2]
// Starts its own embedded PostgreSQL unless DATABASE_URL is set. Writes bench/results/index-usage.json.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { closeDb, getPool } from '../lib/db/client';
import { dataRoot } from '../lib/db/paths';
import { generateScenario } from '../lib/generate/generate-scenario';
import { analyzeAssessment, runIngest } from '../lib/pipeline';
import { openBenchDatabase } from './support/db';
import { pageQueries, timePageQueries } from './support/page-queries';

const { values } = parseArgs({ options: { hosts: { type: 'string', default: '40' }, days: { type: 'string', default: '2' } } });
const hosts = Number(values.hosts);
const days = Number(values.days);

/** Index scans per index of flow and log_event, partitions' indexes summed into their parent's. */
const USAGE_SQL = `
  WITH RECURSIVE up AS (
    SELECT i.indexrelid AS leaf, i.indexrelid AS idx FROM pg_index i
    UNION ALL
    SELECT up.leaf, h.inhparent FROM up JOIN pg_inherits h ON h.inhrelid = up.idx
  ), top AS (
    SELECT up.leaf, up.idx FROM up WHERE NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = up.idx)
  )
  SELECT t.idx::regclass::text AS index, pg_get_indexdef(t.idx) AS definition,
         coalesce(sum(s.idx_scan), 0)::bigint AS scans, coalesce(sum(s.idx_tup_read), 0)::bigint AS tuples
  FROM top t JOIN pg_index pi ON pi.indexrelid = t.idx
  LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = t.leaf
  WHERE pi.indrelid IN ('flow'::regclass, 'log_event'::regclass)
  GROUP BY t.idx ORDER BY 1`;

interface Usage {
  index: string;
  definition: string;
  scans: number;
  tuples: number;
}

async function usage(url: string): Promise<Usage[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(USAGE_SQL);
    return rows.map((r) => ({ index: r.index, definition: r.definition, scans: Number(r.scans), tuples: Number(r.tuples) }));
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const db = await openBenchDatabase((l) => console.log(l));
  const outDir = path.join(dataRoot, `bench-work-${process.pid}`, 'index-usage');
  try {
    const gen = await generateScenario({ outDir, hosts, days, seed: 7 });
    const id = await createAssessment({ name: `index usage ${hosts}x${days}`, timeZone: 'UTC' });
    for (const i of [
      { kind: 'inventory' as const, file: gen.files.inventory },
      { kind: 'logs' as const, file: gen.files.logs },
      ...gen.files.flows.map((file) => ({ kind: 'flows' as const, file })),
    ])
      await runIngest(await addLocalUpload({ assessmentId: id, kind: i.kind, file: i.file }));
    const records = (
      await getPool().query('SELECT (SELECT count(*) FROM flow WHERE assessment_id = $1) + (SELECT count(*) FROM log_event WHERE assessment_id = $1) AS n', [
        id,
      ])
    ).rows[0].n;
    await closeDb(); // each backend's counters are flushed when it ends
    const before = await usage(db.url);

    const analysis = await analyzeAssessment(id);
    const timings = await timePageQueries(await pageQueries(id));
    await closeDb();
    const after = await usage(db.url);
    const indexes = after.map((a) => {
      const b = before.find((x) => x.index === a.index);
      return { index: a.index, definition: a.definition, scans: a.scans - (b?.scans ?? 0), tuples: a.tuples - (b?.tuples ?? 0) };
    });
    const result = {
      name: 'index-usage',
      command: `npx tsx bench/index-usage.ts --hosts ${hosts} --days ${days}`,
      measuredAt: new Date().toISOString(),
      scenario: { hosts, days, records: Number(records) },
      analysis: { detections: analysis.detections, activities: analysis.activities, blindSpots: analysis.blindSpots, timings: analysis.timings },
      indexes,
      unused: indexes.filter((i) => i.scans === 0).map((i) => i.index),
      pageQueries: timings,
      slowest: [...timings].sort((a, b) => b.medianMs - a.medianMs)[0],
    };
    fs.writeFileSync(path.join(import.meta.dirname, 'results', 'index-usage.json'), `${JSON.stringify(result, null, 2)}\n`);
    for (const i of indexes) console.log(`${String(i.scans).padStart(8)} scans ${String(i.tuples).padStart(10)} tuples  ${i.definition}`);
    for (const t of timings) console.log(`${String(t.medianMs).padStart(8)} ms (max ${t.maxMs})  ${t.query}`);
  } finally {
    await closeDb();
    fs.rmSync(path.dirname(outDir), { recursive: true, force: true });
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
