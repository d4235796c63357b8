// `npm start`: one command from a fresh checkout to a running app. Uses DATABASE_URL when
// set, otherwise starts the embedded PostgreSQL (data/pg), applies migrations, builds the
// app when needed, and runs `next start`. Ctrl-C stops Next and PostgreSQL cleanly.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDatabase, projectRoot } from '../lib/db/runtime';
import { pdfUnavailableReason } from '../lib/report/pdf-availability';

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
    env: process.env,
  });
  const noPdf = pdfUnavailableReason();
  if (noPdf) log(`PDF export is unavailable: ${noPdf}`);
  log(`Sightline on http://${process.env.HOST ?? '127.0.0.1'}:${port}`);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await db.stop().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  child.on('exit', (code) => void stop(code ?? 0));
}

main().catch((err) => {
  console.error(`[sightline] ${(err as Error).message}`);
  process.exit(1);
});
