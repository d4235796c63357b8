// Assessments a test file loads once from real files (the recordings, public fixtures, generated
// scenarios), as a user's uploads are loaded (runIngest, optionally runAnalyze), and the scratch
// folders it generates inputs in — removed, with the database pool closed, after the file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';
import { addLocalUpload, createAssessment, type UploadKind } from '../../lib/assessments/service';
import { closeDb } from '../../lib/db/client';
import { runAnalyze, runIngest } from '../../lib/pipeline';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A file of one of the recorded intrusions (test/fixtures/recordings/<name>/). */
export const recording = (name: string, file: string) => path.join(ROOT, 'test', 'fixtures', 'recordings', name, file);

export interface LoadedAssessment {
  label: string;
  assessmentId: string;
}

/**
 * Registers the clean-up (call at the top level of a test file). `prefix` names the assessments;
 * `analyze` runs the analysis after the ingest (hosts resolved, detections written).
 */
export function loadedAssessments(prefix: string, opts: { analyze?: boolean } = {}) {
  const scratch: string[] = [];
  const datasets: LoadedAssessment[] = [];
  afterAll(async () => {
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
    await closeDb();
  });
  return {
    datasets,
    /** A folder under data/ for generated inputs, removed after the file. */
    scratchDir(name: string): string {
      const dir = path.join(ROOT, 'data', `test-${name}-${process.pid}`);
      scratch.push(dir);
      return dir;
    },
    /** One assessment holding `files`, each uploaded and ingested in turn. */
    async load(label: string, files: { kind: UploadKind; file: string }[]): Promise<string> {
      const assessmentId = await createAssessment({ name: `${prefix}: ${label}` });
      for (const f of files) await runIngest(await addLocalUpload({ assessmentId, kind: f.kind, file: f.file }));
      if (opts.analyze) await runAnalyze(assessmentId);
      datasets.push({ label, assessmentId });
      return assessmentId;
    },
  };
}
