import path from 'node:path';

// The app, the CLI and the tests all run from the project folder. Neither folder is code the
// server needs: `turbopackIgnore` keeps `next build` from tracing them into its output — it
// read everything under data/ (uploads, the embedded PostgreSQL's files) and, next to 45 GB of
// data, ran out of 24 GB of memory.
export const projectRoot = /*turbopackIgnore: true*/ process.cwd();

/** Uploads, the embedded database and demo data live here (git-ignored). */
export const dataRoot = process.env.SIGHTLINE_DATA_DIR
  ? path.resolve(/*turbopackIgnore: true*/ process.env.SIGHTLINE_DATA_DIR)
  : path.join(/*turbopackIgnore: true*/ process.cwd(), 'data');

/** The generated data behind a demo assessment; it goes with the assessment (lib/assessments/delete.ts). */
export function demoFolder(assessmentId: string): string {
  return path.join(/*turbopackIgnore: true*/ dataRoot, 'demo', assessmentId);
}
