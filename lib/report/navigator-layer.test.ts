import { describe, expect, it } from 'vitest';
import { sampleSnapshot } from '../../test/kits/report-snapshot';
import { buildNavigatorLayer, buildSourceLayer, SOURCE_LAYER_EXPRESSIONS, VISIBILITY_GRADIENT } from './navigator-layer';
import { ZNavigatorLayer } from './navigator-layer-format';

describe('ATT&CK Navigator layer', () => {
  const layer = buildNavigatorLayer(sampleSnapshot(), 'Q1 review');

  it('matches the layer format 4.5 (strict schema: no unknown fields)', () => {
    expect(() => ZNavigatorLayer.parse(layer)).not.toThrow();
    expect(layer.versions).toEqual({ attack: '18.1', navigator: '5.1', layer: '4.5' });
    expect(layer.domain).toBe('enterprise-attack');
  });

  it('survives a JSON round trip unchanged (what Navigator imports)', () => {
    expect(ZNavigatorLayer.parse(JSON.parse(JSON.stringify(layer)))).toEqual(layer);
  });

  it.each([
    ['T1046', 2], // the network every time, the logs never: one source of two
    ['T1110.001', 2],
    ['T1071', 4], // both sources held it
    ['T1105', 2], // each source in a different activity: half the pairs
  ])('scores %s on the DeTT&CT 0–4 visibility scale', (id, score) => {
    const t = layer.techniques.find((x) => x.techniqueID === id);
    expect(t).toMatchObject({ score, enabled: true, metadata: expect.any(Array), links: [] });
    expect(t?.comment).toMatch(new RegExp(`^visibility ${score}/4`));
  });

  it('leaves out ids that are not ATT&CK techniques and lists a legend for each colour', () => {
    expect(layer.techniques.map((t) => t.techniqueID)).not.toContain('not-a-technique');
    expect(layer.legendItems.map((l) => l.color)).toEqual([...VISIBILITY_GRADIENT]);
    expect(layer.gradient).toEqual({ colors: [...VISIBILITY_GRADIENT], minValue: 0, maxValue: 4 });
  });

  it('the schema rejects what Navigator would reject', () => {
    expect(ZNavigatorLayer.safeParse({ ...layer, versions: { ...layer.versions, layer: '4.4' } }).success).toBe(false);
    expect(ZNavigatorLayer.safeParse({ ...layer, techniques: [{ techniqueID: 'X1', color: 'red' }] }).success).toBe(false);
  });
});

describe('one Navigator layer per source', () => {
  const snap = sampleSnapshot();
  const combined = buildNavigatorLayer(snap, 'Q1 review');
  const network = buildSourceLayer(snap, 'Q1 review', 'network');
  const logs = buildSourceLayer(snap, 'Q1 review', 'logs');

  it('are valid layers of the same techniques on the 0–4 gradient', () => {
    for (const l of [network, logs]) {
      expect(() => ZNavigatorLayer.parse(l)).not.toThrow();
      expect(l.gradient).toEqual({ colors: [...VISIBILITY_GRADIENT], minValue: 0, maxValue: 4 });
      expect(l.techniques.map((t) => t.techniqueID)).toEqual(combined.techniques.map((t) => t.techniqueID));
    }
    expect(network.name).toBe('Q1 review — network');
  });

  it.each([
    ['T1046', 4, 0], // the network in both activities, the logs in neither
    ['T1110.001', 0, 4],
    ['T1071', 4, 4],
    ['T1105', 2, 2], // each source in one of two activities
  ])('scores %s per source (network %i, logs %i)', (id, n, l) => {
    expect(network.techniques.find((t) => t.techniqueID === id)?.score).toBe(n);
    expect(logs.techniques.find((t) => t.techniqueID === id)?.score).toBe(l);
  });

  // Navigator's score expressions as far as these use them: comparisons with 0 joined by "and".
  const evaluate = (expr: string, a: number, b: number) =>
    expr.split(' and ').every((term) => {
      const m = /^([ab])(>|==)0$/.exec(term);
      if (!m) throw new Error(`unexpected term ${term}`);
      const v = m[1] === 'a' ? a : b;
      return m[2] === '>' ? v > 0 : v === 0;
    });

  it("Navigator's layer arithmetic over the two gives back network only, logs only and both", () => {
    for (const t of combined.techniques) {
      const a = network.techniques.find((x) => x.techniqueID === t.techniqueID)?.score ?? Number.NaN;
      const b = logs.techniques.find((x) => x.techniqueID === t.techniqueID)?.score ?? Number.NaN;
      const seenBy = t.metadata.find((m) => 'name' in m && m.name === 'seen by');
      const expected = seenBy && 'value' in seenBy ? seenBy.value.replace('network and logs', 'both') : '';
      const classes = Object.entries(SOURCE_LAYER_EXPRESSIONS)
        .filter(([, e]) => evaluate(e, a, b))
        .map(([k]) => k);
      expect(classes, t.techniqueID).toEqual([expected]);
    }
    expect(network.description).toContain('a>0 and b==0');
  });
});
