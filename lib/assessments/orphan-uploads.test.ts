// Issue 20, finding 11: upload files outlived their rows.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPrisma } from '../db/client';
import { removeOrphanedUploads } from './orphan-uploads';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-orphans-'));
afterAll(async () => {
  fs.rmSync(root, { recursive: true, force: true });
  await closeDb();
});

function write(...parts: string[]): string {
  const p = path.join(root, 'uploads', ...parts);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, 'x');
  return p;
}

describe('orphaned upload folders', () => {
  it('removes folders of deleted assessments and files without an upload row; keeps the rest', async () => {
    const prisma = getPrisma();
    const a = await prisma.assessment.create({ data: { name: 'orphans' } });
    const kept = write(a.id, crypto.randomUUID());
    await prisma.upload.create({ data: { assessmentId: a.id, kind: 'logs', originalName: 'x', storedPath: kept, sizeBytes: 1n, sha256: 'x' } });
    const strayFile = write(a.id, crypto.randomUUID());
    const goneAssessment = crypto.randomUUID();
    write(goneAssessment, crypto.randomUUID());
    const notOurs = write('README');
    const later = Date.now() + 2 * 3600_000;
    const removed = await removeOrphanedUploads({ root, now: later });
    expect(removed.sort()).toEqual([strayFile, path.join(root, 'uploads', goneAssessment)].sort());
    expect(fs.existsSync(kept)).toBe(true);
    expect(fs.existsSync(notOurs)).toBe(true);
  });

  it('leaves young entries alone (an upload may be being written)', async () => {
    const young = write(crypto.randomUUID(), crypto.randomUUID());
    expect(await removeOrphanedUploads({ root, now: Date.now() })).toEqual([]);
    expect(fs.existsSync(young)).toBe(true);
  });
});
