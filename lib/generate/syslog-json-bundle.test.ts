// A log bundle whose hosts ship their syslog as JSON lines (rsyslog's JSON template) gives the
// same activities as the same events written as RFC 3164 text (issue 23): the demo scenario — SSH
// password guessing, the login it won, sudo, a cron job, the web exploit — generated with one seed
// as text, with `sources.syslogJson` for every host and for the guessed host only, analysed whole
// (logs, flows, inventory).
// The switch left off keeps the output byte for byte.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb, getPool } from '../db/client';
import { runAnalyze, runIngest } from '../pipeline';
import { DEMO_OPTIONS } from './demo';
import { type GenerateResult, generateScenario } from './generate-scenario';
import type { Sources } from './sources';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-syslog-json-'));
afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

function gen(name: string, sources?: Sources): Promise<GenerateResult> {
  return generateScenario({ outDir: path.join(dir, name), ...DEMO_OPTIONS, attacks: [...DEMO_OPTIONS.attacks], ...(sources ? { sources } : {}) });
}

function digest(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

async function analyse(name: string, g: GenerateResult) {
  const id = await createAssessment({ name });
  for (const upload of [
    { kind: 'logs' as const, file: g.files.logs },
    { kind: 'flows' as const, file: g.files.flows[0] as string },
    { kind: 'inventory' as const, file: g.files.inventory },
  ])
    await runIngest(await addLocalUpload({ assessmentId: id, ...upload }));
  await runAnalyze(id);
  const formats = await getPool().query<{ format: string; n: number }>(
    `SELECT format, count(*)::int AS n FROM source_file WHERE assessment_id = $1 AND kind = 'logs' AND NOT skipped GROUP BY format ORDER BY format`,
    [id],
  );
  const kinds = await getPool().query<{ kind: string; n: number }>(
    `SELECT kind, count(*)::int AS n FROM log_event WHERE assessment_id = $1 GROUP BY kind ORDER BY kind`,
    [id],
  );
  const activities = await getPool().query(
    `SELECT host_name AS host, stage, split_part(technique, ' ', 1) AS technique, host(peer) AS peer, network, logs, start_ts AS start
     FROM activity WHERE assessment_id = $1 ORDER BY start_ts, host_name, stage, technique, peer`,
    [id],
  );
  return { formats: formats.rows, kinds: kinds.rows, activities: activities.rows };
}

describe('syslog shipped as JSON lines', () => {
  it('left out or off, the generator writes the same bytes', async () => {
    await gen('none');
    await gen('off', { syslogJson: false });
    expect(digest(path.join(dir, 'off'))).toEqual(digest(path.join(dir, 'none')));
  });

  it('JSON-lines bundle and RFC 3164 bundle: the same events, the same activities (host, stage, technique, peer, marks)', async () => {
    const text = await gen('text');
    const json = await gen('json', { syslogJson: true });
    const auth = fs
      .readFileSync(path.join(json.files.logsDir, 'web01', 'var', 'log', 'auth.log'), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(auth.length).toBeGreaterThan(0);
    for (const l of auth) expect(Object.keys(JSON.parse(l))).toEqual(expect.arrayContaining(['timestamp', 'host', 'programname', 'msg']));
    expect(
      fs
        .readFileSync(path.join(text.files.logsDir, 'web01', 'var', 'log', 'auth.log'), 'utf8')
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(auth.length);

    const a = await analyse('syslog as text', text);
    const b = await analyse('syslog as JSON lines', json);
    expect(a.formats.map((f) => f.format)).toContain('syslog-rfc3164');
    expect(b.formats.map((f) => f.format)).not.toContain('syslog-rfc3164');
    expect(b.formats.map((f) => f.format)).toContain('syslog-json');
    expect(b.kinds).toEqual(a.kinds);
    expect(b.activities).toEqual(a.activities);
    // The scenario's syslog steps are there in both: the guessing and the login it won (sshd), sudo,
    // cron (the job's runs and the crontab replaced); guessing and the cron change are detected.
    const n = (kind: string) => a.kinds.find((k) => k.kind === kind)?.n ?? 0;
    for (const kind of ['ssh_failed', 'ssh_accepted', 'sudo', 'cron_run', 'cron_replace']) expect(n(kind), kind).toBeGreaterThan(0);
    const detected = new Set(a.activities.filter((x) => x.logs === 'detected').map((x) => x.technique));
    for (const t of ['T1110.001', 'T1078', 'T1053.003']) expect(detected).toContain(t);

    // One host ships JSON lines, the others text (issue 23's bundle): the same again.
    const target = a.activities.find((x) => x.technique === 'T1110.001' && x.logs === 'detected')?.host as string;
    const mixed = await analyse('one host as JSON lines', await gen('mixed', { syslogJson: [target] }));
    expect(mixed.formats.map((f) => f.format)).toEqual(expect.arrayContaining(['syslog-json', 'syslog-rfc3164']));
    expect(mixed.kinds).toEqual(a.kinds);
    expect(mixed.activities).toEqual(a.activities);
  });
});
