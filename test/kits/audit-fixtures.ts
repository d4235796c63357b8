// Shared by the audit parsers' tests (not a test itself): reading fixtures and parsing them at
// many chunk boundaries, which every fixture test does.
import fs from 'node:fs';
import type { ChunkParser, ParseContext } from '../../lib/ingest/types';
import type { LogRecord } from '../../lib/records/records';
import { fixture } from '../fixtures';
import { type ParseResult, parseWithSplits } from './chunk-parser';

export function readFixture(relative: string): Buffer {
  return fs.readFileSync(fixture(relative));
}

export function contextFor(path: string, extra: Partial<ParseContext> = {}): ParseContext {
  return { path, timeZone: 'UTC', ...extra };
}

/** Parses a fixture in one chunk and at many boundaries (throws if any split changes the output). */
export function parseFixture(
  relative: string,
  create: (ctx: ParseContext) => ChunkParser<LogRecord>,
  options: { maxChunk?: number; randomRuns?: number } = {},
): ParseResult<LogRecord> {
  const ctx = contextFor(relative);
  return parseWithSplits(() => create(ctx), readFixture(relative), { maxChunk: 41, randomRuns: 8, ...options });
}

/** `serial` of an event's first record, read from its raw text. */
export function serialOf(rec: LogRecord): number {
  const m = /audit\([^:)]*:(\d+)\)/.exec(rec.raw);
  return m === null ? Number.NaN : Number(m[1]);
}

/** A record without the fields that depend on where it sits in the file. */
export function content(rec: LogRecord): Omit<LogRecord, 'raw' | 'lineNo'> {
  const { raw: _raw, lineNo: _lineNo, ...rest } = rec;
  return rest;
}

/** Records in a stable order (time, then serial) for comparing files that differ in order only. */
export function byTime(records: LogRecord[]): LogRecord[] {
  return [...records].sort((a, b) => a.tsMs - b.tsMs || serialOf(a) - serialOf(b));
}
