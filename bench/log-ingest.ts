// Log ingest (issue 4): 1 M auth.log (RFC 3164) lines and 1 M auditd events (several records
// each) as 10-host bundles, ingested end to end vs a bare COPY of the same normalised rows.
// Goal (issue 17): ≤ 2× the time of a bare COPY of the same rows into an unindexed table.
import fs from 'node:fs';
import path from 'node:path';
import { sizeLabel } from './flow-ingest';
import { writeAuditBundle, writeAuthLogBundle } from './gen/synthetic-logs';
import { type BenchContext, type BenchResult, fmtInt } from './support/context';
import { type IngestCaseResult, ingestGoals, ingestTable, measureIngestVsCopy, sizeOf } from './support/ingest-vs-copy';

export async function benchLogIngest(ctx: BenchContext, n: number): Promise<BenchResult> {
  const cases: IngestCaseResult[] = [];
  for (const dialect of ['syslog', 'auditd'] as const) {
    const dir = path.join(ctx.workDir, `logs-${dialect}-${sizeLabel(n)}`);
    ctx.log(`log ingest: generating ${fmtInt(n)} ${dialect === 'syslog' ? 'auth.log lines' : 'auditd events'}`);
    try {
      if (dialect === 'syslog') await writeAuthLogBundle(dir, n);
      else await writeAuditBundle(dir, n);
      const label = `${dialect === 'syslog' ? 'auth.log RFC 3164' : 'auditd raw'} ${sizeLabel(n)}`;
      cases.push(await measureIngestVsCopy(ctx, { label, input: dir, kind: 'logs', inputBytes: sizeOf(dir) }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    name: 'log-ingest',
    title: 'Log ingest',
    command: 'npm run bench -- --only log-ingest',
    measures:
      '10-host bundles (`<host>/var/log/auth.log`, `<host>/var/log/audit/audit.log`): RFC 3164 sshd/pam/CRON/sudo/logind lines, and auditd events (80 % execve SYSCALL+EXECVE+CWD+PATH×2+PROCTITLE, 15 % connect, 5 % file write), ingested through `ingestUpload` in a child process; baseline: bare `COPY … FROM STDIN` of the same pre-rendered rows into a table with the same columns and no index or constraint, beside the same COPY into the indexed `log_event` table (the baseline before 2026-12-05), same run. Rate is events (rows) per second.',
    table: ingestTable(cases, 'events'),
    goals: ingestGoals(cases),
    details: { n, cases },
  };
}
