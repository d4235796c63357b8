// A log bundle as collectors lay it out: empty wtmp/lastlog files are noted, not errors; a binary
// btmp is read as login records of the folder's host (issue 15 §7).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { closeDb, getPrisma } from '../lib/db/client';
import { runIngest } from '../lib/pipeline';
import { buildTar, gzip } from './fuzz/archives';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-login-records-'));
afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('empty files are notes, not errors; btmp gives failed logins on the folder host', async () => {
  const btmp = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/utmp/webshop-alpha-btmp'));
  const tar = buildTar([
    { name: 'alpha/var/log/wtmp', body: Buffer.alloc(0) },
    { name: 'alpha/var/log/lastlog', body: Buffer.alloc(0) },
    { name: 'alpha/var/log/btmp', body: btmp },
    { name: 'alpha/var/log/auth.log', body: Buffer.from('Dec  4 20:01:53 alpha sshd[9769]: Failed password for webadmin from 203.0.113.66 port 40000 ssh2\n') },
  ]);
  const file = path.join(dir, 'bundle.tar.gz');
  fs.writeFileSync(file, gzip(tar));
  const id = await createAssessment({ name: 'login records' });
  const uploadId = await addLocalUpload({ assessmentId: id, kind: 'logs', file });
  await runIngest(uploadId);
  const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
  expect(u.status).toBe('done');
  const files = await getPrisma().sourceFile.findMany({ where: { uploadId }, orderBy: { path: 'asc' } });
  const byName = Object.fromEntries(files.map((f) => [f.path.split('/').pop(), f]));
  expect(byName.wtmp).toMatchObject({ format: null, errorCount: 0, skipped: true, notes: ['empty file: nothing to read'] });
  expect(byName.lastlog).toMatchObject({ format: null, errorCount: 0 });
  expect(byName.btmp).toMatchObject({ format: 'utmp', errorCount: 0, records: 19n });
  expect(await getPrisma().parseError.count({ where: { assessmentId: id } })).toBe(0);
  const failed = await getPrisma().logEvent.findMany({ where: { assessmentId: id, kind: 'login_failed_record' } });
  expect(failed).toHaveLength(19);
  expect(new Set(failed.map((e) => `${e.hostName} ${e.srcIp} ${e.userName}`))).toEqual(new Set(['alpha 203.0.113.66 webadmin']));
});
