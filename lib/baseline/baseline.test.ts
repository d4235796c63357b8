import { describe, expect, it } from 'vitest';
import type { TechniqueVisibility } from '../queries/get-technique-visibility';
import { compareBaseline } from './compare-baseline';
import { BaselineError, MAX_BASELINE_BYTES, readNavigatorLayer } from './read-navigator-layer';

const layer = (techniques: unknown[], version = '4.5') =>
  JSON.stringify({ name: 'what we believe', versions: { attack: '18', navigator: '5.1.0', layer: version }, domain: 'enterprise-attack', techniques }, null, 2);

function refusal(text: string): BaselineError {
  try {
    readNavigatorLayer(text);
  } catch (err) {
    if (err instanceof BaselineError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('readNavigatorLayer', () => {
  it('reads each scored technique once, the highest score across tactics, unscored and disabled left out', () => {
    const text = layer([
      { techniqueID: 'T1071.001', tactic: 'command-and-control', score: 3, comment: 'proxy logs' },
      { techniqueID: 'T1046', tactic: 'discovery', score: 1 },
      { techniqueID: 'T1046', tactic: 'reconnaissance', score: 4 },
      { techniqueID: 'T1110', score: 2, enabled: false },
      { techniqueID: 'T1059.004', color: '#ff0000' },
    ]);
    expect(readNavigatorLayer(text)).toEqual([
      { technique: 'T1046', expected: 4, comment: '' },
      { technique: 'T1071.001', expected: 3, comment: 'proxy logs' },
    ]);
  });

  it.each([
    [
      'a score of the wrong type, with its line',
      layer([
        { techniqueID: 'T1046', score: 1 },
        { techniqueID: 'T1071', score: '3' },
      ]),
      /^line 15: techniques\.1\.score: /,
    ],
    ['a score outside 0–4', layer([{ techniqueID: 'T1046', score: 9 }]), /^line 11: techniques\.0\.score: /],
    ['a technique id that is not ATT&CK', layer([{ techniqueID: 'DROP TABLE', score: 1 }]), /^line 11: techniques\.0\.techniqueID: not an ATT&CK technique id/],
    ['layer format 3', layer([], '3.0'), /versions\.layer: layer format must be 4\.x/],
    [
      'a DeTT&CT file given as JSON',
      JSON.stringify({ version: 1.2, file_type: 'technique-administration', techniques: [] }),
      /^line 1: not an ATT&CK Navigator layer/,
    ],
    ['broken JSON, with its line', '{\n  "versions": {"layer": "4.5"},\n  "techniques": [\n    {"techniqueID": "T1046",, }\n  ]\n}', /^line 4: not JSON/],
    ['deep nesting', `{"versions":{"layer":"4.5"},"techniques":[],"x":${'['.repeat(5000)}${']'.repeat(5000)}}`, /^line 1: nested more than 12 levels deep/],
    ['a huge file', `{"versions":{"layer":"4.5"},"techniques":[],"pad":"${'x'.repeat(MAX_BASELINE_BYTES)}"}`, /larger than 2 MB/],
    ['too many techniques', layer(Array.from({ length: 5001 }, () => ({ techniqueID: 'T1046', score: 1 }))), /techniques: /],
    ['an array instead of a layer', '[1, 2, 3]', /not an ATT&CK Navigator layer/],
  ])('refuses %s', (_, text, reason) => {
    expect(refusal(text).message).toMatch(reason);
  });
});

describe('compareBaseline', () => {
  const measured = (technique: string, p: Partial<TechniqueVisibility>): TechniqueVisibility => ({
    technique,
    stage: 'c2',
    activities: 0,
    networkOnly: 0,
    logsOnly: 0,
    both: 0,
    visibility: 0,
    ...p,
  });

  it('sets expected beside measured per technique, with the reason from the data', () => {
    const rows = compareBaseline(
      [
        { technique: 'T1071.001', expected: 3, comment: '' },
        { technique: 'T1046', expected: 2, comment: '' },
      ],
      [measured('T1046', { stage: 'recon', activities: 2, networkOnly: 2, visibility: 2 }), measured('T1105', { activities: 4, both: 4, visibility: 4 })],
    );
    expect(rows).toEqual([
      {
        technique: 'T1046',
        expected: 2,
        measured: 2,
        activities: 2,
        networkSeen: 2,
        logsSeen: 0,
        gap: 'met',
        reason: 'you score visibility 2; measured 2 — 2 activities: network saw 2, logs saw 0',
      },
      {
        technique: 'T1071.001',
        expected: 3,
        measured: 0,
        activities: 0,
        networkSeen: 0,
        logsSeen: 0,
        gap: 'over',
        reason: 'you score visibility 3; measured 0 — no activity of this technique in this data',
      },
      {
        technique: 'T1105',
        expected: null,
        measured: 4,
        activities: 4,
        networkSeen: 4,
        logsSeen: 4,
        gap: 'unscored',
        reason: 'not in your baseline; measured 4 — 4 activities: network saw 4, logs saw 4',
      },
    ]);
  });
});
