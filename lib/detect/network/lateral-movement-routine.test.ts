// Issue 22 §6–7 on generated data, through the whole pipeline: backup01's nightly rsync over SSH
// from every server (01:30 UTC, as the `backup` account, uid 998, in each server's auth.log) over two
// nights is quieted as routine with its reason, while the network-exfil attack's lateral SSH from
// the appliance (as root) is reported and never quieted. Deleting the assessment takes its pairs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteAssessment } from '../../assessments/delete';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb, getPool, getPrisma } from '../../db/client';
import { NETWORK_EXFIL } from '../../generate/attack-network';
import { generateScenario } from '../../generate/generate-scenario';
import { runAnalyze, runIngest } from '../../pipeline';
import { getQuietedPairs, type QuietedPairRow, quietedPairLabel } from '../../queries/get-quieted-pairs';
import { buildAssessmentJson } from '../../report/assessment-json';

const APPL = NETWORK_EXFIL.appliance.ip;
let dir: string;
let assessmentId: string;
let quieted: QuietedPairRow[];
let inventory: Map<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sightline-routine-'));
  // 30 hours from midnight: the backup runs at 01:30 on two days; the attack comes at ~09:00.
  const out = await generateScenario({ outDir: dir, hosts: 8, days: 1.25, seed: 3, start: '2026-03-02T00:00:00Z', attacks: ['network-exfil'] });
  assessmentId = await createAssessment({ name: 'routine pairs' });
  await runIngest(await addLocalUpload({ assessmentId, kind: 'logs', file: out.files.logs }));
  await runIngest(await addLocalUpload({ assessmentId, kind: 'flows', file: out.files.flows[0] as string }));
  await runIngest(await addLocalUpload({ assessmentId, kind: 'inventory', file: out.files.inventory }));
  await runAnalyze(assessmentId);
  quieted = await getQuietedPairs(assessmentId);
  inventory = new Map(
    readFileSync(out.files.inventory, 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => [l.split(',')[0] as string, l.split(',')[1] as string]),
  );
}, 300_000);
afterAll(async () => {
  await closeDb();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('routine pairs on generated data', () => {
  it('quiets backup01 → web01:22 with both reasons: the service account in web01’s auth.log and the same time of day on two days', () => {
    const backupIp = inventory.get('backup01');
    const webIp = inventory.get('web01');
    const pair = quieted.find((q) => q.srcIp === backupIp && q.dstIp === webIp && q.port === 22);
    expect(pair).toBeDefined();
    expect(quietedPairLabel(pair as QuietedPairRow)).toBe(`backup01 (${backupIp}) → web01 (${webIp}) SSH:22, 2 sessions`);
    expect(pair?.reason).toMatch(/^logins as backup \(uid 998, a system account\) in web01's auth\.log; same time of day on 2 days \(01:3\d UTC ± \d+ min\)$/);
    expect(pair?.first.slice(0, 13)).toBe('2026-03-02T01');
    expect(pair?.last.slice(0, 13)).toBe('2026-03-03T01');
  });

  it('quiets backup01’s pulls the collector sees, one per server, and never the attacker’s lateral pairs', async () => {
    // The collector sits between the DMZ (10.20.1.0/24) and the server LAN: backup01's pulls from
    // db01 and ns01, its neighbours on the LAN, never cross it; the DMZ servers' do.
    expect(quieted.map((q) => [q.srcHost, q.dstHost, q.port, q.sessions, q.detector])).toEqual(
      ['web01', 'mail01', 'jump01'].map((h) => ['backup01', h, 22, 2, 'network.lateral-movement']),
    );
    expect(quieted.some((q) => q.srcIp === APPL || q.dstIp === APPL)).toBe(false);
    // The appliance's root logins on three servers stay lateral movement.
    const { rows } = await getPool().query<{ host: string }>(
      `SELECT host(host_ip) AS host FROM detection WHERE assessment_id = $1 AND detector = 'network.lateral-movement' AND peer = $2::inet`,
      [assessmentId, APPL],
    );
    expect(rows.map((r) => r.host).sort()).toEqual(['backup01', 'db01', 'ns01'].map((n) => inventory.get(n)).sort());
  });

  it('is in `sightline analyze --json` as `quieted`, and goes with its assessment', async () => {
    const doc = await buildAssessmentJson(assessmentId);
    expect(doc.quieted).toEqual(quieted);
    await deleteAssessment(assessmentId);
    expect(await getPrisma().quietedPair.count({ where: { assessmentId } })).toBe(0);
  });
});
