// What the fuzzer exercises: one target per format in the registry, the archive walker and
// the sniffer. Each target pairs an input generator with the property its run checks.
import fc from 'fast-check';
import { SNIFF_BYTES } from '../../lib/ingest/format';
import { allFormats } from '../../lib/ingest/registry';
import { describeContent, sniffFormat } from '../../lib/ingest/sniff';
import { buildTar, buildZip, gzip, type Member } from './archives';
import { runWalkCase } from './check-archive';
import { type CaseLimits, DEFAULT_CASE_LIMITS, FuzzViolation, runParserCase } from './check-parser';
import { applyMutation, fuzzInputArb, type Mutation, mutationArb } from './mutations';
import { allSeeds, loadSeeds } from './seeds';

export interface FuzzTarget<T = unknown> {
  id: string;
  arbitrary: fc.Arbitrary<T>;
  run(input: T): void | Promise<void>;
  /** Short description of an input for a failure report. */
  describe(input: T): string;
  /** Cases that ended in a fatal IngestError, and records ingest would refuse (with an example). */
  stats: { fatal: number; refused: number; firstRefused?: string };
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Heap + buffers still held after a collection. Only measured when the process runs with
 * --expose-gc (scripts/fuzz.ts does): without a collection, garbage would be counted too.
 */
const retained = () => {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

export function parserTargets(limits: CaseLimits = DEFAULT_CASE_LIMITS): FuzzTarget[] {
  const seeds = loadSeeds();
  const pool = allSeeds();
  return allFormats.map((format) => {
    const own = seeds.byFormat.get(format.id) ?? [];
    const target: FuzzTarget<ReturnType<typeof fuzzInputArb> extends fc.Arbitrary<infer I> ? I : never> = {
      id: format.id,
      arbitrary: fuzzInputArb(own, pool),
      describe: (i) => `${i.recipe}; ${i.bytes.length} bytes, cuts [${i.cuts.join(',')}]`,
      stats: { fatal: 0, refused: 0 },
      run: (input) => {
        const big = gc !== undefined && input.bytes.length > 256 * 1024;
        const before = big ? retained() : 0;
        const outcome = runParserCase(format, input.bytes, input.cuts, limits);
        if (outcome.fatal) target.stats.fatal += 1;
        if (outcome.refused) {
          target.stats.refused += 1;
          target.stats.firstRefused ??= `${outcome.refused} [input: ${target.describe(input)}]`;
        }
        if (big) {
          // Proportional memory: the parser may hold a line or a record, not copies of the input.
          const grown = retained() - before;
          const allowed = 64 * 1024 ** 2 + 8 * input.bytes.length;
          if (grown > allowed) throw new FuzzViolation(`memory grew by ${grown} bytes on a ${input.bytes.length}-byte input`);
        }
      },
    };
    return target as FuzzTarget;
  });
}

const NAMES = [
  'web01/var/log/auth.log',
  'db01/var/log/audit/audit.log',
  'flows.csv',
  'conn.log',
  'nested.tar.gz',
  'x.gz',
  '../../etc/cron.d/evil',
  '/etc/passwd',
  'C:\\Windows\\evil',
  'a/../../b',
  'ok/..',
  'n\0ul',
  'dir/',
  '.',
  '',
  `${'d/'.repeat(80)}deep.log`,
  '<script>alert(1)</script>.log',
  '\u202egol.htua',
  '\u001b[31mred.log',
];

interface ArchiveCase {
  container: 'tar' | 'tgz' | 'zip' | 'gz' | 'plain' | 'bomb-gz' | 'bomb-zip' | 'nested';
  members: Member[];
  mutations: Mutation[];
  skipEvery: number;
}

function buildArchive(c: ArchiveCase, pool: readonly Buffer[]): Buffer {
  const first = c.members[0]?.body ?? Buffer.alloc(0);
  let bytes: Buffer;
  switch (c.container) {
    case 'tar':
      bytes = buildTar(c.members);
      break;
    case 'tgz':
      bytes = gzip(buildTar(c.members));
      break;
    case 'zip':
      bytes = buildZip(c.members.map((m, i) => ({ ...m, deflate: i % 2 === 0 })));
      break;
    case 'gz':
      bytes = gzip(first);
      break;
    case 'plain':
      bytes = first;
      break;
    case 'bomb-gz':
      // 2 MiB of zeros after a valid head: ~1000× ratio, past the fuzz limits' grace.
      bytes = gzip(Buffer.concat([first, Buffer.alloc(2 << 20)]));
      break;
    case 'bomb-zip':
      bytes = buildZip([{ name: 'big.log', body: Buffer.alloc(1 << 20), deflate: true }, ...c.members.map((m) => ({ ...m, declaredSize: 1 << 30 }))]);
      break;
    case 'nested':
      bytes = gzip(buildTar([...c.members, { name: 'inner.tar.gz', body: gzip(buildTar(c.members)) }, { name: 'inner.zip', body: buildZip(c.members) }]));
      break;
  }
  for (const m of c.mutations) bytes = applyMutation(bytes, m, pool);
  return bytes;
}

export function archiveTarget(): FuzzTarget {
  const pool = allSeeds();
  const stats = { fatal: 0, refused: 0 };
  const member: fc.Arbitrary<Member> = fc.record({
    name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 120 })),
    body: fc.tuple(fc.nat(), fc.nat({ max: 4096 })).map(([i, n]) => (pool[i % pool.length] ?? Buffer.alloc(0)).subarray(0, n)),
    type: fc.constantFrom('0' as const, '0' as const, '0' as const, '1' as const, '2' as const, '5' as const),
    linkName: fc.constantFrom(undefined, '/etc/shadow', '../../../root/.ssh/id_rsa', 'web01/var/log/auth.log'),
  });
  const arb = fc.record({
    container: fc.constantFrom('tar', 'tgz', 'tgz', 'zip', 'zip', 'gz', 'plain', 'bomb-gz', 'bomb-zip', 'nested') as fc.Arbitrary<ArchiveCase['container']>,
    members: fc.array(member, { minLength: 0, maxLength: 6 }),
    mutations: fc.array(mutationArb, { maxLength: 3 }),
    skipEvery: fc.constantFrom(0, 0, 1, 2),
  });
  return {
    id: 'archive-walk',
    arbitrary: arb,
    stats,
    describe: (c) => {
      const a = c as ArchiveCase;
      return `${a.container} of [${a.members.map((m) => `${JSON.stringify(m.name)}:${m.type ?? '0'}:${m.body.length}`).join(', ')}] mutations ${JSON.stringify(a.mutations).slice(0, 400)} skipEvery ${a.skipEvery}`;
    },
    run: async (c) => {
      const a = c as ArchiveCase;
      const out = await runWalkCase(buildArchive(a, pool), { name: `upload.${a.container}`, skipEvery: a.skipEvery });
      if (out.error) stats.fatal += 1;
    },
  };
}

export function sniffTarget(): FuzzTarget {
  const seeds = allSeeds();
  return {
    id: 'sniff',
    arbitrary: fuzzInputArb(seeds, seeds),
    stats: { fatal: 0, refused: 0 },
    describe: (i) => {
      const x = i as { recipe: string; bytes: Buffer };
      return `${x.recipe}; ${x.bytes.length} bytes`;
    },
    run: (i) => {
      const head = (i as { bytes: Buffer }).bytes.subarray(0, SNIFF_BYTES);
      for (const f of allFormats) {
        const score = f.sniff(head);
        if (typeof score !== 'number' || !(score >= 0 && score <= 1)) throw new FuzzViolation(`${f.id}.sniff returned ${score}`);
      }
      const r = sniffFormat(head, allFormats);
      if (!r.format && !r.reason) throw new FuzzViolation('sniffFormat gave neither a format nor a reason');
      if (typeof describeContent(head) !== 'string') throw new FuzzViolation('describeContent did not return text');
    },
  };
}

export function allTargets(limits?: CaseLimits): FuzzTarget[] {
  return [...parserTargets(limits), archiveTarget(), sniffTarget()];
}
