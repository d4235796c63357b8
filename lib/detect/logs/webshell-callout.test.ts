// logs.webshell-callout: a rare script answered 2xx, then the web account calls out (T1505.003).
// Hand-built events for each shape (access-log lines through the real parser), and the generated
// "webshell" scenario through the whole pipeline with its look-alikes beside it. No public log
// set in ../shared/fixtures has a web shell used and its host's connect() records (the web logs
// there are Filebeat's parser samples), so there is no real-data positive; the webshop recording
// (nginx + auditd on alpha) must stay quiet, which test/recordings.test.ts holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeScenario } from '../../../test/kits/analyze-scenario';
import { parseAll } from '../../../test/kits/chunk-parser';
import { insertEvents, newAssessment, runDetectors, type TestEvent } from '../../../test/kits/detect';
import { closeDb, getPool } from '../../db/client';
import { readTruth } from '../../eval/scenario-files';
import { WEBSHELL_ACTORS, WEBSHELL_PATH } from '../../generate/attack-webshell';
import { generateScenario } from '../../generate/generate-scenario';
import { webAccessFormat } from '../../ingest/logs/web-access';
import { webshellCallout } from './webshell-callout';

afterAll(closeDb);

const T0 = Date.UTC(2026, 2, 4, 10, 0, 0);
const two = (n: number) => String(n).padStart(2, '0');

/** One combined-format line `sec` seconds after T0, parsed by the real access-log parser. */
function request(sec: number, client: string, reqLine: string, status = 200): TestEvent {
  const t = new Date(T0 + sec * 1000);
  const line = `${client} - - [${two(t.getUTCDate())}/Mar/2026:${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} +0000] "${reqLine} HTTP/1.1" ${status} 512 "-" "Mozilla/5.0"`;
  const r = parseAll(webAccessFormat.createParser({ path: 'web01/var/log/nginx/access.log', timeZone: 'UTC', hostHint: 'web01' }), Buffer.from(`${line}\n`));
  expect(r.invalid).toEqual([]);
  const x = r.records[0];
  if (!x) throw new Error('no record');
  return { ts: new Date(x.tsMs), kind: x.kind, host: 'web01', argv: x.argv, src: x.srcIp, result: x.result, raw: x.raw };
}

/** An auditd connect() record as the parser stores it. */
const connect = (sec: number, dst: string, o: { exe?: string; uid?: number; user?: string; port?: number } = {}): TestEvent => ({
  ts: new Date(T0 + sec * 1000),
  kind: 'connect',
  exe: o.exe ?? '/usr/sbin/php-fpm8.1',
  uid: o.uid ?? 33,
  euid: o.uid ?? 33,
  user: o.user,
  dst,
  dport: o.port ?? 443,
  raw: `type=SYSCALL msg=audit(1.0:1): syscall=42 ppid=900 pid=4242 uid=${o.uid ?? 33} euid=${o.uid ?? 33}`,
});

async function detect(events: TestEvent[]) {
  const a = await newAssessment();
  await insertEvents(a, events);
  return runDetectors(a, [webshellCallout]);
}

/** The same popular script from `n` different clients spread over the morning. */
const popular = (stem: string, n: number) => Array.from({ length: n }, (_, i) => request(i * 600, `81.2.69.${10 + i}`, `GET ${stem}?id=${i}`));

describe('logs.webshell-callout', () => {
  it('a script one client ever requested, then php-fpm as www-data reaches an outside address: high, Installation', async () => {
    const found = await detect([
      ...popular('/index.php', 8),
      request(3_600, '192.0.2.220', 'GET /uploads/x.php?c=id'),
      request(3_640, '192.0.2.220', 'GET /uploads/x.php?c=fetch'),
      connect(3_642, '192.0.2.230'),
    ]);
    expect(found.map((f) => [f.stage, f.technique, f.hostName, f.peer, f.severity])).toEqual([['installation', 'T1505.003', 'web01', '192.0.2.220', 'high']]);
    expect(found[0]?.summary).toContain('/uploads/x.php?c=fetch, then /usr/sbin/php-fpm8.1 (as 33) → 192.0.2.230:443 after 2 s');
    expect(found[0]?.evidenceIds).toHaveLength(3);
  });

  it('a destination the host reached before and no shell: medium', async () => {
    const found = await detect([connect(10, '198.51.100.14'), request(3_600, '10.20.30.5', 'GET /admin/update-check.php'), connect(3_605, '198.51.100.14')]);
    expect(found.map((f) => f.severity)).toEqual(['medium']);
  });

  it('benign: a popular script before the app calls its API, a new page then apt, a cron job, a 404, an internal peer, outside the window', async () => {
    const found = await detect([
      // The checkout (requested by 8 clients) calls the payment provider as www-data.
      ...popular('/checkout.php', 8),
      connect(4_210, '198.51.100.14'),
      // An admin opens a new report page once; a minute later apt (uid 42, _apt) fetches from the mirror.
      request(7_200, '10.20.30.30', 'GET /admin/report-q1.php'),
      connect(7_260, '91.189.91.83', { exe: '/usr/lib/apt/methods/http', uid: 42, port: 80 }),
      // Root's cron pings a health check.
      connect(9_000, '198.51.100.15', { exe: '/usr/bin/curl', uid: 0 }),
      // www-data's own cron job reaching outside with no rare request before it.
      connect(20_000, '198.51.100.14'),
      // A probe of a missing shell (404), then php-fpm reaching outside.
      request(30_000, '203.0.113.9', 'GET /shell.php', 404),
      connect(30_010, '198.51.100.14'),
      // A rare script, then php-fpm reaches the database host (internal).
      request(40_000, '10.20.30.30', 'GET /admin/db-check.php'),
      connect(40_002, '10.20.2.10', { port: 5432 }),
      // A rare script, and php-fpm reaches outside ten minutes later (window 5 min).
      request(50_000, '10.20.30.30', 'GET /admin/export.php'),
      connect(50_600, '192.0.2.230'),
    ]);
    expect(found).toEqual([]);
  });

  it('the generated webshell scenario: the shell is found, its look-alikes stay quiet', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-webshell-'));
    try {
      const { files } = await generateScenario({ outDir: dir, hosts: 12, days: 0.5, seed: 4, attacks: ['webshell'] });
      const truth = readTruth(files.truth);
      const step = truth.steps.find((s) => s.id === 'ws-webshell');
      expect(step?.visibleTo.logs).toBe(true);
      const id = await analyzeScenario(files.truth, 'webshell');
      const rows = await getPool().query<{ host_name: string; peer: string; severity: string; summary: string }>(
        `SELECT host_name, host(peer) AS peer, severity, summary FROM detection WHERE assessment_id = $1 AND detector = 'logs.webshell-callout'`,
        [id],
      );
      expect(rows.rows.map((r) => [r.host_name, r.peer, r.severity])).toEqual([[step?.host, WEBSHELL_ACTORS.operator, 'high']]);
      expect(rows.rows[0]?.summary).toContain(`${WEBSHELL_PATH}?p=`);
      expect(rows.rows[0]?.summary).toContain(`→ ${WEBSHELL_ACTORS.stage2}:443`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
