// The one INSERT into `detection`. A detector supplies a SELECT whose rows are its findings;
// this file owns the column list, writes the detector's identity (id, source, stage, default
// technique) from its declaration, and derives severity from score with the one rule
// (severity_of, lib/severity.ts). Network detectors and the log detectors that are not event
// rules are built with `defineDetector`; event rules (logs/event-rule.ts) and beaconing (scored
// in TypeScript) call `insertDetectionsSql` / `insertDetections` directly.
import type pg from 'pg';
import { severitySql } from '../severity';
import type { DetectContext, Detector } from './types';

/** What a detection is written as: the detector's declaration minus its behaviour. */
export type DetectorIdentity = Pick<Detector, 'id' | 'source' | 'stage' | 'techniques'>;

export interface FindingsQuery {
  /**
   * CTEs (without the WITH keyword) put before the INSERT, which `select` may read. A detector
   * that keeps rows of its own beside its findings (network.lateral-movement's quieted pairs)
   * writes them with a data-modifying CTE here: PostgreSQL runs it exactly once, in the same
   * statement and snapshot as the detections, so the two never disagree.
   */
  ctes?: string;
  /**
   * A SELECT (it may start with WITH) returning one row per finding with the columns `host`
   * (inet for network detectors, a host name for log detectors), `peer` (inet or NULL::inet),
   * `start_ts`, `end_ts`, `score` (0–1), `summary` and `evidence_ids` (bigint[]). `$1` is the
   * assessment id.
   */
  select: string;
  /** ATT&CK technique of one row (SQL over the row `x`); default the first of `techniques`. */
  technique?: string;
  /**
   * Kill-chain stage of one row (SQL over the row `x`); default the detector's `stage`. Only for
   * a detector that reports another tool's detections, each with its own stage (network.ids-alert).
   */
  stage?: string;
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The columns a detection is written with (its `id` comes from the table's sequence). */
export const DETECTION_COLUMNS =
  'assessment_id, detector, source, stage, technique, host_ip, host_name, peer, start_ts, end_ts, score, severity, summary, evidence_ids';

/** The INSERT of a detector's findings, into `detection` or the table `into` (with detection's columns). */
export function insertDetectionsSql(d: DetectorIdentity, q: FindingsQuery, into = 'detection'): string {
  const hostColumn = d.source === 'network' ? 'host_ip' : 'host_name';
  return `${q.ctes ? `WITH ${q.ctes}\n    ` : ''}INSERT INTO ${into} (assessment_id, detector, source, stage, technique, ${hostColumn}, peer, start_ts, end_ts, score, severity, summary, evidence_ids)
    SELECT $1, ${literal(d.id)}, ${literal(d.source)}, ${q.stage ?? literal(d.stage)}, ${q.technique ?? literal(d.techniques[0] ?? '')},
           x.host, x.peer, x.start_ts, x.end_ts, x.score, ${severitySql('x.score')}, x.summary, x.evidence_ids
    FROM (${q.select}) AS x`;
}

export interface InsertDetectionsOptions {
  detector: DetectorIdentity;
  query: FindingsQuery;
  assessmentId: string;
  /** Bound as $2, $3 … in the query. */
  params?: unknown[];
  /** The table written to (DetectContext.into); `detection` unless given. */
  into?: string;
}

/** Runs the findings query and writes its rows as detections; returns how many. */
export async function insertDetections(client: pg.PoolClient, o: InsertDetectionsOptions): Promise<number> {
  const res = await client.query(insertDetectionsSql(o.detector, o.query, o.into), [o.assessmentId, ...(o.params ?? [])]);
  return res.rowCount ?? 0;
}

export interface DetectorSpec extends Omit<Detector, 'run'>, Omit<FindingsQuery, 'stage' | 'select'> {
  /** Stage of one row (SQL over the row `x`), see FindingsQuery.stage. */
  rowStage?: string;
  /** The findings SELECT, or a function of the run's context that gives it (to read the detect stage's shared passes). */
  select: string | ((ctx: DetectContext) => string | Promise<string>);
  /** Values bound as $2, $3 … in `select` ($1 is the assessment id). */
  params?: (ctx: DetectContext) => unknown[];
}

/** A detector that is one findings query: it declares itself and its SELECT, nothing else. */
export function defineDetector(spec: DetectorSpec): Detector {
  const { select, ctes, technique, rowStage, params, ...detector } = spec;
  return {
    ...detector,
    run: async (ctx) =>
      insertDetections(ctx.client, {
        detector,
        query: { ctes, select: typeof select === 'string' ? select : await select(ctx), technique, stage: rowStage },
        assessmentId: ctx.assessmentId,
        params: params?.(ctx),
        into: ctx.into,
      }),
  };
}
