// Saving an assessment's settings; a re-run (lib/pipeline/start.ts) applies them to the stored records.
import { z } from 'zod';
import { parseCidr } from '../cidr';
import { getPrisma } from '../db/client';
import { detectors } from '../detect/registry';
import { readSettings, type Settings, ZSettings } from '../settings';

/** Validates a settings document; detector thresholds must name a known detector and threshold. */
export function validateSettings(input: unknown): Settings {
  const s = ZSettings.parse(input);
  for (const [id, values] of Object.entries(s.detectors)) {
    const d = detectors.find((x) => x.id === id);
    if (!d) throw new z.ZodError([{ code: 'custom', path: ['detectors', id], message: 'unknown detector', input: id }]);
    for (const [k, v] of Object.entries(values)) {
      const spec = k === 'enabled' ? { min: 0, max: 1 } : d.thresholds[k];
      if (!spec) throw new z.ZodError([{ code: 'custom', path: ['detectors', id, k], message: 'unknown threshold', input: k }]);
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
        throw new z.ZodError([{ code: 'custom', path: ['detectors', id, k], message: `must be between ${spec.min ?? '-∞'} and ${spec.max ?? '∞'}`, input: v }]);
      }
    }
  }
  for (const r of s.internalRanges) {
    // The regex lets `1.2.3.4/99` and `10.0.0.1/8` through; PostgreSQL's cidr refuses both.
    if (parseCidr(r) === undefined) throw new z.ZodError([{ code: 'custom', path: ['internalRanges'], message: `${r} is not a CIDR range`, input: r }]);
  }
  return s;
}

export async function saveSettings(assessmentId: string, input: unknown): Promise<Settings> {
  const settings = validateSettings(input);
  await getPrisma().assessment.update({ where: { id: assessmentId }, data: { settings: settings as object } });
  return settings;
}

export async function getSettings(assessmentId: string): Promise<Settings> {
  const a = await getPrisma().assessment.findUniqueOrThrow({ where: { id: assessmentId } });
  return readSettings(a.settings);
}
