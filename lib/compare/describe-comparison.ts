// The comparison in words, for the page, the report and the CLI's table: one sentence per
// stage that changed, then the activities and blind spots behind the change.
import { STAGE_LABELS, type Stage } from '../stages';
import type { ClassCounts, Comparison } from './compare-assessments';

const seen = (c: ClassCounts) => c.networkOnly + c.logsOnly + c.both;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function stageSentence(stage: Stage, before: ClassCounts, after: ClassCounts): string | null {
  const parts: string[] = [];
  const net = (c: ClassCounts) => c.networkOnly + c.both;
  const logs = (c: ClassCounts) => c.logsOnly + c.both;
  if (net(before) !== net(after)) parts.push(`the network saw ${net(before)} → ${net(after)}`);
  if (logs(before) !== logs(after)) parts.push(`the logs saw ${logs(before)} → ${logs(after)}`);
  if (before.both !== after.both) parts.push(`both ${before.both} → ${after.both}`);
  if (before.blind !== after.blind) parts.push(`blind ${before.blind} → ${after.blind}`);
  if (before.total !== after.total) parts.push(`activities ${before.total} → ${after.total}`);
  return parts.length ? `${STAGE_LABELS[stage]}: ${parts.join(', ')}.` : null;
}

export function describeComparison(c: Comparison): string[] {
  const lines: string[] = [];
  const before = c.stages.reduce((n, s) => n + seen(s.before), 0);
  const after = c.stages.reduce((n, s) => n + seen(s.after), 0);
  const count = (k: string) => c.activities.filter((a) => a.kind === k).length;
  lines.push(
    `“${c.after.name}” against “${c.before.name}”: ${after} of ${c.after.activities} activities seen by at least one source, was ${before} of ${c.before.activities}. ` +
      `${plural(count('became-visible'), 'activity', 'activities')} became visible to another source, ${count('became-invisible')} lost a source, ` +
      `${count('appeared')} appeared, ${count('disappeared')} disappeared, ${c.unchanged} unchanged.`,
  );
  for (const s of c.stages) {
    const line = stageSentence(s.stage, s.before, s.after);
    if (line) lines.push(line);
  }
  if (c.blindSpots) {
    const opened = c.blindSpots.filter((b) => b.change === 'opened').length;
    const closed = c.blindSpots.length - opened;
    if (opened || closed) lines.push(`Blind spots: ${closed} closed, ${opened} opened.`);
  }
  return lines;
}
