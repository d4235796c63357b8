// "Create report" freezes what the assessment page shows into one immutable JSON document.
// Later re-runs rewrite the activity tables, never this copy. Activity ids are renumbered
// and the assessment id is kept out of the document so a shared report reveals no ids.
import { getPool, getPrisma } from '../db/client';
import { AppError } from '../http/errors';
import { type ActivityRow, getActivities } from '../queries/get-activities';
import { type BlindSpotRow, getBlindSpots } from '../queries/get-blind-spots';
import { getFileErrors, getFiles } from '../queries/get-files';
import { getHosts, type HostRow } from '../queries/get-hosts';
import { getStageCoverage, type StageCoverage } from '../queries/get-stage-coverage';
import { readSettings, type Settings } from '../settings';
import { type Answer, buildAnswer, factsFromActivities } from './answer';

/** Raw log lines kept per activity: enough to show what the logs said, small enough to share. */
export const EVIDENCE_LINES_PER_ACTIVITY = 5;

export interface SnapshotFile {
  path: string;
  kind: string;
  format: string | null;
  records: number;
  errors: number;
}

export interface ReportSnapshot {
  version: 1;
  assessmentName: string;
  frozenAt: string;
  analyzedAt: string | null;
  timeZone: string;
  attackVersion: string;
  settings: Settings;
  coverage: StageCoverage[];
  activities: ActivityRow[];
  /** Raw log lines behind each activity (by the snapshot's activity id); shown on share pages only if allowed. */
  evidence: Record<string, string[]>;
  blindSpots: BlindSpotRow[];
  hosts: HostRow[];
  files: SnapshotFile[];
  errorsTotal: number;
  /** The answer in words, frozen with the data (absent in reports made before it existed: see answerOf). */
  answer?: Answer;
}

async function getEvidenceLines(assessmentId: string): Promise<Map<string, string[]>> {
  const { rows } = await getPool().query<{ activity_id: string; raw: string }>(
    `SELECT e.activity_id::text AS activity_id, le.raw
     FROM (SELECT activity_id, record_id,
                  row_number() OVER (PARTITION BY activity_id ORDER BY record_id) AS rn
           FROM activity_evidence WHERE assessment_id = $1 AND source = 'logs') e
     JOIN log_event le ON le.assessment_id = $1 AND le.id = e.record_id
     WHERE e.rn <= $2 ORDER BY e.activity_id, e.rn`,
    [assessmentId, EVIDENCE_LINES_PER_ACTIVITY],
  );
  const by = new Map<string, string[]>();
  for (const r of rows) by.set(r.activity_id, [...(by.get(r.activity_id) ?? []), r.raw]);
  return by;
}

export async function buildSnapshot(assessmentId: string, now = new Date()): Promise<ReportSnapshot> {
  const a = await getPrisma().assessment.findUnique({ where: { id: assessmentId } });
  if (!a) throw new AppError('not_found', `assessment ${assessmentId} not found`, 'This assessment does not exist.');
  if (a.status !== 'ready') {
    throw new AppError('conflict', `assessment ${assessmentId} is ${a.status}`, 'A report can only be created from a finished analysis.');
  }
  const [coverage, activities, blindSpots, hosts, files, errors, evidence] = await Promise.all([
    getStageCoverage(assessmentId),
    getActivities(assessmentId),
    getBlindSpots(assessmentId),
    getHosts(assessmentId),
    getFiles(assessmentId),
    getFileErrors(assessmentId, 0),
    getEvidenceLines(assessmentId),
  ]);
  const frozenEvidence: Record<string, string[]> = {};
  const frozenActivities = activities.rows.map((row, i) => {
    const id = String(i + 1);
    const lines = evidence.get(row.id);
    if (lines) frozenEvidence[id] = lines;
    return { ...row, id };
  });
  const answer = buildAnswer(factsFromActivities(frozenActivities, hosts), blindSpots);
  return {
    version: 1,
    assessmentName: a.name,
    frozenAt: now.toISOString(),
    analyzedAt: a.analyzedAt?.toISOString() ?? null,
    timeZone: a.timeZone,
    attackVersion: a.attackVersion,
    settings: readSettings(a.settings),
    coverage,
    activities: frozenActivities,
    evidence: frozenEvidence,
    blindSpots,
    hosts,
    files: files.map((f) => ({ path: f.path, kind: f.kind, format: f.format, records: Number(f.records), errors: f.errors })),
    errorsTotal: errors.total,
    answer,
  };
}

/** The stored JSON back as a snapshot; refuses documents of an unknown version. */
export function readSnapshot(json: unknown): ReportSnapshot {
  const s = json as Partial<ReportSnapshot> | null;
  if (s?.version !== 1 || !s || !Array.isArray(s.activities) || !Array.isArray(s.coverage)) {
    throw new Error('report snapshot has an unknown format');
  }
  return s as ReportSnapshot;
}

/** The snapshot's frozen answer; for a report frozen before answers existed, derived from its own rows. */
export function answerOf(s: ReportSnapshot): Answer {
  return s.answer ?? buildAnswer(factsFromActivities(s.activities, s.hosts), s.blindSpots);
}

/** What a share link may show: evidence lines only when the link allows raw lines. */
export function snapshotForShare(s: ReportSnapshot, showRawLines: boolean): ReportSnapshot {
  return showRawLines ? s : { ...s, evidence: {} };
}
