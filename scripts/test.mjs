// `npm test`: the whole suite, as CI runs it. Type-check, unit tests (Vitest, real
// PostgreSQL) and end-to-end tests (Playwright in Debian's Chromium against the real
// server), then ONE line "N passed, N failed" counting both runners, read from their JSON
// reports. Installs Chromium with apt when it is missing and we are root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// Not test-results/: Playwright empties that folder when it starts.
const results = path.join(root, 'reports');
fs.mkdirSync(results, { recursive: true });
process.env.NEXT_TELEMETRY_DISABLED = '1';

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } }).status ?? 1;
}

// Chromium runs the e2e tests and prints PDFs; poppler-utils' pdftotext reads those PDFs back.
function ensureChromium() {
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const missing = [fs.existsSync(exe) ? null : 'chromium', fs.existsSync('/usr/bin/pdftotext') ? null : 'poppler-utils'].filter(Boolean);
  if (missing.length === 0) return;
  if (os.userInfo().uid !== 0) {
    console.error(`Missing ${missing.join(' and ')}: install Debian's packages (apt-get install -y ${missing.join(' ')})`);
    process.exit(1);
  }
  run('apt-get', ['update', '-q']);
  if (run('apt-get', ['install', '-y', '-q', ...missing]) !== 0) process.exit(1);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let unitExit = 0;
let e2eExit = 0;
const only = process.argv[2]; // "unit" | "e2e" | undefined (both)
let failedSteps = 0;
if (!only) {
  failedSteps += run('npx', ['tsc', '--noEmit', '-p', '.']) === 0 ? 0 : 1;
  // Lint and format (biome.json): zero findings, like the type-check.
  failedSteps += run('npx', ['biome', 'ci', '.']) === 0 ? 0 : 1;
}

if (only !== 'e2e') {
  fs.rmSync(path.join(results, 'vitest.json'), { force: true });
  unitExit = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'vitest.json')}`]);
}
if (only !== 'unit') {
  ensureChromium();
  fs.rmSync(path.join(results, 'playwright.json'), { force: true });
  const dataDir = path.join(root, 'data', `e2e-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  e2eExit = run('npx', ['playwright', 'test'], { E2E_PORT: String(await freePort()), SIGHTLINE_DATA_DIR: dataDir });
  await keeperGone(dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/**
 * The e2e web server's embedded PostgreSQL outlives it by its keeper's grace period
 * (lib/db/pg-keeper.ts): wait for the keeper to exit before removing the folder, or its last
 * log line lands in a new folder of the same name, left behind by every run.
 */
async function keeperGone(dir, timeoutMs = 30_000) {
  let pid;
  try {
    pid = JSON.parse(fs.readFileSync(path.join(dir, 'pg-runtime.json'), 'utf8')).pid;
  } catch {
    return;
  }
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    try {
      process.kill(pid, 0);
    } catch (err) {
      if (err.code === 'ESRCH') return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A runner's JSON report, read once; null when it wrote none. */
function readReport(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(results, name), 'utf8'));
  } catch {
    return null;
  }
}
const unitReport = only === 'e2e' ? null : readReport('vitest.json');
const e2eReport = only === 'unit' ? null : readReport('playwright.json');
const unit =
  only === 'e2e'
    ? { passed: 0, failed: 0 }
    : unitReport && { passed: unitReport.numPassedTests, failed: unitReport.numFailedTests + (unitReport.numRuntimeErrorTests ?? 0) };
// Errors outside tests (a web server that did not start, a broken global setup) count too.
const e2e =
  only === 'unit'
    ? { passed: 0, failed: 0 }
    : e2eReport && { passed: e2eReport.stats.expected + e2eReport.stats.flaky, failed: e2eReport.stats.unexpected + (e2eReport.errors?.length ?? 0) };
// A runner that failed without reporting a failed test (crash, setup error) is one failure.
if (unit && unitExit !== 0 && unit.failed === 0) unit.failed = 1;
if (e2e && e2eExit !== 0 && e2e.failed === 0) e2e.failed = 1;
const missing = (unit ? 0 : 1) + (e2e ? 0 : 1);
const passed = (unit?.passed ?? 0) + (e2e?.passed ?? 0);
const failed = (unit?.failed ?? 0) + (e2e?.failed ?? 0) + missing + failedSteps;
// The failures by name, last before the count: a log cut to its tail still says what failed.
function failures() {
  const out = [];
  const firstLine = (m) =>
    String(m ?? '')
      .split('\n')
      .find((l) => l.trim()) ?? '';
  for (const f of unitReport?.testResults ?? []) {
    const file = path.relative(root, f.name);
    const failed = f.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failed) out.push(`${file} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
    if (failed.length === 0 && f.status === 'failed') out.push(`${file}: ${firstLine(f.message)}`);
  }
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      if (!spec.ok) out.push(`e2e/${spec.file}:${spec.line} > ${spec.title}: ${firstLine(spec.tests?.[0]?.results?.at(-1)?.error?.message)}`);
    }
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of e2eReport?.suites ?? []) walk(s);
  for (const e of e2eReport?.errors ?? []) out.push(`e2e (outside a test): ${firstLine(e.message)}`);
  return out;
}
const failedTests = failures();
if (failedTests.length) console.log(`\nFailed:\n${failedTests.map((l) => `  ${l.slice(0, 300)}`).join('\n')}`);
if (missing) console.error('a test runner produced no report: counted as a failure');
if (failedSteps) console.error('type-check or lint failed: counted as a failure');
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
