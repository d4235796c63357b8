// One detector's detections on one assessment, run as analyzeAssessment runs it (nested loops
// off), with or without the detect stage's shared passes; rolled back after. The two
// shared-pass tests (lib/detect/shared-passes*.test.ts) compare the two paths with it.
import { getPool } from '../../lib/db/client';
import { thresholdsFor } from '../../lib/detect/registry';
import { buildSharedPasses } from '../../lib/detect/shared-passes';
import type { Detector } from '../../lib/detect/types';
import { DEFAULT_INTERNAL_RANGES, readSettings } from '../../lib/settings';

export async function detectionsOf(d: Detector, assessmentId: string, overrides: Record<string, Record<string, number>>, shared: boolean): Promise<unknown[]> {
  const client = await getPool().connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_nestloop = off');
    // An analysed assessment's own detections are not the run's.
    await client.query('DELETE FROM detection WHERE assessment_id = $1', [assessmentId]);
    const settings = readSettings({ detectors: overrides });
    const passes = shared ? await buildSharedPasses(client, assessmentId, DEFAULT_INTERNAL_RANGES) : undefined;
    await d.run({ client, assessmentId, t: thresholdsFor(d, settings), internalRanges: DEFAULT_INTERNAL_RANGES, shared: passes });
    const { rows } = await client.query(
      `SELECT detector, technique, host_ip::text AS host_ip, host_name AS host, peer::text AS peer, start_ts, end_ts, score, severity, summary,
              evidence_ids::text AS evidence
       FROM detection WHERE assessment_id = $1
       ORDER BY detector, technique, host_ip, host_name, peer, start_ts, end_ts, summary, evidence_ids::text`,
      [assessmentId],
    );
    return rows;
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}
