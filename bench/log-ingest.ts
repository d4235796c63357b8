// Log ingest (issue 4): 1 M auth.log (RFC 3164) lines and 1 M auditd events (several records
// each) as 10-host bundles, and 1 M auth.log lines as a fleet's bundle of 5 000 small rotated
// files (where each file's own statements counted), ingested end to end vs a bare COPY of the
// same normalised rows.
// Goal (issue 17): ≤ 2× the time of a bare COPY of the same rows into an unindexed table.
import fs from 'node:fs';
import path from 'node:path';
import { sizeLabel } from './flow-ingest';
import { FLEET_FILES, FLEET_HOSTS, writeAuditBundle, writeAuthLogBundle, writeFleetAuthLogBundle } from './gen/synthetic-logs';
import { type BenchContext, type BenchResult, fmtInt, type Goal } from './support/context';
import { type IngestCaseResult, ingestGoals, ingestTable, measureIngestVsCopy, rssGoals, sizeOf } from './support/ingest-vs-copy';

const DIALECTS = ['syslog', 'auditd', 'fleet'] as const;
type Dialect = (typeof DIALECTS)[number];
const NAMES: Record<Dialect, string> = {
  syslog: 'auth.log RFC 3164',
  auditd: 'auditd raw',
  fleet: `auth.log RFC 3164 in ${fmtInt(FLEET_HOSTS * FLEET_FILES.length)} files`,
};
const labelOf = (dialect: Dialect, n: number): string =>
  dialect === 'fleet' ? `${NAMES.syslog} ${sizeLabel(n)} in ${fmtInt(FLEET_HOSTS * FLEET_FILES.length)} files` : `${NAMES[dialect]} ${sizeLabel(n)}`;

export async function benchLogIngest(ctx: BenchContext, sizes: readonly number[]): Promise<BenchResult> {
  const cases: IngestCaseResult[] = [];
  for (const n of sizes) {
    for (const dialect of DIALECTS) {
      const dir = path.join(ctx.workDir, `logs-${dialect}-${sizeLabel(n)}`);
      const label = labelOf(dialect, n);
      ctx.log(`log ingest: generating ${label}`);
      try {
        if (dialect === 'syslog') await writeAuthLogBundle(dir, n);
        else if (dialect === 'auditd') await writeAuditBundle(dir, n);
        else await writeFleetAuthLogBundle(dir, n);
        cases.push(await measureIngestVsCopy(ctx, { label, input: dir, kind: 'logs', inputBytes: sizeOf(dir) }));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const goals: Goal[] = [
    ...ingestGoals(cases),
    ...rssGoals(
      DIALECTS.map((dialect) => ({
        name: NAMES[dialect],
        sized: sizes.map((n) => ({ size: sizeLabel(n), c: cases.find((c) => c.label === labelOf(dialect, n)) })),
      })),
    ),
  ];
  // The default run (1 M) is `log-ingest`; other sizes get their own file.
  const isDefault = sizes.length === 1 && sizes[0] === 1_000_000;
  const suffix = isDefault ? '' : `-${sizes.map(sizeLabel).join('-')}`;
  return {
    name: `log-ingest${suffix}`,
    title: `Log ingest${suffix ? ` (${sizes.map(sizeLabel).join(', ')})` : ''}`,
    command: `npm run bench -- --only log-ingest${isDefault ? '' : ` --log-events ${sizes.map(sizeLabel).join(',')}`}`,
    measures:
      '10-host bundles (`<host>/var/log/auth.log`, `<host>/var/log/audit/audit.log`) and a 1 000-host bundle of five rotated files each (`<host>/var/log/auth.log`, `auth.log.1` … `auth.log.4`): RFC 3164 sshd/pam/CRON/sudo/logind lines, and auditd events (80 % execve SYSCALL+EXECVE+CWD+PATH×2+PROCTITLE, 15 % connect, 5 % file write), ingested through `ingestUpload` in a child process; baseline: bare `COPY … FROM STDIN` of the same pre-rendered rows into a table with the same columns and no index or constraint, beside the same COPY into the indexed `log_event` table (the baseline before 2026-12-05), same run. Rate is events (rows) per second.',
    table: ingestTable(cases, 'events'),
    goals,
    details: { sizes, cases },
  };
}
