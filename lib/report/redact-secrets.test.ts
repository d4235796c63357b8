import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact-secrets';
import { type ReportSnapshot, snapshotForShare } from './snapshot';

const R = REDACTED;

describe('redactSecrets', () => {
  it.each([
    ['curl -u admin:S3cr3tP4ss! https://10.0.0.5/api', `curl -u admin:${R} https://10.0.0.5/api`],
    ['curl --user bob:hunter2 http://x', `curl --user bob:${R} http://x`],
    ['wget https://admin:S3cr3t@files.example/x.tgz', `wget https://admin:${R}@files.example/x.tgz`],
    ['psql postgres://app:pa55word@db01:5432/prod', `psql postgres://app:${R}@db01:5432/prod`],
    ['PGPASSWORD=hunter2 psql -h db01 -U app', `PGPASSWORD=${R} psql -h db01 -U app`],
    ['env MYSQL_PWD="a b c" mysql', `env MYSQL_PWD=${R} mysql`],
    ['mysql -u root -pS3cret -h db01', `mysql -u root -p${R} -h db01`],
    ['sshpass -p hunter2 ssh root@web01', `sshpass -p ${R} ssh root@web01`],
    ['app --password=hunter2 --verbose', `app --password=${R} --verbose`],
    ['app --password hunter2', `app --password ${R}`],
    ['vault login --token s.abcdefgh', `vault login --token ${R}`],
    ['curl -H "Authorization: Bearer abcdefghijklmnop" x', `curl -H "Authorization: Bearer ${R}" x`],
    ['git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/x', `git clone https://${R}@github.com/x`],
    ['export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP', `export AWS_ACCESS_KEY_ID=${R}`],
    ['echo password=hunter2 > f', `echo password=${R} > f`],
  ])('%s', (input, want) => {
    expect(redactSecrets(input)).toBe(want);
  });

  it.each([
    'Failed password for root from 192.0.2.1 port 22 ssh2',
    'ssh -p 2222 root@web01',
    'nmap -p 1-1024 10.0.0.0/24',
    'curl https://example.org/install.sh | sh',
    'useradd -m -s /bin/bash backdoor',
  ])('leaves text without secrets alone: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('share views without raw lines', () => {
  const snapshot = {
    activities: [{ id: '1', summary: 'bob ran curl -u admin:S3cr3tP4ss! https://10.0.0.5/' }],
    evidence: { '1': ['raw line'] },
  } as unknown as ReportSnapshot;

  it('redact summaries, drop evidence and say so', () => {
    const shared = snapshotForShare(snapshot, false);
    expect(shared.activities[0]?.summary).toBe(`bob ran curl -u admin:${R} https://10.0.0.5/`);
    expect(shared.evidence).toEqual({});
    expect(shared.secretsRedacted).toBe(true);
  });

  it('a link that shows raw lines shows the summary as frozen', () => {
    expect(snapshotForShare(snapshot, true)).toBe(snapshot);
  });
});
