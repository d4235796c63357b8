import { describe, expect, it } from 'vitest';
import { contextFor } from '../../test/kits/audit-fixtures';
import { parseAll } from '../../test/kits/chunk-parser';
import { jsonDepthProblem, MAX_JSON_DEPTH } from './json-depth';
import { createLaurelParser } from './logs/laurel';

describe('JSON depth', () => {
  it.each([
    ['flat', '{"a":1}', undefined],
    ['at the limit', `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`, undefined],
    ['one past', `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`, `JSON nested deeper than ${MAX_JSON_DEPTH} levels; skipped`],
    ['brackets inside strings do not count', `{"a":"${'['.repeat(1000)}\\"${'{'.repeat(1000)}"}`, undefined],
  ])('%s', (_name, text, want) => {
    expect(jsonDepthProblem(text)).toBe(want);
  });

  it('a laurel line of 500 000 nested arrays is one located problem', () => {
    const deep = `{"ID":"1700000000.123:1","SYSCALL":${'['.repeat(500_000)}${']'.repeat(500_000)}}`;
    const result = parseAll(createLaurelParser(contextFor('x')), Buffer.from(`${deep}\n`));
    expect(result.records).toEqual([]);
    expect(result.invalid).toEqual([{ line: 1, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; skipped` }]);
  });
});
