// Sightline against its own ground truth: the demo scenario (8 hosts, 6 office hours, both
// attacks, seed 7) through the real pipeline on a real PostgreSQL, scored by `evaluate`.
// Thresholds sit a little below what was measured when they were set (recall 0.87, precision
// of medium+ activities 0.85, visibility class 0.70) so a regression fails and noise does not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeScenario } from '../../test/kits/analyze-scenario';
import { closeDb } from '../db/client';
import { generateDemo } from '../generate/demo';
import { type EvalResult, evaluate } from './evaluate';
import { getEvalActivities, readTruth } from './scenario-files';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-eval-'));
let result: EvalResult;

beforeAll(async () => {
  const { files } = await generateDemo(dir);
  const id = await analyzeScenario(files.truth, 'eval demo');
  result = evaluate(readTruth(files.truth), await getEvalActivities(id));
}, 300_000);

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('demo scenario against truth.json', () => {
  it('finds most attacker steps a source could see', () => {
    expect(result.overall.observable).toBeGreaterThanOrEqual(20);
    expect(result.overall.recall).toBeGreaterThanOrEqual(0.8);
  });

  it('finds every command-and-control and actions-on-objectives step', () => {
    for (const stage of ['c2', 'actions'] as const) {
      expect(result.perStage.find((s) => s.stage === stage)?.recall, stage).toBe(1);
    }
  });

  it('most activities above low severity are the attack', () => {
    expect(result.overall.activitiesAtSeverity).toBeGreaterThan(0);
    expect(result.overall.precision).toBeGreaterThanOrEqual(0.75);
  });

  it('puts most found steps in the right visibility class', () => {
    expect(result.overall.visibilityAccuracy).toBeGreaterThanOrEqual(0.65);
  });
});
