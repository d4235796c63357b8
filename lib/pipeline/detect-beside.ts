// Detectors beside the others (issue 17). Each detector is one statement, i.e. one PostgreSQL
// backend on one core, and the analysis's connection ran them one after another: on two cores,
// half the machine idled through the detect stage. The detectors that read only the stored
// records (Detector.runsOn: the log detectors and the network detectors that do not read the
// shared passes) now run on a second connection while the analysis's connection runs the rest;
// neither reads what the other writes.
//
// The side cannot write into `detection` itself: the analysis is one transaction (readers see
// the previous result until the new one is complete), and a second connection's writes would be
// another transaction's. So the side writes its findings into a temporary table of its own, and
// once its own detectors are done the analysis copies them into `detection` inside its
// transaction (COPY TO piped into COPY FROM, binary, in the order they were written). For the
// same reason a detector that reads what the analysis wrote and has not committed (the resolved
// hosts) runs on the analysis's connection. Before its detectors the side may do one piece of
// work whose rows stand without the analysis's result (the address page's peer counts, derived
// from the stored flows alone); the side commits it after the hand-over, and rolls it back when
// abandoned.
//
// Giving way: the side never waits long for a lock. The analysis waits for the side in Node,
// where PostgreSQL's deadlock detector cannot see it, so a side waiting for a lock that a third
// transaction holds or awaits, while that transaction waits for the analysis, would hang all
// three. It happens: an upload of another assessment attaching its partition waits for every
// running analysis (their scans of `log_event` lock each assessment's default partition) and
// queues ahead of the side's next read (three `sightline analyze` at once, test/shared-server.test.ts).
// So the side's statements run with a lock timeout; when one expires the side gives way
// (`done` is null) and the analysis does the side's work itself, on its own connection, where
// any wait is one PostgreSQL sees. Same findings, one core.
//
// Cancelling: the side holds the analysis's second lock (analysis-lock.ts), so a delete finds its
// backend and cancels its statement as it does the analysis's; the side also looks at the
// assessment's status between detectors. An analysis that fails abandons its side (cancel,
// ROLLBACK, connection closed) before rolling back.
//
// An analysis so holds two of the pool's connections (lib/db/client.ts: ten; the job worker
// runs two jobs at a time, lib/pipeline/jobs.ts).
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { getPool } from '../db/client';
import { DETECTION_COLUMNS } from '../detect/insert-detections';
import { thresholdsFor } from '../detect/registry';
import { buildLogPasses } from '../detect/shared-passes';
import type { Detector } from '../detect/types';
import type { Settings } from '../settings';
import { TAKE_SIDE_LOCK } from './analysis-lock';

/** How long a statement of the side waits for a lock before the side gives way. */
const LOCK_TIMEOUT = '1s';

/** The side's findings, until the analysis copies them into `detection`. */
const SIDE_TABLE = 'pg_temp.beside_detection';

export interface DetectBeside {
  /**
   * Settles when every side detector has written its findings: their count; null when the side
   * gave way to a lock (the caller then ends it with abandon and does its work itself); or the side's error.
   */
  readonly done: Promise<number | null>;
  /** Milliseconds of the side's pass and of each of its detectors (`detect:…` keys, as the analysis names its own). */
  readonly timings: Record<string, number>;
  /** Copies the side's findings into `detection` through the analysis's connection and ends the side; returns how many. */
  handOver(client: pg.PoolClient): Promise<number>;
  /** Cancels what the side is running, rolls it back and closes its connection; never throws. */
  abandon(): Promise<void>;
}

export interface DetectBesideOptions {
  assessmentId: string;
  settings: Settings;
  /** The detectors to run on the side, in order (the enabled ones run). */
  detectors: readonly Detector[];
  /**
   * Work the side does before its detectors, in its transaction, committed once the analysis has
   * taken the findings (so only for rows that stand without the analysis's result, and read by
   * nothing the analysis runs): its time goes into `timings` under `name`.
   */
  first?: { name: string; run: (client: pg.PoolClient) => Promise<void> };
  /** Throws when the assessment is being deleted (looked at between detectors, on the side's connection). */
  stopIfCancelled: (client: pg.PoolClient) => Promise<void>;
}

/** Whether the analysis runs a detector on the side (Detector.runsOn; unset: log detectors do, network detectors do not). */
export function runsBeside(d: Detector): boolean {
  return (d.runsOn ?? (d.source === 'logs' ? 'beside' : 'analysis')) === 'beside';
}

/** Starts the side on a connection of its own; the caller must end it with handOver or abandon. */
export function startDetectingBeside(o: DetectBesideOptions): DetectBeside {
  const timings: Record<string, number> = {};
  let client: pg.PoolClient | null = null;
  let pid: number | null = null;
  let ended = false;
  const work = async (): Promise<number> => {
    client = await getPool().connect();
    if (ended) throw new Error('abandoned');
    const c = client;
    pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? null;
    await c.query('BEGIN');
    await c.query(TAKE_SIDE_LOCK, [o.assessmentId]);
    await c.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    // As on the analysis's connection (analyze.ts): hash and merge joins keep the detectors linear.
    await c.query('SET LOCAL enable_nestloop = off');
    await c.query(`CREATE TEMP TABLE ${SIDE_TABLE.slice('pg_temp.'.length)} (LIKE detection INCLUDING DEFAULTS) ON COMMIT DROP`);
    const t0 = performance.now();
    if (o.first) {
      await o.first.run(c);
      timings[o.first.name] = Math.round(performance.now() - t0);
    }
    // The log detectors' shared pass, built where they run; the network detectors here read the flow rows.
    const passes = o.detectors.some((d) => d.source === 'logs') ? await buildLogPasses(c, o.assessmentId) : { timings: {} };
    for (const [table, ms] of Object.entries(passes.timings)) timings[`detect:shared:${table}`] = ms;
    let written = 0;
    for (const d of o.detectors) {
      const t = thresholdsFor(d, o.settings);
      if (!t.enabled) continue;
      if (ended) throw new Error('abandoned');
      await o.stopIfCancelled(c);
      const t1 = performance.now();
      written += await d.run({ client: c, assessmentId: o.assessmentId, t, internalRanges: o.settings.internalRanges, shared: passes, into: SIDE_TABLE });
      timings[`detect:${d.id}`] = Math.round(performance.now() - t1);
    }
    timings['detect:beside'] = Math.round(performance.now() - t0);
    return written;
  };
  const done = work().catch((err: unknown) => {
    // 55P03 lock_not_available: a lock wait ran past LOCK_TIMEOUT.
    if ((err as { code?: string }).code === '55P03' && !ended) return null;
    throw err;
  });
  // Awaited by handOver, or settled by abandon; never an unhandled rejection meanwhile.
  done.catch(() => {});

  const close = async (end: 'COMMIT' | 'ROLLBACK') => {
    if (!client) return;
    const c = client;
    client = null;
    // A COMMIT that fails loses only the `first` rows, which the next analysis makes again.
    await c.query(end).catch(() => {});
    // Not returned to the pool, as the analysis's own connection (analyze.ts): a delete may have
    // read this backend's pid just before, and must never cancel a later user of it.
    c.release(true);
  };

  return {
    done,
    timings,
    async handOver(analysis) {
      if ((await done) === null) throw new Error('the detectors beside gave way: nothing to hand over');
      const side = client;
      if (!side) throw new Error('the detectors beside ended before their hand-over');
      try {
        const into = analysis.query(copyFrom(`COPY detection (${DETECTION_COLUMNS}) FROM STDIN (FORMAT binary)`));
        await pipeline(side.query(copyTo(`COPY (SELECT ${DETECTION_COLUMNS} FROM ${SIDE_TABLE} ORDER BY id) TO STDOUT (FORMAT binary)`)), into);
        ended = true;
        await close('COMMIT');
        return into.rowCount;
      } finally {
        ended = true;
        await close('ROLLBACK');
      }
    },
    async abandon() {
      if (ended) return;
      ended = true;
      if (pid !== null)
        await getPool()
          .query('SELECT pg_cancel_backend($1)', [pid])
          .catch(() => {});
      await done.catch(() => {});
      await close('ROLLBACK');
    },
  };
}
