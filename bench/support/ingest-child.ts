// Child process: one end-to-end ingest of a file or folder through the product's own path
// (assessment → upload record → ingestUpload: walk, sniff, parse, Community ID, COPY, one
// transaction). Only the ingestUpload call is timed; start-up and hashing are not.
import { addLocalUpload, createAssessment } from '../../lib/assessments/service';
import { closeDb } from '../../lib/db/client';
import { holdHeapNearLiveSet } from '../../lib/pipeline/heap';
import { ingestUpload } from '../../lib/pipeline/ingest-upload';
import { childInput, reportToParent } from './child';

export interface IngestChildInput {
  input: string;
  kind: 'logs' | 'flows';
  name: string;
}

export interface IngestChildResult {
  assessmentId: string;
  records: number;
  errors: number;
  ingestMs: number;
  files: { path: string; format: string | null; records: number; errors: number }[];
}

async function main(): Promise<void> {
  holdHeapNearLiveSet(); // as the CLI and the worker do (lib/pipeline/heap.ts)
  const o = childInput<IngestChildInput>();
  const assessmentId = await createAssessment({ name: o.name, timeZone: 'UTC' });
  const uploadId = await addLocalUpload({ assessmentId, kind: o.kind, file: o.input });
  const t0 = performance.now();
  const r = await ingestUpload({ uploadId, timeZone: 'UTC' });
  const ingestMs = performance.now() - t0;
  await closeDb();
  const result: IngestChildResult = {
    assessmentId,
    records: r.records,
    errors: r.errors,
    ingestMs: Math.round(ingestMs),
    files: r.files.map((f) => ({ path: f.path, format: f.format, records: f.records, errors: f.errors })),
  };
  reportToParent(result);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
