// The log events the log detectors scan, as one row source `e` (issue 17). Every log detector
// used to make its own pass over the assessment's log_event rows, rebuilding the command line
// (`array_to_string(argv, ' ')`) and the program's basename once per pattern that reads them, on
// rows of every kind. The detect stage now copies the rows a detector can match, once per
// analysis, into a narrow temporary table (lib/detect/shared-passes.ts, `detect_log_event`):
// without `raw` (the widest column) and with the derived text computed once:
//
//   cmd    the command line, CMD of ./patterns.ts
//   prog   the program's file name, PROG of ./patterns.ts
//   ppid   auditd's parent pid of an exec record (web-server-exec looks its parent up), else NULL
//
// Rows of kind `syslog` (lines no parser understood) and `audit` records that name no path are
// left out: no detector's predicate can match them. A detector run on its own (a test, one
// detector re-run) reads the same columns computed from log_event (`logEventRows`, every kind,
// with `raw`), so shared-passes-logs.test.ts can check that both paths write the same detections.
import type { SharedPasses } from '../shared-passes';

/** The command line of the log_event row aliased `a` (auditd EXECVE argv, sudo COMMAND, cron CMD). */
export function cmdOf(a: string): string {
  return `array_to_string(${a}.argv, ' ')`;
}

/** The program's file name of the log_event row aliased `a`: exe basename, else argv[0]'s. */
export function progOf(a: string): string {
  return `regexp_replace(coalesce(${a}.exe, ${a}.argv[1], ${a}.program, ''), '^.*/', '')`;
}

/**
 * auditd's parent pid of the log_event row aliased \`a\`: the column the parser filled (the
 * SYSCALL record's ppid=), else — rows ingested before the column existed — the first
 * \`ppid=N\` between spaces or quotes of \`raw\`, matched from the first \`ppid=\` on (one
 * character before it, for the space: no match can start earlier, and the regex need not walk
 * the record's long EXECVE part). The regex cost 1.5 s of the week's 143 k exec events.
 */
export function ppidOf(a: string): string {
  return `coalesce(${a}.ppid, (substring(substr(${a}.raw, strpos(${a}.raw, 'ppid=') - 1) FROM '[ "]ppid=([0-9]{1,9})[ "]'))::int)`;
}

/** The parent pid of an exec record (web-server-exec looks its parent up), else NULL. */
const PPID = `CASE WHEN e.kind = 'exec' THEN ${ppidOf('e')} END`;

const COLUMNS = `e.id, e.assessment_id, e.ts, e.host_name, e.program, e.pid, e.kind, e.user_name, e.uid, e.euid, e.auid, e.exe, e.argv, e.cwd,
  e.paths, e.src_ip, e.src_port, e.dst_ip, e.dst_port, e.result, ${cmdOf('e')} AS cmd, ${progOf('e')} AS prog, ${PPID} AS ppid`;

/** Rows no log detector's predicate can match (see the header). */
const MATCHABLE = `e.kind <> 'syslog' AND (e.kind <> 'audit' OR cardinality(e.paths) > 0)`;

/** The SQL that fills the shared table: the matchable rows of assessment `$1`, without `raw`. */
export function sharedLogEventsSql(): string {
  return `SELECT ${COLUMNS} FROM log_event e WHERE e.assessment_id = $1 AND ${MATCHABLE}`;
}

/** Every log_event row of assessment `$1` with the derived columns and `raw`: the row source of a detector run alone. */
export function logEventRows(): string {
  return `(SELECT ${COLUMNS}, e.raw FROM log_event e WHERE e.assessment_id = $1)`;
}

/**
 * The row source a log detector reads as `e` (`FROM ${logEventsOf(shared)} e`): the detect
 * stage's shared table when there is one, else the rows computed from log_event. The shared
 * table has no `raw`: a detector that reads it passes `raw` and always gets log_event's rows.
 */
export function logEventsOf(shared: SharedPasses | undefined, opts: { raw?: boolean } = {}): string {
  return shared?.logEvents && !opts.raw ? shared.logEvents : logEventRows();
}
