// `sightline compare A B [--json]`: A and B are assessment ids (read from the database) or
// files written by `sightline analyze --json`. The change goes to stdout.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { type CompareSide, compareAssessments } from '../lib/compare/compare-assessments';
import { describeComparison } from '../lib/compare/describe-comparison';
import { readCompareSide } from '../lib/compare/read-compare-side';
import { userPath } from './user-path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runCompare(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 2) throw new Error('compare needs two arguments: <assessmentId|analyze JSON> <assessmentId|analyze JSON>');
  const files = new Map(positionals.map((p) => [p, userPath(p)]));
  const ids = positionals.filter((p) => UUID.test(p) && !fs.existsSync(files.get(p) ?? p));
  const fromDb = new Map<string, CompareSide>();
  if (ids.length) {
    const { ensureDatabase } = await import('../lib/db/runtime');
    const { closeDb } = await import('../lib/db/client');
    const { getCompareSide } = await import('../lib/queries/get-compare-side');
    const db = await ensureDatabase((m) => process.stderr.write(`${m}\n`));
    try {
      for (const id of ids) fromDb.set(id, await getCompareSide(id));
    } finally {
      await closeDb();
      await db.stop();
    }
  }
  const [before, after] = positionals.map((p) => {
    const side = fromDb.get(p);
    if (side) return side;
    const file = files.get(p) ?? p;
    if (!fs.existsSync(file)) throw new Error(`${p}: neither an assessment id nor a file`);
    return readCompareSide(fs.readFileSync(file, 'utf8'), p);
  }) as [CompareSide, CompareSide];
  const c = compareAssessments(before, after);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...c, summary: describeComparison(c) }, null, 2)}\n`);
    return;
  }
  const out = [...describeComparison(c), ''];
  for (const a of c.activities) {
    const was = a.before ? a.before.class : '(absent)';
    const is = a.after ? a.after.class : '(absent)';
    out.push(`  ${a.kind.padEnd(17)} [${a.stage}] ${a.technique} ${a.host ?? '-'} ${a.peer ?? '-'} ${was} → ${is}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
