// File problems in words, counted per file and per line apart (issue 16, §8): a file no format
// reads is one problem of that file, unreadable lines are counted in the files that were read,
// and empty or known binary files are listed as skipped, never as problems.
import type { ProblemCounts } from '../queries/get-files';

const n = (x: number) => x.toLocaleString('en');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

export function problemSentence(c: ProblemCounts): string {
  const parts: string[] = [];
  if (c.filesNotRead > 0) parts.push(`${plural(c.filesNotRead, 'file', 'files')} in no format Sightline reads`);
  if (c.membersRefused > 0) parts.push(`${plural(c.membersRefused, 'archive member', 'archive members')} refused`);
  if (c.lines > 0)
    parts.push(`${plural(c.lines, 'unreadable line or record', 'unreadable lines or records')} in ${plural(c.filesWithLineProblems, 'file', 'files')}`);
  const problems = parts.length === 0 ? 'No problems' : `Problems: ${parts.join('; ')}`;
  const skipped =
    c.filesSkipped > 0
      ? ` ${plural(c.filesSkipped, 'empty or binary file was', 'empty or binary files were')} skipped (not ${c.filesSkipped === 1 ? 'a problem' : 'problems'}).`
      : '';
  return `${problems}.${skipped}`;
}

/**
 * The same counts from a report snapshot's file list: a file without a format either failed (it
 * has its problem) or was skipped (none); what the files do not hold are refused archive members.
 */
export function countsFromFiles(files: { format: string | null; errors: number }[], errorsTotal: number): ProblemCounts {
  const c: ProblemCounts = { filesNotRead: 0, membersRefused: 0, lines: 0, filesWithLineProblems: 0, filesSkipped: 0 };
  let inFiles = 0;
  for (const f of files) {
    inFiles += f.errors;
    if (f.format === null) {
      if (f.errors > 0) c.filesNotRead++;
      else c.filesSkipped++;
    } else if (f.errors > 0) {
      c.lines += f.errors;
      c.filesWithLineProblems++;
    }
  }
  c.membersRefused = Math.max(0, errorsTotal - inFiles);
  return c;
}
