import { describe, expect, it } from 'vitest';
import { sampleSnapshot } from '../../test/kits/report-snapshot';
import { buildNavigatorLayer, VISIBILITY_COLORS } from './navigator-layer';
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
    ['T1046', VISIBILITY_COLORS.network, 2],
    ['T1110.001', VISIBILITY_COLORS.logs, 1],
    ['T1071', VISIBILITY_COLORS.both, 1],
    // Seen by each source in different activities: both sources can see this technique.
    ['T1105', VISIBILITY_COLORS.both, 2],
  ])('colours %s by visibility', (id, color, score) => {
    const t = layer.techniques.find((x) => x.techniqueID === id);
    expect(t).toMatchObject({ color, score, enabled: true, metadata: expect.any(Array), links: [] });
  });

  it('leaves out ids that are not ATT&CK techniques and lists a legend for each colour', () => {
    expect(layer.techniques.map((t) => t.techniqueID)).not.toContain('not-a-technique');
    expect(layer.legendItems.map((l) => l.color)).toEqual([VISIBILITY_COLORS.network, VISIBILITY_COLORS.logs, VISIBILITY_COLORS.both]);
    expect(layer.gradient.maxValue).toBe(2);
  });

  it('the schema rejects what Navigator would reject', () => {
    expect(ZNavigatorLayer.safeParse({ ...layer, versions: { ...layer.versions, layer: '4.4' } }).success).toBe(false);
    expect(ZNavigatorLayer.safeParse({ ...layer, techniques: [{ techniqueID: 'X1', color: 'red' }] }).success).toBe(false);
  });
});
