// `sightline analyze --json` names each input as given on the command line (two files with one
// base name stay apart) and reports both the records read from a file and the records stored
// (one-way flow records stitched into two-way flows), fields added, none renamed (issue 17).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asGiven } from '../lib/report/assessment-json';
import { builtCli } from '../scripts/build-node.mjs';
import { at, nfdumpTime, syslogTime } from './make-data';

const root = path.join(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-cli-json-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = 'firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows';

describe('analyze --json files', () => {
  it('names files as given and counts records read beside records stored', { timeout: 120_000 }, () => {
    fs.mkdirSync(path.join(dir, 'site-a'));
    fs.mkdirSync(path.join(dir, 'site-b'));
    // Site A: a request and its reply as two one-way rows (stitched into one flow), and one lone row.
    fs.writeFileSync(
      path.join(dir, 'site-a', 'traffic.csv'),
      [
        HEADER,
        `${nfdumpTime(at(0))},0.500,TCP,10.0.0.7,40000,10.0.0.5,22,10,1200,1`,
        `${nfdumpTime(at(0))},0.500,TCP,10.0.0.5,22,10.0.0.7,40000,8,3000,1`,
        `${nfdumpTime(at(30))},0.100,UDP,10.0.0.7,5353,224.0.0.251,5353,1,80,1`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'site-b', 'traffic.csv'), [HEADER, `${nfdumpTime(at(60))},0.100,TCP,10.0.1.7,40001,10.0.1.5,443,3,300,1`, ''].join('\n'));
    const a = path.join(dir, 'site-a', 'traffic.csv');
    const b = path.relative(root, path.join(dir, 'site-b', 'traffic.csv'));
    const r = spawnSync(process.execPath, [builtCli, 'analyze', '--flows', a, '--flows', b, '--json'], {
      cwd: root,
      env: process.env,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/database connection lost/);
    const doc = JSON.parse(r.stdout);
    expect(doc.files).toHaveLength(2);
    expect(doc.files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: a, records: 2, recordsRead: 3, errors: 0 }),
        expect.objectContaining({ path: b, records: 1, recordsRead: 1, errors: 0 }),
      ]),
    );
  });

  it('ingests log bundles beside flow exports (two lanes, two threads): a failed export is reported, the rest stored', { timeout: 120_000 }, () => {
    const auth = path.join(dir, 'auth.log');
    fs.writeFileSync(auth, `${syslogTime(at(5))} web01 sshd[411]: Accepted publickey for ops from 10.0.0.7 port 51000 ssh2\n`);
    const flows = path.join(dir, 'lanes.csv');
    fs.writeFileSync(flows, [HEADER, `${nfdumpTime(at(0))},0.500,TCP,10.0.0.7,40000,10.0.0.5,22,10,1200,1`, ''].join('\n'));
    const junk = path.join(dir, 'junk.bin');
    fs.writeFileSync(junk, Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]));
    const r = spawnSync(process.execPath, [builtCli, 'analyze', '--logs', auth, '--flows', junk, '--flows', flows, '--json'], {
      cwd: root,
      env: process.env,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    // Each lane names the file it reports on: the two lanes' lines interleave.
    expect(r.stderr).toMatch(new RegExp(`  ${auth}: 1 records, 0 errors`));
    expect(r.stderr).toMatch(new RegExp(`  ${flows}: 1 records, 0 errors`));
    expect(r.stderr).toMatch(new RegExp(`  ${junk} failed: `));
    const doc = JSON.parse(r.stdout);
    expect(doc.files).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: auth, records: 1 }), expect.objectContaining({ path: flows, records: 1 })]),
    );
    expect(doc.errors).toEqual([expect.objectContaining({ path: junk })]);
  });

  it('--ingest-threads 1 reads every input in turn; another count is refused before anything is read', { timeout: 120_000 }, () => {
    const auth = path.join(dir, 'turn-auth.log');
    fs.writeFileSync(auth, `${syslogTime(at(5))} web01 sshd[411]: Accepted publickey for ops from 10.0.0.7 port 51000 ssh2\n`);
    const flows = path.join(dir, 'turn.csv');
    fs.writeFileSync(flows, [HEADER, `${nfdumpTime(at(0))},0.500,TCP,10.0.0.7,40000,10.0.0.5,22,10,1200,1`, ''].join('\n'));
    const run = (n: string) =>
      spawnSync(process.execPath, [builtCli, 'analyze', '--logs', auth, '--flows', flows, '--ingest-threads', n, '--json'], {
        cwd: root,
        env: process.env,
        encoding: 'utf8',
      });
    const one = run('1');
    expect(one.status, one.stderr).toBe(0);
    const lines = one.stderr.split('\n').filter((l) => l.includes(auth) || l.includes(flows));
    expect(lines).toEqual([`ingesting ${auth}`, `  ${auth}: 1 records, 0 errors`, `ingesting ${flows}`, `  ${flows}: 1 records, 0 errors`]);
    const three = run('3');
    expect(three.status).toBe(2);
    expect(three.stderr.trim()).toBe('sightline: --ingest-threads 3: 1 (every input in turn) or 2 (logs and flows at once)');
  });

  it('renames an archive and its members by the path given', () => {
    expect(asGiven('logs.tar.gz', 'logs.tar.gz', 'in/a/logs.tar.gz')).toBe('in/a/logs.tar.gz');
    expect(asGiven('logs.tar.gz:web01/var/log/auth.log', 'logs.tar.gz', 'in/a/logs.tar.gz')).toBe('in/a/logs.tar.gz:web01/var/log/auth.log');
    expect(asGiven('other.csv', 'logs.tar.gz', 'in/a/logs.tar.gz')).toBe('other.csv');
    expect(asGiven('logs.tar.gz.bak', 'logs.tar.gz', 'x')).toBe('logs.tar.gz.bak');
  });
});
