// Log ingest (issue 4): 1 M auth.log (RFC 3164) lines and 1 M auditd events (several records
// each) as 10-host bundles, ingested end to end vs a bare COPY of the same normalised rows.
// Goals: ≥ 0.7 of bare COPY for syslog, ≥ 0.5 for auditd.
import fs from 'node:fs';
import path from 'node:path';
import { sizeLabel } from './flow-ingest';
import { writeAuditBundle, writeAuthLogBundle } from './gen/synthetic-logs';
import { type BenchContext, type BenchResult, fmtInt, fmtMs, fmtRate, fmtRatio } from './support/context';
import { type IngestCaseResult, measureIngestVsCopy, sizeOf } from './support/ingest-vs-copy';

const GOALS = { syslog: 0.7, auditd: 0.5 } as const;

export async function benchLogIngest(ctx: BenchContext, n: number): Promise<BenchResult> {
  const cases: (IngestCaseResult & { dialect: keyof typeof GOALS })[] = [];
  for (const dialect of ['syslog', 'auditd'] as const) {
    const dir = path.join(ctx.workDir, `logs-${dialect}-${sizeLabel(n)}`);
    ctx.log(`log ingest: generating ${fmtInt(n)} ${dialect === 'syslog' ? 'auth.log lines' : 'auditd events'}`);
    try {
      if (dialect === 'syslog') await writeAuthLogBundle(dir, n);
      else await writeAuditBundle(dir, n);
      const label = `${dialect === 'syslog' ? 'auth.log RFC 3164' : 'auditd raw'} ${sizeLabel(n)}`;
      cases.push({ ...(await measureIngestVsCopy(ctx, { label, input: dir, kind: 'logs', inputBytes: sizeOf(dir) })), dialect });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    name: 'log-ingest',
    title: 'Log ingest',
    command: 'npm run bench -- --only log-ingest',
    measures:
      '10-host bundles (`<host>/var/log/auth.log`, `<host>/var/log/audit/audit.log`): RFC 3164 sshd/pam/CRON/sudo/logind lines, and auditd events (80 % execve SYSCALL+EXECVE+CWD+PATH×2+PROCTITLE, 15 % connect, 5 % file write), ingested through `ingestUpload` in a child process; baseline: bare `COPY log_event … FROM STDIN` of the same pre-rendered rows, same run. Rate is events (rows) per second.',
    table: {
      headers: ['input', 'events', 'input size', 'ours (median)', 'ours ev/s', 'bare COPY (median)', 'COPY ev/s', 'ratio', 'peak RSS'],
      rows: cases.map((c) => [
        c.label,
        fmtInt(c.records),
        `${c.inputMiB} MiB`,
        fmtMs(c.oursMedianMs),
        fmtRate(c.oursPerSecond),
        fmtMs(c.bareCopyMedianMs),
        fmtRate(c.bareCopyPerSecond),
        fmtRatio(c.ratio),
        `${c.oursPeakRssMiB} MiB`,
      ]),
    },
    goals: cases.map((c) => ({ goal: `${c.label}: ≥ ${GOALS[c.dialect]} of bare COPY`, value: fmtRatio(c.ratio), isMet: c.ratio >= GOALS[c.dialect] })),
    details: { n, cases },
  };
}
