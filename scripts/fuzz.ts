// The long fuzz run: every target (each format in the registry, the archive walker, the
// sniffer) for at least 100 000 cases, one after the other, each in its own child process
// with --expose-gc (memory is measured after a collection) and a watchdog: a case that
// never returns (a synchronous hang cannot be interrupted in-process) is reported with the
// seed and case index that replay it.
//
//   npm run fuzz                                   all targets, 100 000 cases each
//   npm run fuzz -- --cases 5000 --target auditd   one target
//   npm run fuzz -- --target auditd --seed S --path P   replay a reported failure
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set((process.argv[i] ?? '').replace(/^--/, ''), process.argv[i + 1] ?? '');
const CASES = Number(args.get('cases') ?? 100_000);
const BATCH = 5000;
const STALL_MS = 60_000;

interface ChildMessage {
  type: 'progress' | 'done' | 'case';
  cases?: number;
  index?: number;
  seed?: number;
  report?: unknown;
}

async function child(targetId: string): Promise<void> {
  const { allTargets } = await import('../test/fuzz/targets');
  const { runTarget } = await import('../test/fuzz/run-target');
  const { cleanupArchiveFuzz } = await import('../test/fuzz/check-archive');
  const target = allTargets().find((t) => t.id === targetId);
  if (!target) throw new Error(`no fuzz target ${targetId}`);
  const send = (m: ChildMessage) => process.send?.(m);
  const failures: unknown[] = [];
  let uncaught: string | undefined;
  // An error raised outside the case (an 'error' event nobody listens to) is a failure too.
  process.on('uncaughtException', (e) => {
    uncaught = `${e.stack ?? e}`;
  });
  process.on('unhandledRejection', (e) => {
    uncaught = `${(e as Error)?.stack ?? e}`;
  });
  const replaySeed = args.get('seed');
  let done = 0;
  const baseSeed = replaySeed ? Number(replaySeed) : Number(args.get('base') ?? 0x5157);
  for (let batch = 0; done < CASES; batch++) {
    const seed = replaySeed ? baseSeed : baseSeed + batch;
    const numRuns = replaySeed ? CASES : Math.min(BATCH, CASES - done);
    const report = await runTarget(target, {
      numRuns,
      seed,
      path: args.get('path'),
      onCase: (index) => send({ type: 'case', index, seed }),
    });
    done += report.cases;
    if (report.failure) failures.push(report.failure);
    if (uncaught) {
      failures.push({ seed, error: `uncaught outside a case: ${uncaught.split('\n').slice(0, 6).join('\n')}` });
      uncaught = undefined;
    }
    send({ type: 'progress', cases: done });
    if (replaySeed) break;
  }
  cleanupArchiveFuzz();
  send({ type: 'done', cases: done, report: { failures, stats: target.stats } });
}

interface Summary {
  id: string;
  cases: number;
  seconds: number;
  failures: unknown[];
  stats?: unknown;
}

function runChild(targetId: string): Promise<Summary> {
  const started = Date.now();
  return new Promise((resolve) => {
    const script = fileURLToPath(import.meta.url);
    const p = fork(script, ['--child', targetId, ...process.argv.slice(2)], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let cases = 0;
    let last = { seed: 0, index: 0, at: Date.now() };
    let result: Summary | undefined;
    const watchdog = setInterval(() => {
      if (Date.now() - last.at > STALL_MS) {
        result = {
          id: targetId,
          cases,
          seconds: (Date.now() - started) / 1000,
          failures: [
            {
              error: `hang: no case finished for ${STALL_MS / 1000} s`,
              replay: `npm run fuzz -- --target ${targetId} --seed ${last.seed} --path ${last.index}`,
            },
          ],
        };
        p.kill('SIGKILL');
      }
    }, 1000);
    p.on('message', (m: ChildMessage) => {
      if (m.type === 'case') last = { seed: m.seed ?? 0, index: m.index ?? 0, at: Date.now() };
      if (m.type === 'progress') {
        cases = m.cases ?? cases;
        process.stdout.write(`  ${targetId}: ${cases.toLocaleString('en')} cases (${Math.round((Date.now() - started) / 1000)} s)\n`);
      }
      if (m.type === 'done') {
        const r = m.report as { failures: unknown[]; stats: unknown };
        result = { id: targetId, cases: m.cases ?? cases, seconds: (Date.now() - started) / 1000, failures: r.failures, stats: r.stats };
      }
    });
    p.on('exit', (code) => {
      clearInterval(watchdog);
      resolve(
        result ?? {
          id: targetId,
          cases,
          seconds: (Date.now() - started) / 1000,
          failures: [{ error: `fuzz child exited with ${code} after case ${last.index} of seed ${last.seed}` }],
        },
      );
    });
  });
}

async function main(): Promise<void> {
  const { allTargets } = await import('../test/fuzz/targets');
  const { loadSeeds } = await import('../test/fuzz/seeds');
  const seeds = loadSeeds();
  const only = args.get('target');
  const ids = allTargets()
    .map((t) => t.id)
    .filter((id) => !only || id === only);
  console.log(
    `fuzzing ${ids.length} targets, ${CASES.toLocaleString('en')} cases each; seeds: inline + ${seeds.fixtureCount} fixture heads${seeds.hasFixtures ? '' : ' (fixtures absent)'}`,
  );
  const summaries: Summary[] = [];
  for (const id of ids) summaries.push(await runChild(id));
  console.log('\ntarget            cases      seconds  fatal/refused  failures');
  for (const s of summaries) {
    const st = (s.stats ?? {}) as { fatal?: number; refused?: number };
    console.log(
      `${s.id.padEnd(17)} ${String(s.cases).padStart(8)} ${s.seconds.toFixed(0).padStart(10)}  ${`${st.fatal ?? 0}/${st.refused ?? 0}`.padStart(13)}  ${s.failures.length}`,
    );
  }
  for (const s of summaries) {
    const st = s.stats as { firstRefused?: string } | undefined;
    if (st?.firstRefused)
      console.log(`\n${s.id}: records a parser produced that the columns cannot hold (ingest refuses them with an issue), first:\n  ${st.firstRefused}`);
    for (const f of s.failures) console.log(`\nFAILURE ${s.id}:\n${JSON.stringify(f, null, 2)}`);
  }
  process.exitCode = summaries.some((s) => s.failures.length > 0) ? 1 : 0;
}

if (args.has('child')) {
  // `--child ID` is followed by the parent's own arguments.
  const id = process.argv[3] ?? '';
  child(id).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
} else {
  await main();
}
