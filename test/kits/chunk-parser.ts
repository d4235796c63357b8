// Test helpers for incremental parsers (any ChunkParser<R>, flows or logs). The ChunkParser
// contract says the concatenated output must not depend on where the input was split; these
// helpers feed the same bytes at many different boundaries and compare with a one-chunk parse.
// Framework-free (node:assert), so they work from vitest, a bench script or a fuzz loop alike.
import assert from 'node:assert/strict';
import type { ChunkParser, ParseBatch } from '../../lib/ingest/types';
import type { ParseIssue } from '../../lib/records/issue';
import type { IdsAlertRecord } from '../../lib/records/records';

/** Everything a parser produced for one input: batches concatenated, notes de-duplicated. */
export interface ParseResult<R> {
  records: R[];
  invalid: ParseIssue[];
  notes: string[];
  /** IDS alerts a flow format carries beside its records (Suricata EVE), when there are any. */
  alerts?: IdsAlertRecord[];
}

function collector<R>(): { result: ParseResult<R>; add: (batch: ParseBatch<R>) => void } {
  const result: ParseResult<R> = { records: [], invalid: [], notes: [] };
  const add = (batch: ParseBatch<R>): void => {
    for (const record of batch.records) result.records.push(record);
    for (const issue of batch.invalid) result.invalid.push(issue);
    for (const note of batch.notes ?? []) if (!result.notes.includes(note)) result.notes.push(note);
    if (batch.alerts !== undefined) result.alerts = [...(result.alerts ?? []), ...batch.alerts];
  };
  return { result, add };
}

/** Feeds `buf` to `parser` in chunks of `chunkSize` bytes (default: one chunk), then ends it. */
export function parseAll<R>(parser: ChunkParser<R>, buf: Buffer, chunkSize?: number): ParseResult<R> {
  const size = Math.max(1, chunkSize ?? buf.length);
  const { result, add } = collector<R>();
  for (let at = 0; at < buf.length; at += size) add(parser.push(buf.subarray(at, at + size)));
  add(parser.end());
  return result;
}

/** Feeds `buf` cut at the given (sorted, in-range) byte offsets, then ends the parser. */
export function parseAtCuts<R>(parser: ChunkParser<R>, buf: Buffer, cuts: readonly number[]): ParseResult<R> {
  const { result, add } = collector<R>();
  let from = 0;
  for (const cut of cuts) {
    add(parser.push(buf.subarray(from, cut)));
    from = cut;
  }
  add(parser.push(buf.subarray(from)));
  add(parser.end());
  return result;
}

/** Small deterministic PRNG (mulberry32) so a failing random split can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SplitOptions {
  /** Every chunk size from 1 to this is tried (default 97). */
  maxChunk?: number;
  /** Number of runs with random cut points (default 20). */
  randomRuns?: number;
  seed?: number;
}

/**
 * Parses `buf` in one chunk, then again with every chunk size 1..maxChunk and with random cuts,
 * and throws (with the failing split in the message) unless every run gives identical output.
 * Returns the one-chunk result so the caller can assert on content.
 */
export function parseWithSplits<R>(createParser: () => ChunkParser<R>, buf: Buffer, options: SplitOptions = {}): ParseResult<R> {
  const { maxChunk = 97, randomRuns = 20, seed = 0x5eed } = options;
  const reference = parseAll(createParser(), buf);
  for (let size = 1; size <= maxChunk; size++) {
    assert.deepStrictEqual(parseAll(createParser(), buf, size), reference, `chunk size ${size} changed the output`);
  }
  const random = seededRandom(seed);
  for (let run = 0; run < randomRuns; run++) {
    const count = 1 + Math.floor(random() * 40);
    const cuts = Array.from({ length: count }, () => Math.floor(random() * (buf.length + 1))).sort((a, b) => a - b);
    assert.deepStrictEqual(parseAtCuts(createParser(), buf, cuts), reference, `random cuts [${cuts.join(',')}] (seed ${seed}, run ${run}) changed the output`);
  }
  return reference;
}
