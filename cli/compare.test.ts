// `sightline compare` on two analyze-JSON files: the change per stage and per activity on
// stdout, and a one-line reason for a file that is not an analyze document.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCli } from '../scripts/build-node.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-cli-compare-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const activity = (id: string, logs: string) => ({
  id,
  stage: 'c2',
  technique: 'T1071.001',
  host: 'web01',
  hostIps: ['10.20.1.10'],
  peer: '192.0.2.77',
  start: '2026-03-02T10:00:00.000Z',
  end: '2026-03-02T11:00:00.000Z',
  network: 'detected',
  logs,
  summary: 'beacon',
});

function write(name: string, doc: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

function run(...args: string[]) {
  return spawnSync(process.execPath, [builtCli, 'compare', ...args], { encoding: 'utf8', cwd: process.cwd() });
}

describe('sightline compare', () => {
  it('prints the change per stage and per activity as one JSON document', () => {
    const a = write('a.json', { assessmentId: 'a', activities: [activity('1', 'blind')], blindSpots: [] });
    const b = write('b.json', { assessmentId: 'b', activities: [activity('7', 'detected')], blindSpots: [] });
    const r = run(a, b, '--json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.stages.find((s: { stage: string }) => s.stage === 'c2')).toEqual({
      stage: 'c2',
      before: { networkOnly: 1, logsOnly: 0, both: 0, blind: 0, total: 1 },
      after: { networkOnly: 0, logsOnly: 0, both: 1, blind: 0, total: 1 },
    });
    expect(doc.activities).toHaveLength(1);
    expect(doc.activities[0]).toMatchObject({ kind: 'became-visible', technique: 'T1071.001', gained: ['logs'], before: { id: '1' }, after: { id: '7' } });
    expect(doc.blindSpots).toEqual([]);
  });

  it.each([
    ['not JSON', '{"assessmentId": "a", "activ', /not JSON/],
    ['a foreign document', { techniques: [] }, /not a "sightline analyze --json" document \(assessmentId/],
    ['wrong types', { assessmentId: 'a', activities: [{ id: 1 }] }, /activities\.0\.id/],
  ])('refuses %s with one line', (_, doc, reason) => {
    const good = write('good.json', { assessmentId: 'g', activities: [] });
    const r = run(good, write('bad.json', doc));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(reason);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
