import { describe, expect, it } from 'vitest';
import type { TechniqueVisibility } from '../queries/get-technique-visibility';
import { buildDettectVisibilityYaml } from './dettect-export';
import { readBaseline } from './read-baseline';
import { readDettectYaml } from './read-dettect-yaml';
import { BaselineError, MAX_BASELINE_BYTES } from './read-navigator-layer';

/** 1-based line of the first line of `text` containing `needle` (after `from`). */
const lineOf = (text: string, needle: string, from = '') => text.slice(0, text.indexOf(needle, text.indexOf(from))).split('\n').length;

function refusal(text: string): BaselineError {
  try {
    readDettectYaml(text);
  } catch (err) {
    if (err instanceof BaselineError) return err;
    throw err;
  }
  throw new Error('accepted');
}

// The structure of DeTT&CT's sample-data/techniques-administration-endpoints.yaml (version 1.2):
// visibility as one object or as a list per applicable_to, newest logbook entry first or not,
// an undated detection entry scored -1, comments as block scalars.
const TECHNIQUES = `version: 1.2
file_type: technique-administration
name: example
platform: Windows
techniques:
  # comments are allowed anywhere
- technique_id: T1222
  technique_name: File Permissions Modification
  detection:
    applicable_to: [all]
    location:
    - ''
    comment: ''
    score_logbook:
    - date:
      score: -1
      comment: ''
  visibility:
    applicable_to: [all]
    comment: ''
    score_logbook:
    - date: 2019-03-01
      score: 1
      comment: ''
      auto_generated: true
- technique_id: T1220
  technique_name: XSL Script Processing
  visibility:
    applicable_to: [all]
    comment: ''
    score_logbook:
    - date: 2019-03-01
      score: 1
      comment: old
    - date: 2019-07-30
      score: 2
      comment: 'New data source: Process use of network'
- technique_id: T1171
  technique_name: LLMNR/NBT-NS Poisoning
  detection:
  - applicable_to: [client endpoints]
    location: [Third party product A]
    comment: |
      spans
      lines
    score_logbook:
    - date: 2017-01-01
      score: 2
      comment: ''
  visibility:
  - applicable_to: [client endpoints]
    comment: ''
    score_logbook:
    - date: 2019-03-01
      score: 2
      comment: ''
  - applicable_to: [servers]
    comment: |
      servers see more
    score_logbook:
    - date: 2019-03-01
      score: 3
      comment: ''
`;

// The structure of DeTT&CT's sample-data/data-sources-endpoints.yaml (version 1.0, with the YAML directive).
const DATA_SOURCES_V10 = `%YAML 1.2
---
version: 1.0
file_type: data-source-administration
name: endpoints-example
platform: Windows
data_sources:
    - data_source_name: Process monitoring
      date_registered: 2019-03-01
      date_connected: 2017-01-01
      products: [Windows event log]
      available_for_data_analytics: True
      comment: ''
      data_quality:
          device_completeness: 5
          data_field_completeness: 4
          timeliness: 5
          consistency: 5
          retention: 4
    - data_source_name: Netflow/Enclave netflow
      date_registered:
      date_connected:
      products: []
      available_for_data_analytics: False
      comment: ''
      data_quality:
          device_completeness: 0
          data_field_completeness: 0
          timeliness: 0
          consistency: 0
          retention: 0
exceptions:
`;

const DATA_SOURCES_V11 = `version: 1.1
file_type: data-source-administration
name: split by system
platform: [Linux]
data_sources:
- data_source_name: Network Traffic Flow
  data_source:
  - applicable_to: [dmz]
    date_registered: 2024-01-01
    date_connected: 2024-01-01
    products: [nfdump]
    available_for_data_analytics: true
    comment: ''
    data_quality:
      device_completeness: 2
      data_field_completeness: 3
      timeliness: 3
      consistency: 3
      retention: 2
  - applicable_to: [all]
    date_registered:
    date_connected:
    products: [None]
    available_for_data_analytics: false
    comment: ''
    data_quality:
      device_completeness: 0
      data_field_completeness: 0
      timeliness: 0
      consistency: 0
      retention: 0
`;

describe('readDettectYaml — technique administration', () => {
  it('reads the newest score of each logbook and the highest over applicable_to entries', () => {
    expect(readDettectYaml(TECHNIQUES)).toEqual({
      kind: 'techniques',
      techniques: [
        { technique: 'T1171', expected: 3, comment: 'servers see more\n' },
        { technique: 'T1220', expected: 2, comment: 'New data source: Process use of network' },
        { technique: 'T1222', expected: 1, comment: '' },
      ],
    });
  });

  it('is what readBaseline picks for YAML, while a JSON object stays a Navigator layer', () => {
    expect(readBaseline(TECHNIQUES).format).toBe('dettect-techniques');
    expect(readBaseline(DATA_SOURCES_V10).format).toBe('dettect-data-sources');
    expect(readBaseline(JSON.stringify({ versions: { layer: '4.5' }, techniques: [] })).format).toBe('navigator-layer');
  });

  it('reads back the measured export with the same rules (round trip)', () => {
    const measured: TechniqueVisibility[] = [
      { technique: 'T1071.001', stage: 'c2', activities: 3, networkOnly: 2, logsOnly: 0, both: 1, visibility: 3 },
      { technique: 'T1059.004', stage: 'installation', activities: 2, networkOnly: 0, logsOnly: 0, both: 0, visibility: 0 },
      { technique: 'T1110.001', stage: 'exploitation', activities: 5, networkOnly: 1, logsOnly: 3, both: 1, visibility: 4 },
    ];
    const yaml = buildDettectVisibilityYaml({ name: "O'Brien: lab #2\n- technique_id: T9999", date: new Date('2026-03-02T10:00:00Z'), techniques: measured });
    const back = readDettectYaml(yaml);
    expect(back.kind).toBe('techniques');
    expect(back.kind === 'techniques' && back.techniques.map((t) => [t.technique, t.expected])).toEqual([
      ['T1059.004', 0],
      ['T1071.001', 3],
      ['T1110.001', 4],
    ]);
    expect(readDettectYaml(buildDettectVisibilityYaml({ name: 'empty', date: new Date(), techniques: [] }))).toEqual({ kind: 'techniques', techniques: [] });
  });
});

describe('readDettectYaml — data-source administration', () => {
  it('reads version 1.0 entries: available when flagged or any quality above 0, quality the mean of the five dimensions', () => {
    expect(readDettectYaml(DATA_SOURCES_V10)).toEqual({
      kind: 'data-sources',
      dataSources: [
        { name: 'Netflow/Enclave netflow', available: false, quality: 0, products: [] },
        { name: 'Process monitoring', available: true, quality: 4.6, products: ['Windows event log'] },
      ],
    });
  });

  it('reads version 1.1+ entries with a data_source list per applicable_to, keeping the best', () => {
    expect(readDettectYaml(DATA_SOURCES_V11)).toEqual({
      kind: 'data-sources',
      dataSources: [{ name: 'Network Traffic Flow', available: true, quality: 2.6, products: ['nfdump'] }],
    });
  });
});

describe('readDettectYaml — bad and hostile files', () => {
  const scoreLine = (score: string) =>
    TECHNIQUES.replace("      score: 2\n      comment: 'New data source", `      score: ${score}\n      comment: 'New data source`);
  it.each([
    ['a score of the wrong type', scoreLine("'2'"), `line ${lineOf(TECHNIQUES, 'score: 2', 'T1220')}: techniques.1.visibility.0.score_logbook.1.score: `],
    ['a visibility score above 4', scoreLine('5'), `line ${lineOf(TECHNIQUES, 'score: 2', 'T1220')}: techniques.1.visibility.0.score_logbook.1.score: Too big`],
    [
      'a fractional score',
      scoreLine('2.5'),
      `line ${lineOf(TECHNIQUES, 'score: 2', 'T1220')}: techniques.1.visibility.0.score_logbook.1.score: a score is a whole number`,
    ],
    [
      'a technique id that is not ATT&CK',
      TECHNIQUES.replace('technique_id: T1220', 'technique_id: X1220'),
      `line ${lineOf(TECHNIQUES, 'T1220')}: techniques.1.technique_id: not an ATT&CK technique id`,
    ],
    [
      'a logbook that is a string',
      TECHNIQUES.replace(
        "    score_logbook:\n    - date: 2019-03-01\n      score: 1\n      comment: ''\n      auto_generated: true\n",
        '    score_logbook: often\n',
      ),
      `line ${lineOf(TECHNIQUES, 'score_logbook', 'visibility')}: techniques.0.visibility.0.score_logbook: `,
    ],
    [
      'a data quality out of range',
      DATA_SOURCES_V10.replace('timeliness: 5', 'timeliness: 9'),
      `line ${lineOf(DATA_SOURCES_V10, 'timeliness')}: data_sources.0.data_source.0.data_quality.timeliness: Too big`,
    ],
    ['not YAML', 'version: 1.2\nfile_type: technique-administration\ntechniques: [\n  - a\n', /^line \d+: not YAML/],
    [
      'a duplicated key',
      'version: 1.2\nfile_type: technique-administration\nfile_type: technique-administration\ntechniques: []\n',
      /^line 3: not YAML.*[Mm]ap keys must be unique/,
    ],
    ['a foreign YAML file', 'apiVersion: v1\nkind: Pod\nfile_type: group-administration\n', /^line 3: not a DeTT&CT administration file/],
    ['a YAML list', '- a\n- b\n', /^line 1: not a DeTT&CT administration file/],
    [
      'deeply nested flow collections',
      `version: 1.2\nfile_type: technique-administration\ntechniques: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      /^line 3: nested more than 12 levels deep/,
    ],
    [
      'deeply nested block collections',
      `version: 1.2\nfile_type: technique-administration\nx:\n${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i * 2)}- k${i}:`).join('\n')}\n`,
      /^line \d+: nested more than 12 levels deep/,
    ],
  ])('refuses %s with its line', (_what, text, message) => {
    const got = refusal(text).message;
    if (typeof message === 'string') expect(got.startsWith(message), got).toBe(true);
    else expect(got).toMatch(message);
  });

  it('refuses an alias bomb before expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ];
    expect(refusal(`${bomb.join('\n')}\n`).message).toBe('too many alias expansions (more than 50)');
  });

  it('refuses a file larger than the limit before parsing it', () => {
    const e = refusal(`version: 1.2\nfile_type: technique-administration\n# ${'x'.repeat(MAX_BASELINE_BYTES)}\ntechniques: []\n`);
    expect(e.message).toBe('file is larger than 2 MB');
    expect(e.line).toBeNull();
  });

  it('refuses more techniques than the limit', () => {
    const entry = (i: number) =>
      `- technique_id: T${String(1000 + (i % 9000)).padStart(4, '0')}\n  visibility:\n    applicable_to: [all]\n    score_logbook: [{date: 2020-01-01, score: 1}]\n`;
    const text = `version: 1.2\nfile_type: technique-administration\ntechniques:\n${Array.from({ length: 5001 }, (_, i) => entry(i)).join('')}`;
    expect(refusal(text).message).toMatch(/^line 4: techniques: .*5000/);
  });
});
