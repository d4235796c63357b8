// The analysis step: resolve hosts → detect (per source) → correlate → blind spots. One transaction: readers see the previous result until the new one is
// complete, and a crash leaves the previous result intact. Idempotent: re-running after a
// settings change gives the same result as a first run.

import type pg from 'pg';
import { findBlindSpots } from '../correlate/blind-spots';
import { correlate } from '../correlate/correlate';
import { getPool } from '../db/client';
import { detectors, thresholdsFor } from '../detect/registry';
import { buildLogPasses, buildNetworkPasses, type SharedPasses } from '../detect/shared-passes';
import type { Detector } from '../detect/types';
import { resolveHosts } from '../hosts/host-rows';
import { partitionName } from '../ingest/partitions';
import { PipelineError } from '../records/failure';
import { buildAddressPeers } from '../records/rollups';
import { readSettings } from '../settings';
import { HOLD_ASSESSMENT, TAKE_ANALYSIS_LOCK } from './analysis-lock';
import { type DetectBeside, runsBeside, startDetectingBeside } from './detect-beside';
import { readAssessmentSettings, readAssessmentStatus, setAssessmentState, uploadStatusesOf } from './state';

/** Formats whose timestamps are aggregation windows, not event times. */
export const COARSE_TIME_FORMATS = ['vpc-flow'];

export interface AnalyzeResult {
  detections: number;
  activities: number;
  blindSpots: number;
  timings: Record<string, number>;
}

/**
 * Where an analysis spent its time, one line: each stage in order, and the slowest detectors
 * inside "detect" (e.g. "statistics 2.8 s, …, detect 21 s (network.beaconing 7.4 s, …; beside 19.7 s),
 * correlate 4.6 s"), "beside" being the second connection's part of it (detect-beside.ts).
 */
export function describeTimings(timings: Record<string, number>, slowest = 3): string {
  const s = (ms: number) => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);
  const detectors = Object.entries(timings)
    // detect:<source>.<name>, not the shared passes or the side's totals.
    .filter(([k]) => /^detect:(network|logs)\./.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, slowest)
    .map(([k, ms]) => `${k.slice('detect:'.length)} ${s(ms)}`);
  const beside = timings['detect:beside'];
  const gaveWay = timings['detect:beside-gave-way'];
  const besideText = gaveWay !== undefined ? `; beside gave way to a lock, ${s(gaveWay)} here` : beside !== undefined ? `; beside ${s(beside)}` : '';
  const inside = `${detectors.join(', ')}${besideText}`;
  return Object.entries(timings)
    .filter(([k]) => !k.startsWith('detect:'))
    .map(([k, ms]) => (k === 'detect' && detectors.length ? `${k} ${s(ms)} (${inside})` : `${k} ${s(ms)}`))
    .join(', ');
}

/** Runs `a` on `client` and `b` at the same time on another connection of the pool; settles when both have, with the first error. */
async function onTwoConnections(client: pg.PoolClient, a: (c: pg.PoolClient) => Promise<void>, b: (c: pg.PoolClient) => Promise<void>): Promise<void> {
  const other = await getPool().connect();
  try {
    const results = await Promise.allSettled([a(client), b(other)]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  } finally {
    other.release();
  }
}

/**
 * Runs the analysis in one transaction. `onStage` is called (and awaited) as each stage begins.
 * Between stages and between detectors the analysis looks at the assessment's status: when it is
 * being deleted (`cancelling`, or gone) it rolls back with PipelineError('cancelled'); a
 * statement running at that moment is cancelled by the delete itself.
 */
export async function analyzeAssessment(assessmentId: string, onStage?: (stage: string) => void | Promise<void>): Promise<AnalyzeResult> {
  const settings = readSettings(await readAssessmentSettings(assessmentId));
  const client = await getPool().connect();
  const timings: Record<string, number> = {};
  // READ COMMITTED: each statement sees the status the delete committed.
  const stopIfCancelledOn = async (on: Pick<pg.PoolClient, 'query'>) => {
    const { rows } = await on.query<{ status: string }>('SELECT status FROM assessment WHERE id = $1', [assessmentId]);
    const status = rows[0]?.status;
    if (status === undefined || status === 'cancelling') throw new PipelineError('cancelled', '');
  };
  const stopIfCancelled = () => stopIfCancelledOn(client);
  let beside: DetectBeside | null = null;
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    await onStage?.(name);
    await stopIfCancelled();
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };
  try {
    // Fresh COPY loads have no planner statistics until autovacuum gets to them; without them
    // the detectors' joins get nested-loop plans that are orders of magnitude slower. Before the
    // transaction: ANALYZE holds its lock on a table until the transaction ends, and on the
    // rollup tables every assessment shares, an analysis of another assessment waited for the
    // whole of this one (15 min at 10 M flows).
    // Only this assessment's partitions: ANALYZE on the parents would sample every assessment's
    // rows, its cost growing with the database. The flow tables here and the log tables on a
    // second connection, one core each (the week's 1.4 s → 0.9 s).
    await timed('statistics', () =>
      onTwoConnections(
        client,
        async (c) => {
          await c.query(`ANALYZE ${partitionName('flow', assessmentId)}`);
          await c.query(`ANALYZE ${partitionName('dns_query', assessmentId)}`);
          await c.query('ANALYZE flow_address_rollup, flow_minute_rollup');
        },
        async (c) => {
          await c.query(`ANALYZE ${partitionName('log_event', assessmentId)}`);
          await c.query('ANALYZE log_rollup');
        },
      ),
    );
    await client.query('BEGIN');
    // A delete waits for this transaction to roll back (analysis-lock.ts).
    if ((await client.query(HOLD_ASSESSMENT, [assessmentId])).rowCount === 0) throw new PipelineError('cancelled', '');
    // One analysis per assessment at a time; a second waits rather than interleaving.
    await client.query(TAKE_ANALYSIS_LOCK, [assessmentId]);
    // The second connection starts now (detect-beside.ts): the address page's peer counts first
    // (once per set of uploads, kept across re-analyses; only the address page reads them), then
    // the detectors that read only stored records. None of it reads what this transaction writes.
    const side = startDetectingBeside({
      assessmentId,
      settings,
      detectors: detectors.filter(runsBeside),
      stopIfCancelled: stopIfCancelledOn,
      first: { name: 'address-peers', run: (c) => buildAddressPeers(c, assessmentId) },
    });
    beside = side;
    await timed('hosts', () => resolveHosts(client, assessmentId));
    await client.query('DELETE FROM detection WHERE assessment_id = $1', [assessmentId]);
    // The pairs detectors quieted as routine (lateral-movement writes them beside its detections).
    await client.query('DELETE FROM quieted_pair WHERE assessment_id = $1', [assessmentId]);
    let detections = 0;
    // The detectors are CTE pipelines whose joins PostgreSQL cannot estimate (a CTE has no
    // statistics: a 3-column join comes out as "1 row"), so it picks nested loops over CTE
    // scans, quadratic in the data (bench/detect-scale.ts measures both plans). Hash and merge
    // joins keep every detector linear; the setting ends with the detect stage (correlation's
    // probes want index nested loops).
    await client.query('SET LOCAL enable_nestloop = off');
    await timed('detect', async () => {
      // Two connections at once, one per core: the detectors that read only the stored records
      // on the second one (started above), the rest here. Each builds the shared passes its
      // detectors read (shared-passes.ts) once: the stitched sessions and per-window volumes
      // here, the log events there.
      const shared: SharedPasses = await timed('detect:shared-passes', () => buildNetworkPasses(client, assessmentId, settings.internalRanges));
      for (const [table, ms] of Object.entries(shared.timings)) timings[`detect:shared:${table}`] = ms;
      const runHere = async (d: Detector, passes: SharedPasses) => {
        const t = thresholdsFor(d, settings);
        if (!t.enabled) return;
        await stopIfCancelled();
        const t0 = performance.now();
        detections += await d.run({ client, assessmentId, t, internalRanges: settings.internalRanges, shared: passes });
        timings[`detect:${d.id}`] = Math.round(performance.now() - t0);
      };
      for (const d of detectors) if (!runsBeside(d)) await runHere(d, shared);
      const t0 = performance.now();
      const written = await side.done;
      timings['detect:beside-wait'] = Math.round(performance.now() - t0);
      if (written !== null) {
        // The side's findings join this transaction's, after them.
        detections += await side.handOver(client);
        Object.assign(timings, side.timings);
        return;
      }
      // The side gave way to a lock (detect-beside.ts): its work is done here.
      await side.abandon();
      const t1 = performance.now();
      await timed('address-peers', () => buildAddressPeers(client, assessmentId));
      const logs = await buildLogPasses(client, assessmentId);
      for (const [table, ms] of Object.entries(logs.timings)) timings[`detect:shared:${table}`] = ms;
      for (const d of detectors) if (runsBeside(d)) await runHere(d, { ...shared, ...logs, timings: shared.timings });
      timings['detect:beside-gave-way'] = Math.round(performance.now() - t1);
    });
    await client.query('SET LOCAL enable_nestloop = on');
    // Sources with coarse time (AWS VPC flow logs aggregate over 1–10 min windows) widen the
    // tolerance for the whole assessment: their spans are only known to within that window.
    const coarse = await client.query(`SELECT 1 FROM source_file WHERE assessment_id = $1 AND format = ANY($2::text[]) AND records > 0 LIMIT 1`, [
      assessmentId,
      COARSE_TIME_FORMATS,
    ]);
    const toleranceSeconds = coarse.rowCount ? Math.max(settings.toleranceSeconds, settings.coarseToleranceSeconds) : settings.toleranceSeconds;
    const sessionSlackSeconds = coarse.rowCount ? toleranceSeconds : undefined;
    const activities = await timed('correlate', () => correlate(client, { assessmentId, toleranceSeconds, sessionSlackSeconds }));
    const blindSpots = await timed('blind-spots', () =>
      findBlindSpots(client, {
        assessmentId,
        internalRanges: settings.internalRanges,
        logGapSeconds: settings.logGapSeconds,
        flowGapSeconds: settings.flowGapSeconds,
      }),
    );
    await client.query(`UPDATE assessment SET analyzed_at = now(), updated_at = now() WHERE id = $1`, [assessmentId]);
    await client.query('COMMIT');
    // The pages read what this analysis wrote before autovacuum has looked at it: without
    // statistics a few hundred activities look like one row and joins with their evidence plan as
    // nested loops (getCostOfSeeing took 1.1 s instead of ~0.1 s at 140 k records). After the
    // commit, for the reason above (these tables too are every assessment's).
    const t0 = performance.now();
    await client.query('ANALYZE activity, activity_evidence, detection, blind_spot');
    timings['page-statistics'] = Math.round(performance.now() - t0);
    return { detections, activities, blindSpots, timings };
  } catch (err) {
    await (beside as DetectBeside | null)?.abandon();
    await client.query('ROLLBACK').catch(() => {});
    // query_canceled: a delete cancelled the running statement (lib/assessments/delete.ts).
    if ((err as { code?: string }).code === '57014') {
      const cancelled = await stopIfCancelled().then(
        () => null,
        (stop) => (stop instanceof PipelineError ? stop : null),
      );
      if (cancelled) throw cancelled;
    }
    throw err;
  } finally {
    // Not returned to the pool: a delete cancelling this analysis' backend must never reach a
    // later user of the same connection (the lock goes with the transaction, but a delete may
    // have read its holder just before).
    client.release(true);
  }
}

/**
 * The analysis as a job runs it: the assessment's status around `analyzeAssessment`. Returns its
 * result (with each stage's time), or null when no upload could be read or the assessment was deleted meanwhile.
 */
export async function runAnalyze(assessmentId: string): Promise<AnalyzeResult | null> {
  const uploads = await uploadStatusesOf(assessmentId);
  if (uploads.length > 0 && uploads.every((status) => status === 'failed')) {
    const failure = new PipelineError('no_upload_read', '');
    await setAssessmentState(assessmentId, { status: 'failed', stage: null, error: failure.message });
    return null;
  }
  // Never over a delete's 'cancelling' (the delete would then wait for the whole analysis).
  if (!(await setAssessmentState(assessmentId, { status: 'analyzing', stage: 'hosts', error: null }))) return null;
  try {
    const result = await analyzeAssessment(assessmentId, (stage) => {
      void setAssessmentState(assessmentId, { stage }).catch(() => {});
    });
    await setAssessmentState(assessmentId, { status: 'ready', stage: null });
    return result;
  } catch (err) {
    // Deleted while it ran (the delete cancelled it, or it stopped between stages): nothing to record.
    const now = await readAssessmentStatus(assessmentId);
    if (now === null || now === 'cancelling') return null;
    const failure = new PipelineError('analysis_crashed', err instanceof Error ? err.message : String(err));
    await setAssessmentState(assessmentId, { status: 'failed', stage: null, error: failure.message });
    throw err;
  }
}
