// A parser's fatal IngestError is the user's input, not a crash: the upload fails with the
// file, line and reason, and runIngest does not throw (the job is not retried).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { closeDb, getPrisma } from '../lib/db/client';
import { runIngest } from '../lib/pipeline';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-ingest-failure-'));
afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('a fatal parser error fails the upload with its file and line, without a retry', async () => {
  const header = [
    '#separator \\x09',
    '#path\tconn',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_pkts\torig_bytes\tresp_pkts\tresp_bytes',
  ];
  const row = '1700000000.000000\tC1\t10.0.0.1\t50000\t10.0.0.2\t22\ttcp\t1.0\t3\t300\t3\t300';
  fs.writeFileSync(path.join(dir, 'conn.log'), `${[...header, row, '#path\tdns', row].join('\n')}\n`);
  const id = await createAssessment({ name: 'ingest error' });
  const uploadId = await addLocalUpload({ assessmentId: id, kind: 'flows', file: path.join(dir, 'conn.log') });
  expect(await runIngest(uploadId)).toBeUndefined();
  const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
  expect(u.status).toBe('failed');
  expect(u.error).toBe('conn.log: this Zeek log is dns.log, not conn.log (line 5)');
  expect(await getPrisma().flow.count({ where: { assessmentId: id } })).toBe(0);
});
