import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCount } from './count';
import { regenerateReadme, type StoredResult, writeResult } from './report';

describe('parseCount', () => {
  test.each([
    ['1M', 1_000_000],
    ['10m', 10_000_000],
    ['200k', 200_000],
    ['50000', 50_000],
    ['1.5M', 1_500_000],
  ])('%s → %d', (text, n) => {
    expect(parseCount(text)).toBe(n);
  });
  test('refuses what is not a count', () => {
    expect(() => parseCount('lots')).toThrow(/not a count/);
  });
});

describe('regenerateReadme', () => {
  const result = (name: string, isMet: boolean): StoredResult => ({
    name,
    title: `Title of ${name}`,
    command: `npm run bench -- --only ${name}`,
    measures: 'what it measures',
    table: { headers: ['input', 'ratio'], rows: [['a|b', '0.91']] },
    goals: [{ goal: '≥ 0.7 of bare COPY', value: '0.91', isMet }],
    details: {},
    startedAt: '2026-11-28T04:34:00.000Z',
    finishedAt: '2026-11-28T04:40:00.000Z',
    machine: { cpus: 2, cpuModel: 'cpu', memGiB: 24, node: 'v20', pg: '18.4', platform: 'Linux' },
    loadBefore: [1, 2, 3],
    loadAfter: [4, 5, 6],
    options: {},
  });

  test('replaces only the generated part, in bench order, and says when a goal is missed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-readme-'));
    const readme = path.join(dir, 'README.md');
    fs.writeFileSync(readme, '# Hand\n\n<!-- results:begin (generated) -->\nold\n<!-- results:end -->\n\nTail stays.\n');
    writeResult(dir, result('correlate', false));
    writeResult(dir, result('flow-ingest-10M', true));
    writeResult(dir, result('flow-ingest', true));
    // a hand-described record beside them (an evaluation, an experiment) is not a bench table
    fs.writeFileSync(path.join(dir, 'eval-200x7.json'), JSON.stringify({ name: 'eval-200x7', measured: '2026-12-05' }));
    regenerateReadme(readme, dir);
    const text = fs.readFileSync(readme, 'utf8');
    expect(text.startsWith('# Hand\n')).toBe(true);
    expect(text.endsWith('Tail stays.\n')).toBe(true);
    expect(text).not.toContain('\nold\n');
    const order = ['Title of flow-ingest\n', 'Title of flow-ingest-10M', 'Title of correlate'].map((t) => text.indexOf(t));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > (order[k - 1] as number)))).toBe(true);
    expect(text).toContain('| a\\|b | 0.91 |');
    expect(text).toContain('| ≥ 0.7 of bare COPY | 0.91 | **no** |');
    expect(text).toContain('load average (1/5/15 min) before 1.00 / 2.00 / 3.00');
    expect(text).not.toContain('eval-200x7');
    // results from before the reference existed say nothing about it
    expect(text).not.toContain('fixed Node reference work');
    writeResult(dir, { ...result('correlate', false), nodeReferenceMs: { before: 1106, after: 1115 } });
    regenerateReadme(readme, dir);
    expect(fs.readFileSync(readme, 'utf8')).toContain(
      '· fixed Node reference work (not the product; bench/support/node-reference.ts) 1106 ms before, 1115 ms after',
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('writeResult', () => {
  test('stores paths inside the project relative to it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-report-'));
    const root = path.join(dir, 'project');
    const r = { name: 'x', details: { input: path.join(root, 'data', 'w', 'a.csv'), other: '/elsewhere/b.csv' } } as unknown as StoredResult;
    const file = writeResult(path.join(dir, 'results'), r, root);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).details).toEqual({ input: path.join('data', 'w', 'a.csv'), other: '/elsewhere/b.csv' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
