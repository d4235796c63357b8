// The data path, and the one place that runs its steps. App routes, the CLI and the job
// worker call these; the steps themselves (lib/ingest, lib/hosts, lib/detect, lib/correlate)
// share only lib/records and never call one another. In the order data goes through them:
//
//   startAssessment   queue an ingest job per upload              (start.ts)
//   startWorker       the durable job worker that runs them        (jobs.ts)
//   runIngest         one upload → records, in one transaction     (ingest.ts → ingest-upload.ts)
//   runAnalyze        hosts → detect → correlate → blind spots     (analyze.ts)
//   rerunAnalysis     the analysis again, from the stored records  (start.ts)
export { analyzeAssessment, describeTimings, runAnalyze } from './analyze';
export { runIngest, uploadsSettled } from './ingest';
export { type IngestResult, ingestUpload } from './ingest-upload';
export { enqueueAnalyze, enqueueIngest, startWorker } from './jobs';
export { rerunAnalysis, startAssessment } from './start';
