// fast-check arbitraries that turn seeds into hostile inputs: byte flips, truncation,
// insertions of random or "interesting" bytes, duplicated and shuffled lines, huge lines,
// splices of two seeds, pure noise — plus the chunk boundaries the parser is fed at.
import fc from 'fast-check';

/** Tokens that tend to break hand-written parsers: separators, numbers at their limits, markup. */
const INTERESTING = [
  '\n',
  '\r\n',
  '\r',
  '\t',
  ',',
  ' ',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '[',
  ']',
  '=',
  ':',
  '\0',
  '\u001b[31m',
  '\u202e',
  '\ufeff',
  '-',
  '-1',
  '0',
  '4294967295',
  '4294967296',
  '18446744073709551615',
  '9999999999999999999999',
  '1e309',
  'NaN',
  'Infinity',
  '-0',
  '0x',
  '0xffffffff',
  '255.255.255.255',
  '999.1.1.1',
  '::',
  '::ffff:1.2.3.4',
  'fe80::1%eth0',
  '2001:db8::1',
  '1970-01-01 00:00:00',
  '9999-12-31T23:59:59Z',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  'Feb 30 25:61:61',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'type=',
  'msg=audit(',
  '#fields',
  '\u00ff\u00fe',
  '\xc3\x28',
];
const INTERESTING_BYTES = INTERESTING.map((s) => Buffer.from(s, s === '\xc3\x28' || s === '\u00ff\u00fe' ? 'latin1' : 'utf8'));

/** Interesting binary words: lengths and counts at their boundaries (big- and little-endian). */
const WORDS = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

export type Mutation =
  | { op: 'flip'; at: number; xor: number }
  | { op: 'set'; at: number; byte: number }
  | { op: 'word'; at: number; word: number; size: 2 | 4; le: boolean }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'token'; at: number; token: number }
  | { op: 'delete'; at: number; len: number }
  | { op: 'duplicate-lines'; seed: number }
  | { op: 'shuffle-lines'; seed: number }
  | { op: 'huge-line'; at: number; len: number; byte: number }
  | { op: 'splice'; other: number; at: number; from: number };

const at = fc.nat({ max: 1 << 20 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), at, xor: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), at, byte: fc.integer({ min: 0, max: 255 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('word' as const),
      at,
      word: fc.constantFrom(...WORDS),
      size: fc.constantFrom(2 as const, 4 as const),
      le: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('token' as const), at, token: fc.nat({ max: INTERESTING.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at, len: fc.integer({ min: 1, max: 256 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate-lines' as const), seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('shuffle-lines' as const), seed: fc.nat() }) },
  // Long runs, some past every parser's line cap (1 MiB), so the cut-and-count path runs.
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('huge-line' as const),
      at,
      len: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1024, max: 65536 }) }, { weight: 1, arbitrary: fc.integer({ min: 1_050_000, max: 1_600_000 }) }),
      byte: fc.constantFrom(0x41, 0x00, 0x22, 0x2c, 0xff, 0x7b),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('splice' as const), other: fc.nat(), at, from: at }) },
);

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function splitLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, from)) {
    out.push(buf.subarray(from, nl + 1));
    from = nl + 1;
  }
  if (from < buf.length) out.push(buf.subarray(from));
  return out;
}

/** Applies one mutation; `pool` supplies the other half of a splice. */
export function applyMutation(input: Buffer, m: Mutation, pool: readonly Buffer[]): Buffer {
  const n = input.length;
  const pos = (x: number) => (n === 0 ? 0 : x % (n + 1));
  switch (m.op) {
    case 'flip':
    case 'set': {
      if (n === 0) return input;
      const out = Buffer.from(input);
      const i = m.at % n;
      out[i] = m.op === 'flip' ? (out[i] as number) ^ m.xor : m.byte;
      return out;
    }
    case 'word': {
      if (n < m.size) return input;
      const out = Buffer.from(input);
      const i = m.at % (n - m.size + 1);
      if (m.size === 2) m.le ? out.writeUInt16LE(m.word & 0xffff, i) : out.writeUInt16BE(m.word & 0xffff, i);
      else m.le ? out.writeUInt32LE(m.word >>> 0, i) : out.writeUInt32BE(m.word >>> 0, i);
      return out;
    }
    case 'truncate':
      return input.subarray(0, pos(m.at));
    case 'insert':
    case 'token': {
      const i = pos(m.at);
      const bytes = m.op === 'insert' ? Buffer.from(m.bytes) : (INTERESTING_BYTES[m.token] as Buffer);
      return Buffer.concat([input.subarray(0, i), bytes, input.subarray(i)]);
    }
    case 'delete': {
      const i = pos(m.at);
      return Buffer.concat([input.subarray(0, i), input.subarray(i + m.len)]);
    }
    case 'duplicate-lines': {
      const r = lcg(m.seed);
      return Buffer.concat(splitLines(input).flatMap((l) => (r() < 0.3 ? [l, l] : [l])));
    }
    case 'shuffle-lines': {
      const r = lcg(m.seed);
      const l = splitLines(input);
      for (let i = l.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [l[i], l[j]] = [l[j] as Buffer, l[i] as Buffer];
      }
      return Buffer.concat(l);
    }
    case 'huge-line': {
      const i = pos(m.at);
      return Buffer.concat([input.subarray(0, i), Buffer.alloc(m.len, m.byte), input.subarray(i)]);
    }
    case 'splice': {
      const other = pool.length ? (pool[m.other % pool.length] as Buffer) : input;
      return Buffer.concat([input.subarray(0, pos(m.at)), other.subarray(other.length ? m.from % other.length : 0)]);
    }
  }
}

export interface FuzzInput {
  bytes: Buffer;
  /** Sorted cut offsets: the parser gets the input in these chunks. */
  cuts: number[];
  /** How the input was made, printed with a failure. */
  recipe: string;
}

/** Random bytes, a plain seed, or a seed with 1–6 mutations; then random chunk boundaries. */
export function fuzzInputArb(seeds: readonly Buffer[], pool: readonly Buffer[] = seeds): fc.Arbitrary<FuzzInput> {
  const noise = fc.uint8Array({ maxLength: 4096 }).map((b) => ({ bytes: Buffer.from(b), recipe: 'random bytes' }));
  const mutated = fc.tuple(fc.nat({ max: Math.max(0, seeds.length - 1) }), fc.array(mutationArb, { minLength: 0, maxLength: 6 })).map(([i, ms]) => {
    let bytes = seeds[i] ?? Buffer.alloc(0);
    for (const m of ms) bytes = applyMutation(bytes, m, pool);
    const shown = ms.map((m) => (m.op === 'insert' ? `insert@${m.at}(${m.bytes.length})` : JSON.stringify(m))).join(' ');
    return { bytes, recipe: `seed #${i} ${shown || '(unchanged)'}` };
  });
  return fc
    .tuple(
      fc.oneof({ weight: 1, arbitrary: noise }, { weight: 8, arbitrary: mutated }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
    )
    .map(([input, fractions]) => {
      const cuts = fractions.map((f) => Math.floor(f * input.bytes.length)).sort((a, b) => a - b);
      return { ...input, cuts };
    });
}
