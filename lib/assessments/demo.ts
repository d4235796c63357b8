// The demo button: a small generated scenario (benign background + two attacks, both
// sources) loaded into a new assessment through the normal pipeline.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataRoot } from '../db/paths';
import { generateDemo } from '../generate/demo';
import { startAssessment } from '../pipeline/start';
import { addLocalUpload, createAssessment } from './service';

export async function createDemoAssessment(): Promise<string> {
  const dir = path.join(dataRoot, 'demo', crypto.randomUUID());
  fs.mkdirSync(dir, { recursive: true });
  const out = await generateDemo(dir);
  const id = await createAssessment({ name: 'Demo: SSH intrusion and web exploit' });
  await addLocalUpload({ assessmentId: id, kind: 'logs', file: out.files.logs });
  for (const f of out.files.flows) await addLocalUpload({ assessmentId: id, kind: 'flows', file: f });
  await addLocalUpload({ assessmentId: id, kind: 'inventory', file: out.files.inventory });
  await startAssessment(id);
  return id;
}
