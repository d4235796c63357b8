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
  /**
   * The table the findings go into: `detection` unless given (the detectors running beside the
   * others write into their connection's temporary table, lib/pipeline/detect-beside.ts).
   */
  into?: string;
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
  /**
   * Which connection the analysis runs it on (lib/pipeline/detect-beside.ts). 'beside': a
   * second connection, while the others run on the analysis's own; only for a detector that
   * reads nothing but the stored records and writes nothing but its findings. 'analysis': the
   * analysis's own connection, for a detector that reads the network's shared passes (built
   * there), reads rows the analysis wrote and has not committed (the resolved hosts), or writes
   * rows besides its findings (network.lateral-movement's quieted pairs). Unset: log detectors
   * beside, network detectors on the analysis.
   */
  runsOn?: 'analysis' | 'beside';
  /** Inserts this detector's detections; returns how many. */
  run(ctx: DetectContext): Promise<number>;
}
