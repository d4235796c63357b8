// The long fuzz run: every target (each format in the registry, the archive walker, the
// sniffer) for at least 100 000 cases, one after the other, each in its own child process
// with --expose-gc (memory is measured after a collection) and a watchdog: a case that
// never returns (a synchronous hang cannot be interrupted in-process) is reported with the
// seed and case index that replay it.
//
//   npm run fuzz                                   all targets, 100 000 cases each
//   npm run fuzz -- --cases 5000 --target auditd   one target
//   npm run fuzz -- --target auditd --seed S --path P   replay a reported failure
//   npm run fuzz -- --target complexity            only the regex complexity group
//
// Unknown flags and target names are refused with a one-line usage (they used to start the
// full run, or fuzz nothing and succeed). When the runner is stopped its child goes with it:
// the runner kills it on SIGINT/SIGTERM/SIGHUP, and a child whose parent is gone (even by
// SIGKILL) sees its IPC channel close and exits.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COMPLEXITY_TARGET, runComplexity } from './fuzz-complexity';

const USAGE = 'usage: npm run fuzz -- [--cases N] [--target ID] [--seed S --path P] [--base B] [--help]';

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function readArgs() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: true,
      options: {
        cases: { type: 'string' },
        target: { type: 'string' },
        seed: { type: 'string' },
        path: { type: 'string' },
        base: { type: 'string' },
        child: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
}

const parsed = readArgs();
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (parsed.positionals.length > 0 && !parsed.values.child) usageError(`unexpected argument: ${parsed.positionals[0]}`);
const args = new Map<string, string>(Object.entries(parsed.values).filter((e): e is [string, string] => typeof e[1] === 'string'));
for (const flag of ['cases', 'seed', 'base'] as const) {
  const v = args.get(flag);
  if (v !== undefined && !/^\d+$/.test(v)) usageError(`--${flag} takes a whole number, not "${v}"`);
}
const CASES = Number(args.get('cases') ?? 100_000);
const BATCH = 5000;
const STALL_MS = 60_000;
/** Repetitions of each regex's prefix in the complexity group (16× the Vitest copy's). */
const COMPLEXITY_REPEAT = 16_000;

interface ChildMessage {
  type: 'progress' | 'done' | 'case';
  cases?: number;
  index?: number;
  seed?: number;
  report?: unknown;
}

async function child(targetId: string): Promise<void> {
  // The parent is gone (killed, even by SIGKILL): stop rather than fuzz on unobserved. The IPC
  // 'disconnect' event needs a turn of the event loop, which a batch of synchronous cases does
  // not give, so every case also asks whether the parent still exists.
  process.on('disconnect', () => process.exit(3));
  const parent = process.ppid;
  const exitIfOrphaned = () => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(3);
    }
  };
  const send = (m: ChildMessage) => {
    exitIfOrphaned();
    process.send?.(m);
  };
  if (targetId === COMPLEXITY_TARGET) {
    const r = runComplexity(COMPLEXITY_REPEAT, (index) => send({ type: 'case', index, seed: 0 }));
    send({ type: 'done', cases: r.cases, report: { failures: r.failures } });
    return;
  }
  const { allTargets } = await import('../test/fuzz/targets');
  const { runTarget } = await import('../test/fuzz/run-target');
  const { cleanupArchiveFuzz } = await import('../test/fuzz/check-archive');
  const target = allTargets().find((t) => t.id === targetId);
  if (!target) throw new Error(`no fuzz target ${targetId}`);
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

let running: ReturnType<typeof fork> | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    running?.kill('SIGKILL');
    process.exit(130);
  });
}

function runChild(targetId: string): Promise<Summary> {
  const started = Date.now();
  return new Promise((resolve) => {
    const script = fileURLToPath(import.meta.url);
    const p = fork(script, ['--child', targetId, ...process.argv.slice(2).filter((a) => a !== '--child')], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running = p;
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
  const known = [...allTargets().map((t) => t.id), COMPLEXITY_TARGET];
  if (only !== undefined && !known.includes(only)) usageError(`unknown target "${only}"; targets: ${known.join(', ')}`);
  const ids = known.filter((id) => !only || id === only);
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
  const id = args.get('child') ?? '';
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
