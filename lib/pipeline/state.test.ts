// The pipeline's row reads and writes (lib/pipeline/state.ts): the guard against writing over a
// delete's 'cancelling', the error column left or cleared, and that creating, ingesting and
// analysing an assessment never starts a Prisma client (its query compiler is a fifth of
// ingest's peak RSS).
import { Readable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { deleteAssessment } from '../assessments/delete';
import { addStreamedUpload, createAssessment } from '../assessments/service';
import { closeDb, getPool } from '../db/client';
import { runAnalyze } from './analyze';
import { runIngest } from './ingest';
import { insertUpload, readAssessmentStatus, readUpload, setAssessmentState } from './state';

afterAll(closeDb);

const row = async (id: string) =>
  (await getPool().query<{ status: string; stage: string | null; error: string | null }>('SELECT status, stage, error FROM assessment WHERE id = $1', [id]))
    .rows[0];

// First: the other tests delete through Prisma (lib/assessments/delete.ts), in this same process.
it('creates, ingests and analyses an assessment without starting Prisma', async () => {
  const id = await createAssessment({ name: 'no prisma' });
  const csv =
    'firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows\n2026-03-07 10:00:00.000,0.100,TCP,10.0.0.5,40000,192.0.2.1,443,5,900,1\n';
  const uploadId = await addStreamedUpload({ assessmentId: id, kind: 'flows', name: 'one.csv', body: Readable.from([csv]) });
  expect(await runIngest(uploadId)).toBeDefined();
  expect(await runAnalyze(id)).not.toBeNull();
  expect(await readAssessmentStatus(id)).toBe('ready');
  // lib/db/client.ts keeps its clients here; getPrisma() would have made one.
  const db = (globalThis as { __sightlineDb?: { prisma?: unknown } }).__sightlineDb;
  expect(db?.prisma).toBeUndefined();
  await deleteAssessment(id);
});

it('writes status and stage, leaves the error unless given, and never writes over cancelling unless told', async () => {
  const id = await createAssessment({ name: 'state rows' });
  expect(await setAssessmentState(id, { status: 'failed', stage: null, error: 'it broke' })).toBe(true);
  expect(await setAssessmentState(id, { stage: 'detect' })).toBe(true);
  expect(await row(id)).toEqual({ status: 'failed', stage: 'detect', error: 'it broke' });
  expect(await setAssessmentState(id, { status: 'analyzing', stage: 'hosts', error: null })).toBe(true);
  expect(await row(id)).toEqual({ status: 'analyzing', stage: 'hosts', error: null });
  await getPool().query(`UPDATE assessment SET status = 'cancelling' WHERE id = $1`, [id]);
  expect(await setAssessmentState(id, { status: 'ready', stage: null })).toBe(false);
  expect(await readAssessmentStatus(id)).toBe('cancelling');
  expect(await setAssessmentState(id, { status: 'failed', stage: null }, { overCancelling: true })).toBe(true);
  expect(await readAssessmentStatus(id)).toBe('failed');
  await deleteAssessment(id);
  expect(await readAssessmentStatus(id)).toBeNull();
  expect(await setAssessmentState(id, { status: 'ready', stage: null })).toBe(false);
});

it('keeps an upload size past 2^53 exact', async () => {
  const id = await createAssessment({ name: 'big upload row' });
  const uploadId = await insertUpload({
    assessmentId: id,
    kind: 'flows',
    originalName: 'x.csv',
    storedPath: '/nonexistent/x.csv',
    sizeBytes: 5_000_000_000,
    sha256: '0',
  });
  await getPool().query('UPDATE upload SET size_bytes = 9007199254740993 WHERE id = $1', [uploadId]);
  expect((await readUpload(uploadId))?.sizeBytes).toBe(9007199254740993n);
  await deleteAssessment(id);
});
