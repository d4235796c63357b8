// File problems per file and per line apart; empty files and the binary records Linux keeps
// beside its logs (wtmp, the journal) listed as skipped, not as problems (issue 16, §8).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { getPrisma } from '../lib/db/client';
import { runIngest } from '../lib/pipeline';
import { getAssessmentStatus } from '../lib/queries/get-assessment-status';
import { getFiles, getProblemCounts } from '../lib/queries/get-files';
import { at, syslogTime, writeTarGz } from './make-data';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-file-problems-'));
const binary = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : (i * 37) % 256)));
let id = '';

beforeAll(async () => {
  const good = (s: number) => `${syslogTime(at(s))} web01 sshd[1]: Accepted publickey for ops from 10.0.0.7 port 2 ssh2\n`;
  await writeTarGz(path.join(dir, 'bundle.tar.gz'), [
    { name: 'web01/var/log/auth.log', body: `${good(1)}this is no syslog line\n${good(2)}neither is this one\n${good(3)}` },
    { name: 'web01/var/log/empty.log', body: '' },
    { name: 'web01/var/log/wtmp', body: binary(768) },
    { name: 'web01/var/log/journal/0123/system.journal', body: Buffer.concat([Buffer.from('LPKSHHRH'), binary(504)]) },
    { name: 'web01/var/log/garbage.bin', body: binary(4096) },
    { name: '../../etc/cron.d/evil', body: 'x\n' },
  ]);
  id = await createAssessment({ name: 'file problems' });
  await runIngest(await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'bundle.tar.gz') }));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('file problems', () => {
  it('lists empty and binary log files as skipped with what they are, not as problems', async () => {
    const files = Object.fromEntries((await getFiles(id)).map((f) => [f.path.replace('bundle.tar.gz:web01/var/log/', ''), f]));
    expect(files['empty.log']).toMatchObject({ format: null, skipped: true, errors: 0, notes: ['empty file: nothing to read'] });
    expect(files.wtmp).toMatchObject({ format: null, skipped: true, errors: 0 });
    expect(files.wtmp?.notes[0]).toMatch(/^login records/);
    expect(files['journal/0123/system.journal']?.notes[0]).toMatch(/^systemd journal/);
    expect(files['garbage.bin']).toMatchObject({ format: null, skipped: true, errors: 1 });
    expect(files['auth.log']).toMatchObject({ format: 'syslog-rfc3164', skipped: false, records: 3, errors: 2 });
  });

  it('counts a file not read once, unreadable lines in the files read, refused members apart', async () => {
    expect(await getProblemCounts(id)).toEqual({ filesNotRead: 1, membersRefused: 1, lines: 2, filesWithLineProblems: 1, filesSkipped: 3 });
    const status = await getAssessmentStatus(id);
    expect(status?.uploads[0]?.problems).toEqual({ filesNotRead: 1, membersRefused: 1, lines: 2, filesWithLineProblems: 1, filesSkipped: 3 });
    expect(status?.uploads[0]?.errors).toBe(4);
    expect((await getPrisma().upload.findFirstOrThrow({ where: { assessmentId: id } })).status).toBe('done');
  });

  it('an upload of nothing but an empty file still fails, saying so', async () => {
    fs.writeFileSync(path.join(dir, 'nothing.log'), '');
    const other = await createAssessment({ name: 'empty upload' });
    const uploadId = await addLocalUpload({ assessmentId: other, kind: 'logs', file: path.join(dir, 'nothing.log') });
    await runIngest(uploadId);
    const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
    expect(u.status).toBe('failed');
    expect(u.error).toMatch(/the file is empty/);
  });
});
