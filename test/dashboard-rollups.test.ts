// The dashboard reads summaries instead of records (issue 17): the address page's summary from
// the per-peer rollup written at ingest, the cost of seeing from the vantage points correlation
// stores on each activity. Their claim is exactness: on the recorded intrusions and on a
// generated scenario, every address's figures and every stage's cost equal the same figures
// counted over the flows and evidence records (test/kits/dashboard-reference.ts, the queries as
// they were before).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { getPool } from '../lib/db/client';
import { generateScenario } from '../lib/generate/generate-scenario';
import { runAnalyze, runIngest } from '../lib/pipeline';
import type { ActivityFilter } from '../lib/queries/activity-filter';
import { getAddressSummary } from '../lib/queries/get-address';
import { getCostOfSeeing } from '../lib/queries/get-cost-of-seeing';
import { STAGES } from '../lib/stages';
import { addressFlowsReference, costOfSeeingReferenceSql } from './kits/dashboard-reference';

const RECORDINGS = path.join(import.meta.dirname, 'fixtures', 'recordings');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-rollups-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function analyzed(name: string, files: { kind: 'logs' | 'flows' | 'inventory'; file: string }[]): Promise<string> {
  const id = await createAssessment({ name });
  for (const f of files) await runIngest(await addLocalUpload({ assessmentId: id, kind: f.kind, file: f.file }));
  await runAnalyze(id);
  return id;
}

async function costReference(id: string, filter: ActivityFilter) {
  const q = costOfSeeingReferenceSql(filter);
  const { rows } = await getPool().query(q.sql, [id, ...q.params]);
  const by = new Map(rows.map((r) => [r.stage, r]));
  return STAGES.filter((s) => s !== 'weaponization').map(
    (stage) => by.get(stage) ?? { stage, networkSaw: 0, logsSaw: 0, networkRecords: 0, logRecords: 0, networkSensors: 0, logHosts: 0 },
  );
}

/** Every address of the assessment's flows, the busiest first (at most `limit`). */
async function addresses(id: string, limit = 150): Promise<string[]> {
  const { rows } = await getPool().query(
    `SELECT host(ip) AS ip FROM (SELECT src_ip AS ip FROM flow WHERE assessment_id = $1 UNION ALL SELECT dst_ip FROM flow WHERE assessment_id = $1) u
     GROUP BY ip ORDER BY count(*) DESC, ip LIMIT $2`,
    [id, limit],
  );
  return rows.map((r) => r.ip);
}

async function expectExact(id: string, seen: { logHosts: boolean }): Promise<void> {
  const { rows } = await getPool().query('SELECT min(start_ts) AS s, max(start_ts) AS e FROM activity WHERE assessment_id = $1', [id]);
  const mid = rows[0].s ? new Date((rows[0].s.getTime() + rows[0].e.getTime()) / 2).toISOString() : undefined;
  const filters: ActivityFilter[] = [{}, { from: mid }, { to: mid }];
  for (const f of filters) expect(await getCostOfSeeing(id, f), JSON.stringify(f)).toEqual(await costReference(id, f));
  const all = await getCostOfSeeing(id);
  // Not vacuous: the network needed sensors to see something, and the logs hosts where they have evidence.
  expect(all.some((c) => c.networkSensors > 0)).toBe(true);
  expect(all.some((c) => c.logHosts > 0)).toBe(seen.logHosts);

  const ips = await addresses(id);
  expect(ips.length).toBeGreaterThan(3);
  for (const ip of ips) {
    const s = await getAddressSummary(id, ip);
    expect(s?.flows, ip).toEqual(await addressFlowsReference(id, ip));
  }
}

describe('dashboard figures from summaries equal the figures over the records', () => {
  it('on the webshop intrusion (nfdump CSV, with its inventory)', async () => {
    const dir = path.join(RECORDINGS, 'webshop-intrusion');
    await expectExact(
      await analyzed('webshop', [
        { kind: 'inventory', file: path.join(dir, 'inventory.csv') },
        { kind: 'logs', file: path.join(dir, 'logbundle.tar.gz') },
        { kind: 'flows', file: path.join(dir, 'flows.csv') },
      ]),
      { logHosts: true },
    );
  }, 240_000);

  it('on the appliance exfiltration (IPFIX: flows name their exporter)', async () => {
    const dir = path.join(RECORDINGS, 'appliance-exfil');
    await expectExact(
      await analyzed('appliance', [
        { kind: 'logs', file: path.join(dir, 'logbundle.tar.gz') },
        { kind: 'flows', file: path.join(dir, 'ipfix.pcap') },
      ]),
      // No log record linked to this recording's activities counts a host (the record-level figures agree: checked above).
      { logHosts: false },
    );
  }, 240_000);

  it('on a generated scenario (two flow exports, an inventory, every host logging)', async () => {
    const gen = await generateScenario({ outDir: path.join(tmp, 'gen'), hosts: 10, days: 0.5, seed: 17 });
    await expectExact(
      await analyzed('generated', [
        { kind: 'inventory', file: gen.files.inventory },
        { kind: 'logs', file: gen.files.logs },
        ...gen.files.flows.map((file) => ({ kind: 'flows' as const, file })),
      ]),
      { logHosts: true },
    );
  }, 300_000);
});
