// Runs one measurement in a fresh Node process so its peak RSS is its own: under
// `/usr/bin/time -v` when present (kernel's max RSS of the process), otherwise read from
// process.resourceUsage() inside the child. The child prints one `@@result {json}` line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TIME = '/usr/bin/time';
const MARK = '@@result ';

export interface ChildRun<T> {
  result: T;
  /** Peak resident set size of the child, MiB. */
  peakRssMiB: number;
  rssSource: 'time -v' | 'resourceUsage';
  /** The child's own wall time including Node start-up, ms. */
  processMs: number;
}

export interface ChildOptions {
  /** Write a V8 CPU profile of the child into this folder. */
  cpuProfileDir?: string;
  log?: (line: string) => void;
}

/** Called by child scripts: prints the result for `runChild`. */
export function reportToParent(result: object): void {
  const maxRssKiB = process.resourceUsage().maxRSS;
  process.stdout.write(`${MARK}${JSON.stringify({ ...result, childMaxRssKiB: maxRssKiB })}\n`);
}

export async function runChild<T>(script: string, input: object, opts: ChildOptions = {}): Promise<ChildRun<T>> {
  const hasTime = fs.existsSync(TIME);
  const timeFile = path.join(os.tmpdir(), `sightline-bench-time-${process.pid}-${Date.now()}.txt`);
  const nodeArgs = ['--import', 'tsx'];
  if (opts.cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`);
  nodeArgs.push(script, JSON.stringify(input));
  const [cmd, args] = hasTime ? [TIME, ['-v', '-o', timeFile, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const t0 = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.length > 64 * 1024) err = err.slice(-32 * 1024);
    });
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
  });
  const processMs = performance.now() - t0;
  const line = stdout.split('\n').find((l) => l.startsWith(MARK));
  if (code !== 0 || !line) {
    fs.rmSync(timeFile, { force: true });
    throw new Error(`${path.basename(script)} failed (exit ${code}): ${stderr.trim().slice(-2000)}`);
  }
  const parsed = JSON.parse(line.slice(MARK.length)) as T & { childMaxRssKiB: number };
  let rssKiB = parsed.childMaxRssKiB;
  let rssSource: ChildRun<T>['rssSource'] = 'resourceUsage';
  if (hasTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(fs.readFileSync(timeFile, 'utf8'));
    if (m?.[1]) {
      rssKiB = Number(m[1]);
      rssSource = 'time -v';
    }
    fs.rmSync(timeFile, { force: true });
  }
  return { result: parsed, peakRssMiB: Math.round((rssKiB / 1024) * 10) / 10, rssSource, processMs: Math.round(processMs) };
}

/** The JSON argument a child script was started with. */
export function childInput<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('child script needs its JSON input as the first argument');
  return JSON.parse(raw) as T;
}
