// The post-login log detectors on real public logs (../shared/fixtures), read through the real
// ingest path. None of these collections holds an intrusion's post-login steps, so they are the
// real-world look-alikes: an administrator's sudo after a password login (Filebeat's auth.log),
// Red Hat and Ubuntu audit logs with cron, nagios checks, logins and package work (beats,
// audit-userspace, go-libaudit), laurel's process trees. The webshop recording
// (webshop-recording.test.ts) is the real positive.
import { afterAll, expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { runDetectors } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb } from '../../db/client';
import { runIngest } from '../../pipeline';
import { detectors } from '../registry';

afterAll(closeDb);

const POST_LOGIN = new Set([
  'logs.ssh-bruteforce-success',
  'logs.command-beacon',
  'logs.sensitive-file-read',
  'logs.database-dump',
  'logs.archive-staging',
  'logs.history-clear',
  'logs.indicator-removal',
  'logs.ssh-key-login',
  'logs.ssh-lateral-client',
  'logs.authorized-keys',
  'logs.tool-download',
  'logs.tool-upload',
]);

async function detect(...files: string[]) {
  const a = await createAssessment({ name: 'post-login fixtures' });
  for (const file of files) {
    const r = await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file: fixture(file) }));
    expect(r?.records ?? 0, file).toBeGreaterThan(0);
  }
  return runDetectors(
    a,
    detectors.filter((d) => d.source === 'logs'),
  );
}

describeFixtures('post-login detectors on real public logs', () => {
  it("Filebeat auth.log: vagrant's sudo after an accepted login is routine; only the refused sudo (NOT in sudoers) is escalation", async () => {
    const found = await detect('logs/syslog/elastic-beats/system-auth/test.log');
    expect(found.filter((d) => d.detector === 'logs.privilege-escalation').map((d) => [d.hostName, d.severity, d.summary.replace(/:.*/, '')])).toEqual([
      ['precise32', 'medium', 'Privilege escalation on precise32'],
    ]);
    expect(found.filter((d) => POST_LOGIN.has(d.detector))).toEqual([]);
  });

  it('loghub OpenSSH_2k: real guessing from many sources, no login after guessing from the same source', async () => {
    const found = await detect('logs/syslog/loghub/OpenSSH/OpenSSH_2k.log');
    expect(found.filter((d) => d.detector === 'logs.ssh-password-guessing').length).toBeGreaterThanOrEqual(5);
    expect(found.filter((d) => POST_LOGIN.has(d.detector) || d.detector === 'logs.privilege-escalation')).toEqual([]);
  });

  it('auditd collections (beats, audit-userspace, go-libaudit, laurel): no post-login step on routine hosts', async () => {
    const found = await detect(
      'logs/auditd/elastic-beats/test.log',
      'logs/auditd/elastic-beats/audit-cent7-node.log',
      'logs/auditd/audit-userspace/test4.log',
      'logs/auditd/go-libaudit/testdata/normal.log',
      'logs/syslog/loghub/Linux/Linux_2k.log',
    );
    expect(found.filter((d) => POST_LOGIN.has(d.detector)).map((d) => `${d.detector}: ${d.summary}`)).toEqual([]);
  });
});
