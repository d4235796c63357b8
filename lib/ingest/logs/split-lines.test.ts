import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import type { ParseBatch } from '../types';
import { createLineParser, decodeEscaped, MAX_LISTED_ISSUES } from './split-lines';

interface Line {
  n: number;
  text: string;
}

/** A parser that returns its lines as records, and an issue for every line starting with `!`. */
function lineParser(maxLineBytes?: number) {
  return createLineParser<Line>({
    maxLineBytes,
    onLine(text: string, n: number, batch: ParseBatch<Line>) {
      if (text.startsWith('!')) batch.invalid.push({ line: n, reason: 'bang' });
      else batch.records.push({ n, text });
    },
  });
}

describe('createLineParser', () => {
  it('splits on LF and CRLF, skips empty lines but counts them, strips a BOM', () => {
    const buf = Buffer.from('\uFEFFone\r\ntwo\n\nthree');
    const out = parseWithSplits(() => lineParser(), buf);
    expect(out.records).toEqual([
      { n: 1, text: 'one' },
      { n: 2, text: 'two' },
      { n: 4, text: 'three' },
    ]);
  });

  it('keeps invalid UTF-8 as \\xNN escapes and NUL as \\x00, whatever the split', () => {
    const buf = Buffer.concat([Buffer.from('ok é\n'), Buffer.from([0x61, 0xff, 0xc3, 0x28, 0x00, 0x62, 0x0a]), Buffer.from('€ end\n')]);
    const out = parseWithSplits(() => lineParser(), buf);
    expect(out.records.map((r) => r.text)).toEqual(['ok é', 'a\\xff\\xc3(\\x00b', '€ end']);
    expect(out.invalid).toEqual([]);
  });

  it('cuts lines over the limit and reports them, identically for every split', () => {
    const long = 'x'.repeat(50);
    const buf = Buffer.from(`short\n${long}\n${long}ü${long}`);
    const out = parseWithSplits(() => lineParser(20), buf, { maxChunk: 60 });
    expect(out.records.map((r) => r.text)).toEqual(['short', 'x'.repeat(20), 'x'.repeat(20)]);
    expect(out.invalid).toEqual([
      { line: 2, reason: 'line longer than 20 bytes; cut to that length' },
      { line: 3, reason: 'line longer than 20 bytes; cut to that length' },
    ]);
  });

  it('cuts a real 1 MB+ line without keeping more than 1 MB of it', () => {
    const buf = Buffer.from(`a\n${'y'.repeat(3 * 1024 * 1024)}\nb\n`);
    const out = parseAll(lineParser(), buf, 64 * 1024);
    expect(out.records.map((r) => r.text.length)).toEqual([1, 1024 * 1024, 1]);
    expect(out.invalid).toHaveLength(1);
    expect(out).toEqual(parseAll(lineParser(), buf));
  });

  it('lists at most MAX_LISTED_ISSUES problems and counts the rest', () => {
    const buf = Buffer.from('!\n'.repeat(MAX_LISTED_ISSUES + 5));
    const out = parseAll(lineParser(), buf, 100);
    expect(out.invalid).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(out.invalid.at(-1)?.reason).toBe(`5 more problems not listed (${MAX_LISTED_ISSUES + 5} in all)`);
  });
});

describe('decodeEscaped', () => {
  it.each([
    [[0x68, 0x69], 'hi'],
    [[0xe2, 0x82, 0xac], '€'],
    [[0xe2, 0x82], '\\xe2\\x82'],
    [[0xed, 0xa0, 0x80], '\\xed\\xa0\\x80'], // UTF-16 surrogate encoded in UTF-8 is invalid
    [[0xf0, 0x9f, 0x98, 0x80, 0x41], '😀A'],
  ])('%j → %s', (bytes, text) => {
    expect(decodeEscaped(Uint8Array.from(bytes))).toBe(text);
  });
});
