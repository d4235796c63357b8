import { AppError } from '../http/errors';
import { getTechniqueVisibility } from '../queries/get-technique-visibility';
import { type BaselineRow, compareBaseline } from './compare-baseline';
import { type BaselineFormat, type ExpectedBaseline, readBaseline } from './read-baseline';
import type { ExpectedDataSource } from './read-dettect-yaml';
import { BaselineError } from './read-navigator-layer';

export interface BaselineResult {
  format: BaselineFormat;
  rows: BaselineRow[];
  /** The data sources a DeTT&CT data-source file lists (empty for the other formats). */
  dataSources: ExpectedDataSource[];
}

function read(text: string): ExpectedBaseline {
  try {
    return readBaseline(text);
  } catch (err) {
    if (err instanceof BaselineError) throw new AppError('bad_request', err.message, err.message);
    throw err;
  }
}

/** The team's baseline file (Navigator layer or DeTT&CT YAML) against this assessment's measured visibility; nothing is stored. */
export async function getBaseline(assessmentId: string, text: string): Promise<BaselineResult> {
  const expected = read(text);
  const rows = compareBaseline(expected.techniques, await getTechniqueVisibility(assessmentId));
  return { format: expected.format, rows, dataSources: expected.dataSources };
}

/** Only the per-technique rows (the CLI's `baseline` field). */
export async function getBaselineComparison(assessmentId: string, text: string): Promise<BaselineRow[]> {
  return (await getBaseline(assessmentId, text)).rows;
}
