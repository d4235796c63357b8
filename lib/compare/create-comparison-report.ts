// "Freeze this comparison": a report of the newer assessment whose snapshot also carries the
// comparison with the older one, so it is shared, exported and kept like any report.
// Activity ids of the live assessments are dropped: a shared report reveals no ids.
import { getPrisma } from '../db/client';
import { buildSnapshot } from '../report/snapshot';
import type { ActivityChange, Comparison } from './compare-assessments';
import { loadComparison } from './load-comparison';

const withoutId = (s: ActivityChange['before']) => (s ? { ...s, id: '' } : null);

export function comparisonForReport(c: Comparison): Comparison {
  return { ...c, activities: c.activities.map((a) => ({ ...a, before: withoutId(a.before), after: withoutId(a.after) })) };
}

export async function createComparisonReport(input: { beforeId: string; afterId: string; userId: string }): Promise<string> {
  const { afterId, comparison } = await loadComparison([input.beforeId, input.afterId]);
  const snapshot = { ...(await buildSnapshot(afterId)), comparison: comparisonForReport(comparison) };
  const title = `${comparison.after.name} compared with ${comparison.before.name}`.slice(0, 200);
  const r = await getPrisma().report.create({ data: { assessmentId: afterId, createdById: input.userId, title, snapshot: snapshot as object } });
  return r.id;
}
