// Deleting an assessment while its ingest runs cancels the ingest: it rolls back and the rows,
// the upload and the stored file are gone.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { deleteAssessment } from '../lib/assessments/delete';
import { addStreamedUpload, createAssessment } from '../lib/assessments/service';
import { closeDb, getPool, getPrisma } from '../lib/db/client';
import { runIngest } from '../lib/pipeline';

afterAll(closeDb);

function* bigCsv(rows: number): Generator<string> {
  yield 'firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows\n';
  const base = Date.parse('2026-03-07T10:00:00Z');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const t = new Date(base + i * 10).toISOString().replace('T', ' ').replace('Z', '');
    chunk += `${t},0.100,TCP,10.0.${(i >> 8) & 255}.${i & 255},${1024 + (i % 60000)},192.0.2.1,443,5,900,1\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

it('cancels a running ingest, rolls it back and removes the stored upload', async () => {
  const id = await createAssessment({ name: 'cancel me' });
  const uploadId = await addStreamedUpload({ assessmentId: id, kind: 'flows', name: 'big.csv', body: Readable.from(bigCsv(400_000)) });
  const stored = (await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } })).storedPath;
  expect(fs.existsSync(stored)).toBe(true);
  const ingest = runIngest(uploadId);
  // Wait until the ingest is visibly under way, then delete.
  for (let i = 0; i < 600; i++) {
    const u = await getPrisma().upload.findUnique({ where: { id: uploadId } });
    if (u && u.records > 0n) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await deleteAssessment(id);
  expect(await ingest).toBeUndefined();
  expect(await getPrisma().assessment.findUnique({ where: { id } })).toBeNull();
  const left = await getPool().query('SELECT count(*)::int AS n FROM flow WHERE assessment_id = $1', [id]);
  expect(left.rows[0].n).toBe(0);
  expect(fs.existsSync(path.dirname(stored))).toBe(false);
});
