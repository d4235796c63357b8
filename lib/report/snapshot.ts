// "Create report" freezes what the assessment page shows into one immutable JSON document.
// Later re-runs rewrite the activity tables, never this copy. Activity ids are renumbered
// and the assessment id is kept out of the document so a shared report reveals no ids.

import { type Advice, getAdvice } from '../advice/advice';
import type { Comparison } from '../compare/compare-assessments';
import { getPool, getPrisma } from '../db/client';
import { AppError } from '../http/errors';
import { type ActivityRow, getActivities } from '../queries/get-activities';
import { type BlindSpotRow, getBlindSpots } from '../queries/get-blind-spots';
import { type ExposureRow, getExposures } from '../queries/get-exposures';
import { getFileErrors, getFiles } from '../queries/get-files';
import { getHosts, type HostRow } from '../queries/get-hosts';
import { getQuietedPairs, type QuietedPairRow } from '../queries/get-quieted-pairs';
import { getStageCoverage, type StageCoverage } from '../queries/get-stage-coverage';
import { readSettings, type Settings } from '../settings';
import { getStageVerdicts } from '../verdicts/get-stage-verdicts';
import type { StageVerdict } from '../verdicts/stage-verdicts';
import { type Answer, buildAnswer, factsFromActivities } from './answer';
import { redactSecrets } from './redact-secrets';

/** Raw log lines kept per activity: enough to show what the logs said, small enough to share. */
export const EVIDENCE_LINES_PER_ACTIVITY = 5;
/**
 * Characters kept of one evidence line, and of all of a snapshot's evidence. Without them,
 * 5 lines of 1 MiB per activity made a 104 MB snapshot and a 208 MB share page (issue 20,
 * finding 5). A real log line is well under 2 000 characters; 4 Mi characters hold 400 activities
 * of 5 full-length lines, and past it lines are left out and counted.
 */
export const MAX_EVIDENCE_LINE_CHARS = 2000;
export const MAX_EVIDENCE_CHARS = 4 * 1024 * 1024;
/**
 * Activities kept in one snapshot, in the order the page lists them (stage, then time); the rest
 * are counted. Summaries are at most 300 characters, so this keeps the activities near 5 MB.
 */
export const MAX_SNAPSHOT_ACTIVITIES = 10_000;

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
  /** Activities left out past MAX_SNAPSHOT_ACTIVITIES. */
  activitiesOmitted?: number;
  /** Evidence lines left out because the snapshot's evidence budget was spent. */
  evidenceOmitted?: number;
  /** Set on share views without raw lines: summaries passed through redactSecrets. */
  secretsRedacted?: boolean;
  /** Present when the report freezes a comparison with an older assessment (lib/compare/). */
  comparison?: Comparison;
  /** The right tool per stage (lib/verdicts/); absent in reports frozen before it existed. */
  verdicts?: StageVerdict[];
  /** Advice that closes gaps (lib/advice/), activity ids as renumbered in this snapshot. */
  advice?: Advice[];
  /** Exposed host+port pairs (lib/queries/get-exposures.ts); absent in reports frozen before it existed. */
  exposures?: ExposureRow[];
  /** Pairs quieted as routine, with their reasons (lib/queries/get-quieted-pairs.ts); absent in reports frozen before it existed. */
  quieted?: QuietedPairRow[];
  /** The answer in words, frozen with the data (absent in reports made before it existed: see answerOf). */
  answer?: Answer;
}

async function getEvidenceLines(assessmentId: string): Promise<Map<string, string[]>> {
  // Cut in SQL, so a line of a megabyte is never read whole into the server.
  const { rows } = await getPool().query<{ activity_id: string; raw: string }>(
    `SELECT e.activity_id::text AS activity_id,
            CASE WHEN length(le.raw) > ${MAX_EVIDENCE_LINE_CHARS} THEN left(le.raw, ${MAX_EVIDENCE_LINE_CHARS}) || '… (cut)' ELSE le.raw END AS raw
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
  const [coverage, activities, blindSpots, hosts, files, errors, evidence, verdicts, advice, exposures, quieted] = await Promise.all([
    getStageCoverage(assessmentId),
    getActivities(assessmentId),
    getBlindSpots(assessmentId),
    getHosts(assessmentId),
    getFiles(assessmentId),
    getFileErrors(assessmentId, 0),
    getEvidenceLines(assessmentId),
    getStageVerdicts(assessmentId),
    getAdvice(assessmentId),
    getExposures(assessmentId),
    getQuietedPairs(assessmentId),
  ]);
  const frozenEvidence: Record<string, string[]> = {};
  const frozenIds = new Map<string, string>();
  let evidenceChars = 0;
  let evidenceOmitted = 0;
  const frozenActivities = activities.rows.slice(0, MAX_SNAPSHOT_ACTIVITIES).map((row, i) => {
    const id = String(i + 1);
    frozenIds.set(row.id, id);
    const kept: string[] = [];
    for (const line of evidence.get(row.id) ?? []) {
      if (evidenceChars + line.length > MAX_EVIDENCE_CHARS) evidenceOmitted++;
      else {
        evidenceChars += line.length;
        kept.push(line);
      }
    }
    if (kept.length > 0) frozenEvidence[id] = kept;
    return { ...row, id };
  });
  const answer = buildAnswer(factsFromActivities(frozenActivities), blindSpots);
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
    ...(evidenceOmitted > 0 ? { evidenceOmitted } : {}),
    ...(activities.rows.length > MAX_SNAPSHOT_ACTIVITIES ? { activitiesOmitted: activities.rows.length - MAX_SNAPSHOT_ACTIVITIES } : {}),
    verdicts,
    advice: advice.map((a) => ({ ...a, activityIds: a.activityIds.flatMap((x) => frozenIds.get(x) ?? []) })),
    answer,
    exposures,
    quieted,
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
  return s.answer ?? buildAnswer(factsFromActivities(s.activities), s.blindSpots);
}

/**
 * What a share link may show: evidence lines only when the link allows raw lines; without
 * them, the secrets a summary quotes from a command line are redacted too (issue 20, finding 8).
 */
export function snapshotForShare(s: ReportSnapshot, showRawLines: boolean): ReportSnapshot {
  if (showRawLines) return s;
  return { ...s, evidence: {}, activities: s.activities.map((a) => ({ ...a, summary: redactSecrets(a.summary) })), secretsRedacted: true };
}
