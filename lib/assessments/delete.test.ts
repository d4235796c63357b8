// Deleting an assessment removes the files the app made for it: a demo assessment's generated
// data under data/demo/<id> goes with it, and another assessment's demo data stays.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { closeDb, getPrisma } from '../db/client';
import { demoFolder } from '../db/paths';
import { deleteAssessment } from './delete';
import { addLocalUpload, createAssessment } from './service';

afterAll(closeDb);

async function demoLike(name: string): Promise<{ id: string; dir: string }> {
  const id = await createAssessment({ name });
  const dir = demoFolder(id);
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const file = path.join(dir, 'flows.csv');
  fs.writeFileSync(file, 'firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows\n');
  await addLocalUpload({ assessmentId: id, kind: 'flows', file });
  return { id, dir };
}

it('removes the demo data folder with its assessment, and only that one', async () => {
  const gone = await demoLike('demo to delete');
  const kept = await demoLike('demo to keep');
  await deleteAssessment(gone.id);
  expect(await getPrisma().assessment.findUnique({ where: { id: gone.id } })).toBeNull();
  expect(fs.existsSync(gone.dir)).toBe(false);
  expect(fs.existsSync(path.join(kept.dir, 'flows.csv'))).toBe(true);
  await deleteAssessment(kept.id);
  expect(fs.existsSync(kept.dir)).toBe(false);
});

it('deletes an assessment that never had demo data', async () => {
  const id = await createAssessment({ name: 'no demo' });
  await deleteAssessment(id);
  expect(await getPrisma().assessment.findUnique({ where: { id } })).toBeNull();
});
