import { describe, expect, it } from 'vitest';
import { sampleSnapshot } from '../../test/kits/report-snapshot';
import { buildNavigatorLayer, VISIBILITY_GRADIENT } from './navigator-layer';
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
