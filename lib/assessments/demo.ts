// The demo button: a small generated scenario (benign background + two attacks, both
// sources) loaded into a new assessment through the normal pipeline.

import fs from 'node:fs';
import { demoFolder } from '../db/paths';
import { generateDemo } from '../generate/demo';
import { startAssessment } from '../pipeline/start';
import { deleteAssessment } from './delete';
import { addLocalUpload, createAssessment } from './service';

export async function createDemoAssessment(): Promise<string> {
  const id = await createAssessment({ name: 'Demo: SSH intrusion and web exploit' });
  // Named after the assessment, so that deleting the assessment deletes its data too.
  const dir = demoFolder(id);
  fs.mkdirSync(dir, { recursive: true });
  const out = await generateDemo(dir).catch(async (err: unknown) => {
    await deleteAssessment(id);
    throw err;
  });
  await addLocalUpload({ assessmentId: id, kind: 'logs', file: out.files.logs });
  for (const f of out.files.flows) await addLocalUpload({ assessmentId: id, kind: 'flows', file: f });
  await addLocalUpload({ assessmentId: id, kind: 'inventory', file: out.files.inventory });
  await startAssessment(id);
  return id;
}
