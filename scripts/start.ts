// `npm start`: one command from a fresh checkout to a running app. Uses DATABASE_URL when
// set, otherwise starts the embedded PostgreSQL (data/pg), applies migrations, builds the
// app when needed, and runs `next start` beside the job worker's own process (scripts/worker.ts).
// Ctrl-C stops Next, the worker and PostgreSQL cleanly.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDatabase, projectRoot } from '../lib/db/runtime';
import { pdfUnavailableReason } from '../lib/report/pdf-availability';
import { buildNode, builtWorker } from './build-node.mjs';

const isDev = process.argv.includes('--dev');
const port = process.env.PORT ?? '3000';
const log = (m: string) => console.log(`[sightline] ${m}`);
const nextBin = path.join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next');

function newestSource(dir: string): number {
  let newest = 0;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.name === 'generated' || d.name.startsWith('.')) continue;
    const p = path.join(dir, d.name);
    newest = Math.max(newest, d.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  const id = path.join(projectRoot, '.next', 'BUILD_ID');
  if (!fs.existsSync(id)) return true;
  const built = fs.statSync(id).mtimeMs;
  return ['app', 'components', 'lib'].some((d) => newestSource(path.join(projectRoot, d)) > built);
}

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const db = await ensureDatabase(log);
  log(db.embedded ? 'using the embedded PostgreSQL' : 'using DATABASE_URL');
  if (!isDev && needsBuild()) {
    log('building the app (first start or sources changed)…');
    const r = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', cwd: projectRoot, env: process.env });
    if (r.status !== 0) {
      await db.stop();
      process.exit(r.status ?? 1);
    }
  }
  const child = spawn(process.execPath, [nextBin, isDev ? 'dev' : 'start', '-p', port, '-H', process.env.HOST ?? '127.0.0.1'], {
    stdio: 'inherit',
    cwd: projectRoot,
    // PORT and HOST are what the CSRF check expects as the origin (lib/auth/csrf.ts) unless
    // SIGHTLINE_ORIGIN says otherwise, so the server is given the values it listens on.
    // The job worker runs in its own process (below), never inside the web server.
    env: { ...process.env, PORT: port, HOST: process.env.HOST ?? '127.0.0.1', SIGHTLINE_NO_WORKER: '1' },
  });
  // The worker runs as built JavaScript (scripts/build-node.mjs), rebuilt from the sources now.
  await buildNode();
  const worker = superviseWorker();
  const noPdf = pdfUnavailableReason();
  if (noPdf) log(`PDF export is unavailable: ${noPdf}`);
  log(`Sightline on http://${process.env.HOST ?? '127.0.0.1'}:${port}`);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    child.kill('SIGTERM');
    await worker.stop();
    await new Promise((r) => setTimeout(r, 500));
    await db.stop().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  child.on('exit', (code) => void stop(code ?? 0));
}

/** Heap cap of the worker (MiB): a hostile input ends the worker, never the machine. */
const WORKER_HEAP_MB = Number(process.env.SIGHTLINE_WORKER_HEAP_MB ?? 2048);

/**
 * Runs scripts/worker.ts (built: dist/worker.mjs) and starts it again when it dies (a crash, the heap cap): jobs it held
 * are resumed, or failed for good on their last attempt (lib/pipeline/jobs.ts). Restarts are
 * spaced so that a worker dying at start cannot spin.
 */
function superviseWorker(): { stop: () => Promise<void> } {
  let current: ReturnType<typeof spawn> | undefined;
  let stopping = false;
  let restarts = 0;
  const start = () => {
    const startedAt = Date.now();
    current = spawn(process.execPath, [`--max-old-space-size=${WORKER_HEAP_MB}`, builtWorker], {
      stdio: 'inherit',
      cwd: projectRoot,
      env: process.env,
    });
    current.on('exit', (code, signal) => {
      if (stopping) return;
      restarts = Date.now() - startedAt > 60_000 ? 0 : restarts + 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(restarts, 5));
      log(`worker stopped (${signal ?? `exit ${code}`}); starting it again in ${delay / 1000} s`);
      setTimeout(() => !stopping && start(), delay);
    });
  };
  start();
  return {
    stop: async () => {
      stopping = true;
      const w = current;
      if (!w || w.exitCode !== null || w.signalCode !== null) return;
      const gone = new Promise((r) => w.once('exit', r));
      w.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    },
  };
}

main().catch((err) => {
  console.error(`[sightline] ${(err as Error).message}`);
  process.exit(1);
});
