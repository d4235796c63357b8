// The CLI's stable JSON document (`sightline analyze --json`). Later work may ADD fields;
// it never renames or removes one. The dashboard's headline numbers come from the same queries.
import { type Advice, getAdvice } from '../advice/advice';
import { getPool, getPrisma } from '../db/client';
import { getActivities } from '../queries/get-activities';
import { type BlindSpotRow, getBlindSpots } from '../queries/get-blind-spots';
import { getFileErrors, getFiles } from '../queries/get-files';
import { getHosts } from '../queries/get-hosts';
import { getQuietedPairs, type QuietedPairRow } from '../queries/get-quieted-pairs';
import { getStageCoverage } from '../queries/get-stage-coverage';
import { getStageVerdicts } from '../verdicts/get-stage-verdicts';
import type { StageVerdict } from '../verdicts/stage-verdicts';

/** At most this many located errors are listed; `errorsTotal` tells how many there were. */
export const MAX_JSON_ERRORS = 1000;

export interface AssessmentJson {
  assessmentId: string;
  files: {
    path: string;
    kind: string;
    format: string | null;
    /** Records stored: for flows, two-way flows after one-way records were stitched. */
    records: number;
    /** Added: records read from the input (what `nfdump -c` or an exporter counts): `records` plus the replies stitched into them. */
    recordsRead: number;
    errors: number;
  }[];
  errors: { path: string; line: number | null; offset: number | null; reason: string }[];
  errorsTotal: number;
  errorsCapped: boolean;
  hosts: { name: string; ips: string[] }[];
  /** Each host with where its name and each address came from, and addresses left for a person to decide. */
  hostIdentity: {
    name: string;
    nameFrom: string | null;
    addresses: { ip: string; source: string; confidence: number; basis: string | null }[];
    undecided: { ip: string; reason: string }[];
  }[];
  /** `unknown` added: one source saw it, the other cannot be tied to the host (not in networkOnly / logsOnly). */
  stages: { stage: string; networkOnly: number; logsOnly: number; both: number; unknown: number }[];
  activities: {
    id: string;
    stage: string;
    technique: string;
    host: string | null;
    hostIps: string[];
    peer: string | null;
    start: string;
    end: string;
    network: string;
    logs: string;
    summary: string;
    /** Added: one line per source saying why it is marked so ("network: 12 flows … in the window"). */
    networkReason: string;
    logsReason: string;
  }[];
  /** Added for `sightline compare` (blind spots opened and closed). */
  blindSpots: BlindSpotRow[];
  /** Added: the right tool per stage — the field's claim beside what was measured. */
  verdicts: StageVerdict[];
  /** Added: changes that would close gaps, ranked by activities gained (ids as in `activities`). */
  advice: Advice[];
  /** Added: (source, destination, service) pairs a detector quieted as routine, each with its reason in words. */
  quieted: QuietedPairRow[];
}

export interface AssessmentJsonOptions {
  /** Upload id → the path as the user gave it (the CLI's arguments): files and problems are named by it, not by its base name. */
  givenPaths?: Map<string, string>;
}

/** `name` or `name:member` of an upload named `original`, renamed to the path the user gave. */
export function asGiven(path: string, original: string, given: string): string {
  if (path === original) return given;
  return path.startsWith(`${original}:`) ? `${given}${path.slice(original.length)}` : path;
}

/** One-way records that were stitched into a stored two-way flow, per file (each flow holds one more record read). */
async function stitchedPerFile(assessmentId: string): Promise<Map<string, number>> {
  const { rows } = await getPool().query<{ id: string; n: number }>(
    `SELECT source_file_id::text AS id, count(*)::float8 AS n FROM flow
     WHERE assessment_id = $1 AND rev_record_no IS NOT NULL GROUP BY source_file_id`,
    [assessmentId],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

export async function buildAssessmentJson(
  assessmentId: string,
  extraErrors: AssessmentJson['errors'] = [],
  opts: AssessmentJsonOptions = {},
): Promise<AssessmentJson> {
  const [files, errors, hosts, stages, activities, blindSpots, verdicts, advice, quieted] = await Promise.all([
    getFiles(assessmentId),
    getFileErrors(assessmentId, MAX_JSON_ERRORS),
    getHosts(assessmentId),
    getStageCoverage(assessmentId),
    getActivities(assessmentId),
    getBlindSpots(assessmentId),
    getStageVerdicts(assessmentId),
    getAdvice(assessmentId),
    getQuietedPairs(assessmentId),
  ]);
  const [stitched, uploads] = await Promise.all([
    stitchedPerFile(assessmentId),
    opts.givenPaths ? getPrisma().upload.findMany({ where: { assessmentId }, select: { id: true, originalName: true } }) : [],
  ]);
  const original = new Map(uploads.map((u) => [u.id, u.originalName]));
  const named = (path: string, uploadId: string | null) => {
    const given = uploadId ? opts.givenPaths?.get(uploadId) : undefined;
    const name = uploadId ? original.get(uploadId) : undefined;
    return given && name ? asGiven(path, name, given) : path;
  };
  const allErrors = [...extraErrors, ...errors.rows.map((e) => ({ ...e, path: named(e.path, e.uploadId) }))].slice(0, MAX_JSON_ERRORS);
  const total = errors.total + extraErrors.length;
  return {
    assessmentId,
    files: files.map((f) => ({
      path: named(f.path, f.uploadId),
      kind: f.kind,
      format: f.format,
      records: Number(f.records),
      recordsRead: Number(f.records) + (stitched.get(f.id) ?? 0),
      errors: f.errors,
    })),
    errors: allErrors.map((e) => ({ path: e.path, line: e.line, offset: e.offset, reason: e.reason })),
    errorsTotal: total,
    errorsCapped: total > allErrors.length,
    hosts: hosts.map((h) => ({ name: h.name, ips: h.ips })),
    hostIdentity: hosts.map((h) => ({
      name: h.name,
      nameFrom: h.nameBasis ?? null,
      addresses: (h.addresses ?? []).map((x) => ({ ip: x.ip, source: x.source, confidence: x.confidence, basis: x.basis })),
      undecided: (h.doubts ?? []).map((d) => ({ ip: d.ip, reason: d.reason })),
    })),
    stages: stages.map((s) => ({ stage: s.stage, networkOnly: s.networkOnly, logsOnly: s.logsOnly, both: s.both, unknown: s.unknown })),
    activities: activities.rows.map((a) => ({
      id: a.id,
      stage: a.stage,
      technique: a.technique,
      host: a.host,
      hostIps: a.hostIps,
      peer: a.peer,
      start: a.start,
      end: a.end,
      network: a.network,
      logs: a.logs,
      summary: a.summary,
      networkReason: a.networkReason ?? '',
      logsReason: a.logsReason ?? '',
    })),
    blindSpots,
    verdicts,
    advice,
    quieted,
  };
}
