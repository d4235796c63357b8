// Issue 23, "shown by tests": one recorded intrusion (test/fixtures/recordings/redis-jsonlog: real
// Redis, sshd, rsyslog, auditd, nfpcapd, pmacct, Suricata) stored in every format a SOC's
// collectors keep natively must give the same activities — host, stage, technique and each
// source's mark — whichever store is uploaded:
//   * the flows as nfdump CSV (`nfdump -o csv`), the native nfcapd file nfpcapd wrote, the pmacct
//     IPFIX export as captured datagrams and as an RFC 5655 file, and Suricata's EVE JSON;
//   * the cache host's syslog as RFC 3164 text or as rsyslog JSON lines (the same events: rsyslog
//     wrote each one through two actions).
// Where a store cannot carry something, the difference is named in EXPECTED_DIFFERENCES and
// asserted, so it cannot grow silently.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { judgeRecording, ZLabTruth } from '../lib/eval/recording';
import { runAnalyze, runIngest } from '../lib/pipeline';
import { buildAssessmentJson } from '../lib/report/assessment-json';

const DIR = path.join(import.meta.dirname, 'fixtures', 'recordings', 'redis-jsonlog');
const truth = ZLabTruth.parse(JSON.parse(fs.readFileSync(path.join(DIR, 'truth.json'), 'utf8')));

type Doc = Awaited<ReturnType<typeof buildAssessmentJson>>;

async function analyze(logs: string, flows: string): Promise<Doc> {
  const id = await createAssessment({ name: `redis-jsonlog ${logs} ${flows}` });
  for (const [kind, file] of [
    ['logs', logs],
    ['flows', flows],
  ] as const) {
    await runIngest(await addLocalUpload({ assessmentId: id, kind, file: path.join(DIR, file) }));
  }
  await runAnalyze(id);
  return buildAssessmentJson(id);
}

/** What an activity says, without ids or times: host, stage, technique, each source's mark. */
function said(doc: Doc): string[] {
  return doc.activities.map((a) => `${a.host ?? (a.hostIps.join(',') || '-')} ${a.stage} ${a.technique} network=${a.network} logs=${a.logs}`).sort();
}

/** Lines of `a` not in `b` (as a multiset). */
function minus(a: string[], b: string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/**
 * The flow stores other than flows.csv, and what each says beyond (`extra`) or short of
 * (`missing`) what flows.csv says. Empty: the very same activities.
 */
const EXPECTED_DIFFERENCES: Record<string, { extra: string[]; missing: string[]; moreStepsRight: number }> = {
  'flows.nfcapd': { extra: [], missing: [], moreStepsRight: 0 },
  'flows.ipfix': { extra: [], missing: [], moreStepsRight: 0 },
  'ipfix.pcap': { extra: [], missing: [], moreStepsRight: 0 },
  'netflow_v9.pcap': { extra: [], missing: [], moreStepsRight: 0 },
  // Suricata inspects payloads, a flow exporter never does: the recording's two rules (local.rules)
  // alert on `CONFIG SET dir` and `dbfilename authorized_keys` from outside, and the alert becomes
  // a network detection of the key write with the attacker as peer (a second activity beside the
  // logs' peer-less authorized_keys write: the Redis log names no client, so the logs are blind to
  // it with that peer). Nothing else differs:
  // EVE's flow events carry the same flows (two-way, as stitched from the one-way records).
  'eve.json.gz': { extra: ['cache installation T1098.004 network=detected logs=blind'], missing: [], moreStepsRight: 0 },
};

describe('redis-jsonlog: the same intrusion in every store', () => {
  let reference: Doc;
  beforeAll(async () => {
    reference = await analyze('logbundle.tar.gz', 'flows.csv');
  }, 180_000);

  it.each(Object.keys(EXPECTED_DIFFERENCES))(
    '%s gives the same activities as flows.csv (differences named)',
    async (store) => {
      const doc = await analyze('logbundle.tar.gz', store);
      const expected = EXPECTED_DIFFERENCES[store] ?? { extra: [], missing: [], moreStepsRight: 0 };
      expect(minus(said(doc), said(reference))).toEqual(expected.extra);
      expect(minus(said(reference), said(doc))).toEqual(expected.missing);
      expect(judgeRecording(truth, doc.activities).right).toBe(judgeRecording(truth, reference.activities).right + expected.moreStepsRight);
    },
    180_000,
  );

  it('the JSON-lines bundle gives the same activities as the RFC 3164 bundle', async () => {
    const doc = await analyze('logbundle-json.tar.gz', 'flows.csv');
    // Read as what it is, not as text that happens to parse: cache's auth.log, syslog, cron.log and user.log are JSON lines.
    const cacheFiles = doc.files.filter((f) => /:cache\/var\/log\/(auth\.log|syslog|cron\.log)$/.test(f.path));
    expect(cacheFiles.map((f) => [f.path.replace(/^.*:/, ''), f.format, f.records, f.errors])).toEqual([
      ['cache/var/log/auth.log', 'syslog-json', 73, 0],
      ['cache/var/log/cron.log', 'syslog-json', 6, 0],
      ['cache/var/log/syslog', 'syslog-json', 11, 0],
    ]);
    // Record for record what the RFC 3164 files gave.
    const records = (d: Doc) => d.files.filter((f) => f.kind === 'logs').map((f) => `${f.path.replace(/^.*:/, '')} ${f.records} ${f.errors}`);
    expect(records(doc)).toEqual(records(reference));
    expect(said(doc)).toEqual(said(reference));
    expect(judgeRecording(truth, doc.activities).right).toBe(judgeRecording(truth, reference.activities).right);
  }, 180_000);
});
