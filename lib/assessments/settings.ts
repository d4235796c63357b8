// Saving settings and host mappings; a re-run applies them to the stored records.
import { z } from 'zod';
import { parseCidr } from '../cidr';
import { getPool, getPrisma } from '../db/client';
import { detectors } from '../detect/registry';
import { enqueueAnalyze } from '../jobs/queue';
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

/** Re-runs hosts → detect → correlate → blind spots from stored records (no re-upload). */
export async function rerunAnalysis(assessmentId: string): Promise<void> {
  await getPrisma().assessment.update({ where: { id: assessmentId }, data: { status: 'analyzing', stage: 'queued', error: null } });
  await enqueueAnalyze(assessmentId);
}

/** A manual mapping: name ↔ address, highest confidence; kept across re-runs. */
export async function mapHostManually(assessmentId: string, name: string, ip: string): Promise<void> {
  const pool = getPool();
  const host = await pool.query<{ id: string }>(
    `INSERT INTO host (id, assessment_id, name, source) VALUES (gen_random_uuid(), $1, $2, 'manual')
     ON CONFLICT (assessment_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [assessmentId, name],
  );
  await pool.query(
    `INSERT INTO host_address (assessment_id, host_id, ip, source, confidence) VALUES ($1, $2, $3, 'manual', 1)
     ON CONFLICT (assessment_id, host_id, ip) DO UPDATE SET source = 'manual', confidence = 1`,
    [assessmentId, host.rows[0]?.id, ip],
  );
}

export async function unmapHost(assessmentId: string, name: string, ip: string): Promise<number> {
  const r = await getPool().query(`DELETE FROM host_address ha USING host h WHERE ha.host_id = h.id AND h.assessment_id = $1 AND h.name = $2 AND ha.ip = $3`, [
    assessmentId,
    name,
    ip,
  ]);
  return r.rowCount ?? 0;
}
