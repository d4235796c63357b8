// The generator's shell histories (option shellHistory): off, the bundle holds none; on, the
// post-exploit scenario's key session on the database host is written as a dated .bash_history,
// and a bundle of that history and the auth logs alone — no audit.log — finds the techniques the
// auditd bundle finds for the commands typed there (the dump, the archive). The entry host's own
// history is removed and linked to /dev/null by the scenario's cleanup, so none is written there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb, getPool } from '../db/client';
import { runAnalyze, runIngest } from '../pipeline';
import { postExploitHosts } from './attack-post-exploit';
import { generateScenario } from './generate-scenario';
import { shellWord } from './shell-history';
import { writeTarGz } from './tarball';
import { buildWorld } from './world';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-history-'));
afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const OPTS = { hosts: 24, days: 1.5, seed: 3, start: '2026-03-02T00:00:00Z', attacks: ['post-exploit' as const] };

/** Log detections (technique per host) of a logs-only analysis of `bundle`. */
async function logTechniques(bundle: string): Promise<Set<string>> {
  const a = await createAssessment({ name: `history ${path.basename(bundle)}` });
  await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file: bundle }));
  await runAnalyze(a);
  const { rows } = await getPool().query<{ k: string }>(
    `SELECT DISTINCT host_name || ' ' || technique AS k FROM detection WHERE assessment_id = $1 AND source = 'logs'`,
    [a],
  );
  return new Set(rows.map((r) => r.k));
}

it('shell words are quoted only when they need it', () => {
  expect(['pg_dump', '-f', '/var/tmp/.x/a.sql', 'a b', "it's", 'mkdir -p ~/.ssh && x'].map(shellWord)).toEqual([
    'pg_dump',
    '-f',
    '/var/tmp/.x/a.sql',
    "'a b'",
    "'it'\\''s'",
    "'mkdir -p ~/.ssh && x'",
  ]);
});

it('post-exploit: the history-only bundle finds the dump and the archive on the database host as the auditd bundle does', async () => {
  const world = buildWorld({ seed: OPTS.seed, hosts: OPTS.hosts, startMs: Date.parse(OPTS.start), endMs: Date.parse(OPTS.start) + OPTS.days * 86_400_000 });
  const { db } = postExploitHosts(world);
  const off = await generateScenario({ ...OPTS, outDir: path.join(dir, 'off') });
  const on = await generateScenario({ ...OPTS, outDir: path.join(dir, 'on'), shellHistory: true });
  // Off: no history in the bundle; on: the same bundle plus the database host's history.
  const members = (tgz: string) => execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).trim().split('\n').sort();
  expect(members(off.files.logs).filter((m) => m.endsWith('_history'))).toEqual([]);
  const history = `${db.name}/home/deploy/.bash_history`;
  expect(members(on.files.logs)).toEqual([...members(off.files.logs), history].sort());
  const text = fs.readFileSync(path.join(on.files.logsDir, history), 'utf8');
  expect(text).toMatch(/^#\d{10}\nmkdir -p \/var\/tmp\/\.cache-x\n#\d{10}\n\/usr\/lib\/postgresql\/14\/bin\/pg_dump -h 127\.0\.0\.1 /);

  // A bundle of that history and every host's auth.log: no audit.log, no PostgreSQL log.
  const auth = members(on.files.logs).filter((m) => m.endsWith('/auth.log'));
  const historyOnly = path.join(dir, 'history-only.tar.gz');
  await writeTarGz(
    historyOnly,
    [...auth, history].map((name) => ({ file: path.join(on.files.logsDir, ...name.split('/')), name, owner: 'syslog' as const })),
    new Date(Date.parse(OPTS.start) + OPTS.days * 86_400_000),
  );
  const withAudit = await logTechniques(on.files.logs);
  const withHistory = await logTechniques(historyOnly);
  for (const t of ['T1005', 'T1560.001']) {
    expect(withAudit, `auditd bundle: ${t} on ${db.name}`).toContain(`${db.name} ${t}`);
    expect(withHistory, `history-only bundle: ${t} on ${db.name}`).toContain(`${db.name} ${t}`);
  }
}, 600_000);
