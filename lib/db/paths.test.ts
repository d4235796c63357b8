// `next build` traces the files server code may read into its output; a path it can work out
// under data/ made it read every upload and the embedded database's files (out of memory next
// to 45 GB of data). Every path built on the data folder carries Turbopack's ignore comment.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

describe('paths under the data folder', () => {
  it('are never traced into the Next.js build', () => {
    const untraced = sources('lib')
      .concat(sources('app'))
      .flatMap((file) =>
        fs
          .readFileSync(path.join(root, file), 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
          .filter(({ line }) => /path\.(join|resolve)\([^)]*\b(dataRoot|process\.cwd\(\))/.test(line) && !line.includes('turbopackIgnore')),
      )
      .map((x) => x.where);
    // lib/db/migrate.ts reads prisma/migrations, which is code the server ships.
    expect(untraced.filter((w) => !w.startsWith('lib/db/migrate.ts'))).toEqual([]);
  });
});
