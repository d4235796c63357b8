// The data path's folders and the only imports allowed between them. The steps (ingest,
// hosts, detect, correlate) share lib/records and never import one another; lib/pipeline is
// the one place that runs them, so it may import them all, and none of them imports it back.
// Tests (*.test.ts) may reach across steps to set up data; everything else in lib/ is checked.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');
const lib = path.join(root, 'lib');

/** Each data-path folder and the data-path folders it may import (other lib/ folders are not constrained here). */
const ALLOWED: Record<string, readonly string[]> = {
  records: [],
  ingest: ['records'],
  hosts: ['records'],
  detect: ['records'],
  correlate: ['records'],
  pipeline: ['records', 'ingest', 'hosts', 'detect', 'correlate'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push(m[1] ?? '');
  for (const m of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1] ?? '');
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] ?? '');
  return found;
}

/** The lib/ folder a file is in ('pipeline' for lib/pipeline/x.ts), or undefined outside lib/. */
function folderOf(file: string): string | undefined {
  const rel = path.relative(lib, file);
  if (rel.startsWith('..')) return undefined;
  const [first = ''] = rel.split(path.sep);
  return first;
}

/** Imports from `file` into another data-path folder that ALLOWED does not list. */
function violations(file: string, source: string): string[] {
  const from = folderOf(file);
  if (!from || !(from in ALLOWED)) return [];
  const bad: string[] = [];
  for (const spec of importsOf(source)) {
    const target = spec.startsWith('@/') ? path.join(root, spec.slice(2)) : spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : undefined;
    if (!target) continue;
    const to = folderOf(target);
    if (!to || to === from || !(to in ALLOWED)) continue;
    if (!ALLOWED[from]?.includes(to)) bad.push(`${path.relative(root, file)} imports ${spec} (${from} → ${to})`);
  }
  return bad;
}

describe('layers of the data path', () => {
  it('the steps import lib/records and never one another; only lib/pipeline imports them all', () => {
    const files = sourceFiles(lib);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => violations(f, fs.readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('names a violation when a step imports another, or the pipeline', () => {
    const at = (p: string) => path.join(lib, p);
    expect(violations(at('hosts/x.ts'), "import { walkInput } from '../ingest/archive';")).toEqual([
      'lib/hosts/x.ts imports ../ingest/archive (hosts → ingest)',
    ]);
    expect(violations(at('correlate/x.ts'), "import type { Detector } from '@/lib/detect/types';")).toHaveLength(1);
    expect(violations(at('ingest/flows/x.ts'), "export { runIngest } from '../../pipeline';")).toHaveLength(1);
    expect(violations(at('detect/x.ts'), "const m = await import('../hosts/host-rows');")).toHaveLength(1);
    expect(violations(at('records/x.ts'), "import {\n  clearUpload,\n} from '../ingest/source-files';")).toHaveLength(1);
    expect(violations(at('pipeline/x.ts'), "import { correlate } from '../correlate/correlate';")).toEqual([]);
    expect(violations(at('ingest/x.ts'), "import type { FlowRecord } from '../records/records';")).toEqual([]);
  });
});

/** lib/ files (tests aside) that import the scenario generator: only the demo button may. */
function generatorImporters(): string[] {
  return sourceFiles(lib)
    .filter((f) => folderOf(f) !== 'generate')
    .filter((f) =>
      importsOf(fs.readFileSync(f, 'utf8')).some((spec) => {
        const target = spec.startsWith('@/') ? path.join(root, spec.slice(2)) : spec.startsWith('.') ? path.resolve(path.dirname(f), spec) : undefined;
        return target !== undefined && folderOf(target) === 'generate';
      }),
    )
    .map((f) => path.relative(root, f));
}

describe('the generator stays out of the product', () => {
  it('no lib/ folder imports lib/generate, except the demo button that loads generated data', () => {
    expect(generatorImporters()).toEqual(['lib/assessments/demo.ts']);
  });
});
