// Child process: the whole pipeline on a generated scenario, as the CLI runs it — one upload
// per input (runIngest), then the analysis (analyzeAssessment, whose own per-stage timings are
// returned). Peak RSS covers all of it.

import { addLocalUpload, createAssessment, type UploadKind } from '../../lib/assessments/service';
import { closeDb } from '../../lib/db/client';
import { runIngest } from '../../lib/pipeline';
import { analyzeAssessment } from '../../lib/pipeline/analyze';
import { holdHeapNearLiveSet } from '../../lib/pipeline/heap';
import { childInput, reportToParent } from './child';

export interface E2eChildInput {
  inputs: { kind: UploadKind; path: string }[];
}

export interface E2eChildResult {
  assessmentId: string;
  uploads: { path: string; kind: UploadKind; ms: number; records: number; errors: number; files: { path: string; format: string | null; records: number }[] }[];
  ingestMs: number;
  analyzeMs: number;
  analyze: { detections: number; activities: number; blindSpots: number; timings: Record<string, number> };
}

async function main(): Promise<void> {
  holdHeapNearLiveSet(); // as the CLI and the worker do (lib/pipeline/heap.ts)
  const o = childInput<E2eChildInput>();
  const assessmentId = await createAssessment({ name: 'bench end-to-end', timeZone: 'UTC' });
  const uploads: E2eChildResult['uploads'] = [];
  const t0 = performance.now();
  for (const i of o.inputs) {
    const id = await addLocalUpload({ assessmentId, kind: i.kind, file: i.path });
    const s = performance.now();
    const r = await runIngest(id);
    if (!r) throw new Error(`${i.path}: upload failed`);
    uploads.push({
      path: i.path,
      kind: i.kind,
      ms: Math.round(performance.now() - s),
      records: r.records,
      errors: r.errors,
      files: r.files.map((f) => ({ path: f.path, format: f.format, records: f.records })),
    });
  }
  const ingestMs = Math.round(performance.now() - t0);
  const a0 = performance.now();
  const analyze = await analyzeAssessment(assessmentId);
  const analyzeMs = Math.round(performance.now() - a0);
  await closeDb();
  reportToParent({ assessmentId, uploads, ingestMs, analyzeMs, analyze } satisfies E2eChildResult);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
