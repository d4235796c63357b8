// Report CRUD. The snapshot column is written once, at creation; only title and summary change.
import { getPrisma } from '../db/client';
import { AppError } from '../http/errors';
import { answerText } from './answer';
import { answerOf, buildSnapshot, type ReportSnapshot, readSnapshot } from './snapshot';

export interface ReportListItem {
  id: string;
  title: string;
  assessmentName: string;
  createdAt: string;
  activeLinks: number;
}

export interface ReportDetail {
  id: string;
  title: string;
  summary: string;
  createdAt: string;
  updatedAt: string;
  snapshot: ReportSnapshot;
}

const notFound = (id: string) => new AppError('not_found', `report ${id} not found`, 'This report does not exist.');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createReport(input: { assessmentId: string; title?: string; userId: string }): Promise<string> {
  const snapshot = await buildSnapshot(input.assessmentId);
  const title = input.title?.trim() || `${snapshot.assessmentName} — ${snapshot.frozenAt.slice(0, 10)}`;
  const r = await getPrisma().report.create({
    // The executive summary starts as the generated answer; the SOC lead edits it from there.
    data: { assessmentId: input.assessmentId, createdById: input.userId, title, summary: answerText(answerOf(snapshot)), snapshot: snapshot as object },
  });
  return r.id;
}

/**
 * The report list: names only. The snapshot (megabytes for a large assessment) stays in the
 * database; only its assessment name is extracted there (issue 20, finding 5).
 */
export async function listReports(now = new Date()): Promise<ReportListItem[]> {
  const rows = await getPrisma().$queryRaw<{ id: string; title: string; created_at: Date; assessment_name: string | null; active_links: number }[]>`
    SELECT r.id::text AS id, r.title, r.created_at, r.snapshot->>'assessmentName' AS assessment_name,
           (SELECT count(*)::int FROM share_link s WHERE s.report_id = r.id AND s.revoked_at IS NULL AND s.expires_at > ${now}) AS active_links
    FROM report r ORDER BY r.created_at DESC`;
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    assessmentName: r.assessment_name ?? '',
    createdAt: r.created_at.toISOString(),
    activeLinks: r.active_links,
  }));
}

export async function getReport(id: string): Promise<ReportDetail | null> {
  if (!UUID.test(id)) return null;
  const r = await getPrisma().report.findUnique({ where: { id } });
  if (!r) return null;
  return {
    id: r.id,
    title: r.title,
    summary: r.summary,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    snapshot: readSnapshot(r.snapshot),
  };
}

export async function updateReport(id: string, patch: { title?: string; summary?: string }): Promise<void> {
  if (!UUID.test(id)) throw notFound(id);
  const n = await getPrisma().report.updateMany({ where: { id }, data: patch });
  if (n.count === 0) throw notFound(id);
}

export async function deleteReport(id: string): Promise<void> {
  if (!UUID.test(id)) throw notFound(id);
  const n = await getPrisma().report.deleteMany({ where: { id } });
  if (n.count === 0) throw notFound(id);
}
