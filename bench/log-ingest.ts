// Log ingest (issue 4): 1 M auth.log (RFC 3164) lines and 1 M auditd events (several records
// each) as 10-host bundles, and 1 M auth.log lines as a fleet's bundle of 5 000 small rotated
// files (where each file's own statements counted), ingested end to end vs a bare COPY of the
// same normalised rows.
// Goal (issue 17): ≤ 2× the time of a bare COPY of the same rows into an unindexed table.
import fs from 'node:fs';
import path from 'node:path';
import { sizeLabel } from './flow-ingest';
import { FLEET_FILES, FLEET_HOSTS, writeAuditBundle, writeAuthLogBundle, writeFleetAuthLogBundle } from './gen/synthetic-logs';
import { type BenchContext, type BenchResult, fmtInt } from './support/context';
import { type IngestCaseResult, ingestGoals, ingestTable, measureIngestVsCopy, sizeOf } from './support/ingest-vs-copy';

export async function benchLogIngest(ctx: BenchContext, n: number): Promise<BenchResult> {
  const cases: IngestCaseResult[] = [];
  const labels = {
    syslog: `auth.log RFC 3164 ${sizeLabel(n)}`,
    auditd: `auditd raw ${sizeLabel(n)}`,
    fleet: `auth.log RFC 3164 ${sizeLabel(n)} in ${fmtInt(FLEET_HOSTS * FLEET_FILES.length)} files`,
  };
  for (const dialect of ['syslog', 'auditd', 'fleet'] as const) {
    const dir = path.join(ctx.workDir, `logs-${dialect}-${sizeLabel(n)}`);
    ctx.log(`log ingest: generating ${labels[dialect]}`);
    try {
      if (dialect === 'syslog') await writeAuthLogBundle(dir, n);
      else if (dialect === 'auditd') await writeAuditBundle(dir, n);
      else await writeFleetAuthLogBundle(dir, n);
      const label = labels[dialect];
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
      '10-host bundles (`<host>/var/log/auth.log`, `<host>/var/log/audit/audit.log`) and a 1 000-host bundle of five rotated files each (`<host>/var/log/auth.log`, `auth.log.1` … `auth.log.4`): RFC 3164 sshd/pam/CRON/sudo/logind lines, and auditd events (80 % execve SYSCALL+EXECVE+CWD+PATH×2+PROCTITLE, 15 % connect, 5 % file write), ingested through `ingestUpload` in a child process; baseline: bare `COPY … FROM STDIN` of the same pre-rendered rows into a table with the same columns and no index or constraint, beside the same COPY into the indexed `log_event` table (the baseline before 2026-12-05), same run. Rate is events (rows) per second.',
    table: ingestTable(cases, 'events'),
    goals: ingestGoals(cases),
    details: { n, cases },
  };
}
