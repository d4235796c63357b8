import type pg from 'pg';
import type { Source, Stage } from '../stages';
import type { SharedPasses } from './shared-passes';

/** One editable threshold, with the public tool its default comes from. */
export interface ThresholdSpec {
  label: string;
  default: number;
  unit?: string;
  min?: number;
  max?: number;
  /** Where the default comes from (a section of docs/ANCHORS.md, or the public source itself), shown on the detectors page. */
  anchor: string;
}

export interface DetectContext {
  client: pg.PoolClient;
  assessmentId: string;
  /** Threshold values for this detector (defaults merged with the assessment's settings). */
  t: Record<string, number>;
  /** Internal address ranges (CIDR), from the assessment's settings. */
  internalRanges: string[];
  /** The detect stage's shared passes over the flow rows (sessions, volumes) and the log events; absent when a detector runs alone. */
  shared?: SharedPasses;
}

/**
 * A detector looks at ONE source for ONE kill-chain stage and writes its findings into
 * `detection` with set-based SQL (the data can hold millions of rows): host, peer, span,
 * score, severity, summary and the ids of the records that are its evidence.
 */
export interface Detector {
  id: string;
  title: string;
  source: Source;
  stage: Stage;
  techniques: string[];
  description: string;
  thresholds: Record<string, ThresholdSpec>;
  /** Inserts this detector's detections; returns how many. */
  run(ctx: DetectContext): Promise<number>;
}
