import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';

function split(input: Buffer, chunk: number, max?: number): string[] {
  const out: string[] = [];
  const splitter = new LineSplitter({ line: (text, no) => out.push(`${no}:${text}`), overlong: (no) => out.push(`${no}:<overlong>`) }, max);
  for (let i = 0; i < input.length; i += chunk) splitter.push(input.subarray(i, i + chunk));
  splitter.end();
  return out;
}

describe('LineSplitter', () => {
  const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo\r\n\nwörld €\nlast')]);

  it('gives the same lines for every chunk size, BOM and multi-byte characters included', () => {
    const expected = ['1:héllo', '2:', '3:wörld €', '4:last'];
    for (let chunk = 1; chunk <= input.length; chunk++) expect(split(input, chunk)).toEqual(expected);
  });

  it('reports a runaway line once, however it was chunked', () => {
    const long = Buffer.from(`ok\n${'x'.repeat(50)}\nnext\n`);
    for (const chunk of [1, 7, 64]) expect(split(long, chunk, 20)).toEqual(['1:ok', '2:<overlong>', '3:next']);
  });
});
