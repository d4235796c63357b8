// The log detectors on the redis-jsonlog recording (test/fixtures/recordings: real Redis 7, sshd,
// rsyslog, auditd; truth.json written by hand from the captured lines), through the real ingest
// path, once with cache's syslog as RFC 3164 text and once as rsyslog JSON lines: the key written
// through Redis (an audited rename by redis-server into ~deploy/.ssh, relative names) and the key
// login from outside 30 s later are found, and the read of the app's credentials file (app.env), with the same detections from either bundle; the ops
// key logins with sudo, the cron job and Redis' background saves stay quiet.
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runDetectors } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb } from '../../db/client';
import { runIngest } from '../../pipeline';
import { detectors } from '../registry';

afterAll(closeDb);

const DIR = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'recordings', 'redis-jsonlog');

async function detectBundle(file: string) {
  const a = await createAssessment({ name: `redis-jsonlog ${file}` });
  await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file: path.join(DIR, file) }));
  const found = await runDetectors(
    a,
    detectors.filter((d) => d.source === 'logs'),
  );
  return found.map((d) => [d.detector, d.hostName, d.stage, d.technique, d.peer, d.startTs.toISOString()].join(' ')).sort();
}

it('redis-jsonlog: the key written through Redis and its use from outside, the same from the RFC 3164 and the JSON-lines bundle', async () => {
  const text = await detectBundle('logbundle.tar.gz');
  expect(text).toEqual([
    'logs.archive-staging cache exploitation T1560.001  2026-12-05T13:05:58.247Z',
    'logs.authorized-keys cache installation T1098.004  2026-12-05T13:05:09.327Z',
    // the key login is also deploy's first from that outside address (low: the bundle holds minutes)
    'logs.new-source-login cache delivery T1078 203.0.113.77 2026-12-05T13:05:39.000Z',
    'logs.planted-key-login cache delivery T1078 203.0.113.77 2026-12-05T13:05:39.000Z',
    'logs.sensitive-file-read cache exploitation T1552.001  2026-12-05T13:05:48.163Z',
    'logs.tool-upload cache actions T1048.003 198.51.100.44 2026-12-05T13:05:58.307Z',
  ]);
  // JSON lines carry the microseconds RFC 3164 drops: the same detections, the login's time aside.
  const json = await detectBundle('logbundle-json.tar.gz');
  expect(json.map((d) => d.replace(/:39\.\d{3}Z$/, ':39.000Z'))).toEqual(text);
}, 120_000);
