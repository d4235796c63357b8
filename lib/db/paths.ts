import path from 'node:path';

// The app, the CLI and the tests all run from the project folder.
export const projectRoot = process.cwd();

/** Uploads, the embedded database and demo data live here (git-ignored). */
export const dataRoot = process.env.SIGHTLINE_DATA_DIR ? path.resolve(process.env.SIGHTLINE_DATA_DIR) : path.join(process.cwd(), 'data');

/** The generated data behind a demo assessment; it goes with the assessment (lib/assessments/delete.ts). */
export function demoFolder(assessmentId: string): string {
  return path.join(dataRoot, 'demo', assessmentId);
}
