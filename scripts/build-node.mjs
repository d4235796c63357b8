// The command line, the job worker and the body of the CLI's ingest thread
// (lib/pipeline/ingest-thread-main.ts) run as plain JavaScript, built here into dist/ (one file
// each, dependencies left in node_modules): tsx's loader in the process that ingests
// cost ~60 MiB of its peak RSS (1 M-flow nfdump CSV, quiet machine, three runs each: 364–406
// MiB under tsx, 294–329 MiB from the built file; bench/README.md). Built on install, by
// `npm run sightline`, `npm start`, and before the tests; ~0.5 s.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the built entry points are. */
export const builtCli = path.join(root, 'dist', 'sightline.mjs');
export const builtWorker = path.join(root, 'dist', 'worker.mjs');

/**
 * Builds the files. Each is replaced only when its content changed, and then by a rename: a
 * CLI run, the app's worker or a test starting from dist/ while another `npm run sightline`
 * builds never reads a half-written file.
 */
export async function buildNode() {
  const { outputFiles } = await build({
    write: false,
    absWorkingDir: root,
    entryPoints: { sightline: 'cli/sightline.ts', worker: 'scripts/worker.ts', 'ingest-thread-main': 'lib/pipeline/ingest-thread-main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay in node_modules (native parts, WASM and data files load from there).
    packages: 'external',
    // A dependency reached through `require` inside the bundle still finds it.
    banner: { js: "import { createRequire as __sightlineCreateRequire } from 'node:module'; const require = __sightlineCreateRequire(import.meta.url);" },
    // Linked, not loaded: `node --enable-source-maps dist/…` gives TypeScript positions when wanted.
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (const f of outputFiles) {
    let same = false;
    try {
      same = Buffer.compare(fs.readFileSync(f.path), f.contents) === 0;
    } catch {}
    if (same) continue;
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, f.contents);
    fs.renameSync(tmp, f.path);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildNode();
}
