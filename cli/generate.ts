import { parseArgs } from 'node:util';
import { generateScenario } from '../lib/generate/scenario';
import { userPath } from './user-path';

export async function runGenerate(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      hosts: { type: 'string', default: '12' },
      days: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      attack: { type: 'string', multiple: true, default: [] },
      'no-inventory': { type: 'boolean', default: false },
      shapes: { type: 'boolean', default: false },
      'shell-history': { type: 'boolean', default: false },
      // Source switches (lib/generate/sources.ts): the changes the advice kinds recommend.
      'unsampled-edge': { type: 'boolean', default: false },
      'web-access-logs': { type: 'boolean', default: false },
      'journal-only': { type: 'string', multiple: true, default: [] },
      'retention-days': { type: 'string' },
      'audit-no-rules': { type: 'string', multiple: true, default: [] },
      'ssh-key-watches': { type: 'boolean', default: false },
    },
  });
  if (!values.out) throw new Error('generate needs --out DIR');
  const sources = {
    ...(values['unsampled-edge'] ? { unsampledEdge: true } : {}),
    ...(values['web-access-logs'] ? { webAccessLogs: true } : {}),
    ...(values['journal-only'].length ? { journalOnly: values['journal-only'] } : {}),
    ...(values['retention-days'] !== undefined ? { retentionDays: Number(values['retention-days']) } : {}),
    ...(values['audit-no-rules'].length ? { auditNoRules: values['audit-no-rules'] } : {}),
    ...(values['ssh-key-watches'] ? { sshKeyWatches: true } : {}),
  };
  const t0 = performance.now();
  const result = await generateScenario({
    outDir: userPath(values.out),
    hosts: Number(values.hosts),
    days: Number(values.days),
    seed: Number(values.seed),
    attacks: values.attack.length ? (values.attack as never) : undefined,
    inventory: !values['no-inventory'],
    shapes: values.shapes,
    shellHistory: values['shell-history'],
    ...(Object.keys(sources).length ? { sources } : {}),
  });
  process.stderr.write(`generated in ${Math.round(performance.now() - t0)} ms\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
