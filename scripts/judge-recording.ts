// `npm run judge -- RECORDING... [--flows all|FILE] [--inventory] [--json] [--write]`: runs
// `sightline analyze --json` on a recorded intrusion (test/fixtures/recordings/<name>) the way
// a user would, and judges the activities against the recording's hand-written truth.json
// (lib/eval/recording.ts). `--flows all` runs every flow export the recording has (nfdump CSV,
// IPFIX, NetFlow v9, and where kept the nfcapd file, the RFC 5655 IPFIX file and Suricata EVE); `--write` saves the tables as RESULTS.md beside the recording.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatJudgement, judgeRecording, type RecordingJudgement, ZLabTruth } from '../lib/eval/recording';
import { buildNode, builtCli } from './build-node.mjs';

const USAGE = 'usage: npm run judge -- RECORDING_DIR... [--flows all|FILE] [--inventory] [--json] [--write]';
const FLOW_EXPORTS = ['flows.csv', 'ipfix.pcap', 'netflow_v9.pcap', 'flows.nfcapd', 'flows.ipfix', 'eve.json.gz'];

function fail(reason: string): never {
  process.stderr.write(`judge: ${reason}\n${USAGE}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      flows: { type: 'string', default: 'flows.csv' },
      inventory: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
}
try {
  parsed = parse();
} catch (err) {
  fail((err as Error).message);
}
const { values, positionals } = parsed;
if (positionals.length === 0) fail('name at least one recording folder');

const root = path.resolve(import.meta.dirname, '..');
const results: { label: string; judgement: RecordingJudgement }[] = [];
for (const dir of positionals) {
  const truthFile = path.join(dir, 'truth.json');
  if (!fs.existsSync(truthFile)) fail(`${truthFile}: no truth.json`);
  const truth = ZLabTruth.parse(JSON.parse(fs.readFileSync(truthFile, 'utf8')));
  const exports = values.flows === 'all' ? FLOW_EXPORTS.filter((f) => fs.existsSync(path.join(dir, f))) : [values.flows];
  const markdown: string[] = [`# ${truth.scenario.name}: judged by scripts/judge-recording.ts`, ''];
  await buildNode();
  for (const flows of exports) {
    const args = [builtCli, 'analyze', '--logs', path.join(dir, 'logbundle.tar.gz'), '--flows', path.join(dir, flows), '--json'];
    if (values.inventory) args.push('--inventory', path.join(dir, 'inventory.csv'));
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (run.status !== 0) fail(`${dir} ${flows}: analyze exited ${run.status}: ${run.stderr.trim().split('\n').at(-1)}`);
    const doc = JSON.parse(run.stdout);
    const label = `${flows}${values.inventory ? ' + inventory' : ', no inventory'}`;
    const judgement = judgeRecording(truth, doc.activities);
    results.push({ label, judgement });
    markdown.push(formatJudgement(judgement, label), '');
    if (!values.json) process.stdout.write(`${formatJudgement(judgement, label)}\n\n`);
  }
  if (values.write) {
    const out = path.join(dir, values.inventory ? 'RESULTS-inventory.md' : 'RESULTS.md');
    fs.writeFileSync(out, markdown.join('\n'));
    // Committed beside the recording: in the house format, so `biome ci` stays clean.
    spawnSync('npx', ['biome', 'format', '--write', out], { cwd: root, stdio: 'ignore' });
  }
}
if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
