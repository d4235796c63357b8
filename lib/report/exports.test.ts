// The report's file exports on one score scale: the JSON carries each technique's DeTT&CT 0–4
// visibility, as the CSV and the Navigator layer do, and no detector confidence.
import { describe, expect, it } from 'vitest';
import { sampleSnapshot } from '../../test/kits/report-snapshot';
import { EXPORT_FORMATS, exportFile } from './exports';
import { buildNavigatorLayer } from './navigator-layer';

const report = { title: 'Q1 review', summary: 'What each source saw.', snapshot: sampleSnapshot() };

describe('report exports', () => {
  it('JSON: every activity on the 0–4 scale of its technique, equal to the Navigator score, no 0–1 score', () => {
    const doc = JSON.parse(String(exportFile('json', report).body));
    const layer = buildNavigatorLayer(report.snapshot, report.title);
    expect(doc.title).toBe('Q1 review');
    expect(doc.scoreScale).toMatch(/0–4/);
    expect(doc.activities).toHaveLength(report.snapshot.activities.length);
    for (const a of doc.activities) {
      expect(a).not.toHaveProperty('score');
      expect(a.techniqueVisibility).toBeGreaterThanOrEqual(0);
      expect(a.techniqueVisibility).toBeLessThanOrEqual(4);
      const t = layer.techniques.find((x) => x.techniqueID === a.technique);
      if (t) expect(a.techniqueVisibility, a.technique).toBe(t.score);
    }
  });

  it('one Navigator layer per source, named by it', () => {
    expect(EXPORT_FORMATS).toEqual(expect.arrayContaining(['navigator', 'navigator-network', 'navigator-logs']));
    for (const source of ['network', 'logs'] as const) {
      const f = exportFile(`navigator-${source}`, report);
      expect(f.filename).toBe(`q1-review-attack-navigator-layer-${source}.json`);
      expect(JSON.parse(String(f.body)).name).toBe(`Q1 review — ${source}`);
    }
  });
});
