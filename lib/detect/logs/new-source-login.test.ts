// logs.new-source-login: a valid login from an outside address the account never used, with no
// guessing before it (T1078, Delivery). Real data (loghub OpenSSH_2k's one accepted password
// from outside; Filebeat's auth.log with logins from private addresses), hand-built shapes with
// their look-alikes, and the generated post-exploit scenario whose entry login it must find
// while the admins' daily logins to the bastion stay quiet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { analyzeScenario } from '../../../test/kits/analyze-scenario';
import { insertEvents, newAssessment, runDetectors, type TestEvent } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb, getPool } from '../../db/client';
import { POST_EXPLOIT_ACTORS, postExploitHosts } from '../../generate/attack-post-exploit';
import { generateScenario } from '../../generate/generate-scenario';
import { buildWorld } from '../../generate/world';
import { runIngest } from '../../pipeline';
import { newSourceLogin } from './new-source-login';

afterAll(closeDb);

const T0 = Date.parse('2026-03-02T00:00:00Z');
const H = 3_600;
const at = (s: number) => new Date(T0 + s * 1000);
const accepted = (s: number, user: string, src: string, method = 'password', host = 'jump01'): TestEvent => ({
  ts: at(s),
  kind: 'ssh_accepted',
  program: 'sshd',
  user,
  src,
  host,
  raw: `sshd[9]: Accepted ${method} for ${user} from ${src} port 50000 ssh2`,
});
const failed = (s: number, user: string, src: string): TestEvent => ({ ts: at(s), kind: 'ssh_failed', program: 'sshd', user, src, host: 'jump01' });
/** The data starts at T0 (a cron line), so the baseline day is T0 … T0 + 24 h. */
const start: TestEvent = { ts: at(0), kind: 'cron_run', program: 'CRON', host: 'jump01' };

async function detect(events: TestEvent[]) {
  const a = await newAssessment();
  await insertEvents(a, [start, ...events]);
  return runDetectors(a, [newSourceLogin]);
}

describe('logs.new-source-login', () => {
  it('an account with no history logs in from outside after the baseline day: medium, Delivery, T1078', async () => {
    const found = await detect([accepted(40 * H, 'deploy', '192.0.2.210')]);
    expect(found.map((f) => [f.stage, f.technique, f.hostName, f.peer, f.severity])).toEqual([['delivery', 'T1078', 'jump01', '192.0.2.210', 'medium']]);
    expect(found[0]?.summary).toContain('deploy from 192.0.2.210 (password), no failure before it; first login of the account in the data');
  });

  it('a known account suddenly from a new outside address: high; the same address again: nothing more', async () => {
    const found = await detect([
      accepted(2 * H, 'alice', '10.20.30.11'),
      accepted(30 * H, 'alice', '198.51.100.60'),
      accepted(31 * H, 'alice', '198.51.100.60'),
    ]);
    expect(found.map((f) => [f.peer, f.severity])).toEqual([['198.51.100.60', 'high']]);
    expect(found[0]?.summary).toContain('had logged in from 1 other address(es) before');
  });

  it('look-alikes: admins from inside (workstation → bastion, bastion → servers), guessing then success, the first day', async () => {
    const found = await detect([
      // Admins every day from their workstations to the bastion, and from the bastion to servers.
      ...[2, 26, 50].flatMap((h) => [accepted(h * H, 'alice', '10.20.30.11'), accepted(h * H + 60, 'alice', '10.20.1.12', 'publickey', 'db01')]),
      // Guessing from outside, then the hit: ssh-bruteforce-success's, not this rule's.
      ...Array.from({ length: 12 }, (_, i) => failed(30 * H + i * 5, 'webadmin', '203.0.113.66')),
      accepted(30 * H + 70, 'webadmin', '203.0.113.66'),
      // A login from outside in the first hours of the data: only low (no history to call it new).
      accepted(3 * H, 'bob', '81.2.69.160'),
    ]);
    expect(found.map((f) => [f.peer, f.severity])).toEqual([['81.2.69.160', 'low']]);
    expect(found[0]?.summary).toContain('within its first day (baseline)');
  });
});

describeFixtures('logs.new-source-login on real data', () => {
  async function ingest(file: string) {
    const a = await createAssessment({ name: 'new-source-login' });
    await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file: fixture(file) }));
    return runDetectors(a, [newSourceLogin]);
  }

  it('loghub OpenSSH_2k: fztu from 119.137.62.142, no failure from it, in the log’s first hours: low', async () => {
    const found = await ingest('logs/syslog/loghub/OpenSSH/OpenSSH_2k.log');
    expect(found.map((f) => [f.hostName, f.peer, f.severity])).toEqual([['LabSZ', '119.137.62.142', 'low']]);
    expect(found[0]?.summary).toContain('fztu from 119.137.62.142 (password)');
  });

  it('Filebeat auth.log: vagrant from 10.0.2.2 and 192.168.33.1 (private addresses) stays quiet', async () => {
    expect(await ingest('logs/syslog/elastic-beats/system-auth/test.log')).toEqual([]);
  });
});

describe('logs.new-source-login on the generated post-exploit scenario', () => {
  it('finds the entry login from outside; the admins’ logins and the lateral key login stay quiet', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-new-source-'));
    const opts = { hosts: 12, days: 2, seed: 5, start: '2026-03-02T00:00:00Z' } as const;
    try {
      const { files } = await generateScenario({ outDir: dir, ...opts, attacks: ['post-exploit'] });
      const id = await analyzeScenario(files.truth, 'new-source-login');
      const rows = await getPool().query<{ host_name: string; peer: string; severity: string }>(
        `SELECT host_name, host(peer) AS peer, severity FROM detection WHERE assessment_id = $1 AND detector = 'logs.new-source-login'`,
        [id],
      );
      const world = buildWorld({ seed: opts.seed, hosts: opts.hosts, startMs: Date.parse(opts.start), endMs: Date.parse(opts.start) + opts.days * 86_400_000 });
      // The entry is at 55 % of the period: after the baseline day.
      expect(rows.rows).toEqual([{ host_name: postExploitHosts(world).entry.name, peer: POST_EXPLOIT_ACTORS.operator, severity: 'medium' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
