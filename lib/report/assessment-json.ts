// The CLI's stable JSON document (`sightline analyze --json`). Later work may ADD fields;
// it never renames or removes one. The dashboard's headline numbers come from the same queries.
import { type Advice, getAdvice } from '../advice/advice';
import { getActivities } from '../queries/get-activities';
import { type BlindSpotRow, getBlindSpots } from '../queries/get-blind-spots';
import { getFileErrors, getFiles } from '../queries/get-files';
import { getHosts } from '../queries/get-hosts';
import { getStageCoverage } from '../queries/get-stage-coverage';
import { getStageVerdicts } from '../verdicts/get-stage-verdicts';
import type { StageVerdict } from '../verdicts/stage-verdicts';

/** At most this many located errors are listed; `errorsTotal` tells how many there were. */
export const MAX_JSON_ERRORS = 1000;

export interface AssessmentJson {
  assessmentId: string;
  files: { path: string; kind: string; format: string | null; records: number; errors: number }[];
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
  stages: { stage: string; networkOnly: number; logsOnly: number; both: number }[];
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
  }[];
  /** Added for `sightline compare` (blind spots opened and closed). */
  blindSpots: BlindSpotRow[];
  /** Added: the right tool per stage — the field's claim beside what was measured. */
  verdicts: StageVerdict[];
  /** Added: changes that would close gaps, ranked by activities gained (ids as in `activities`). */
  advice: Advice[];
}

export async function buildAssessmentJson(assessmentId: string, extraErrors: AssessmentJson['errors'] = []): Promise<AssessmentJson> {
  const [files, errors, hosts, stages, activities, blindSpots, verdicts, advice] = await Promise.all([
    getFiles(assessmentId),
    getFileErrors(assessmentId, MAX_JSON_ERRORS),
    getHosts(assessmentId),
    getStageCoverage(assessmentId),
    getActivities(assessmentId),
    getBlindSpots(assessmentId),
    getStageVerdicts(assessmentId),
    getAdvice(assessmentId),
  ]);
  const allErrors = [...extraErrors, ...errors.rows].slice(0, MAX_JSON_ERRORS);
  const total = errors.total + extraErrors.length;
  return {
    assessmentId,
    files: files.map((f) => ({ path: f.path, kind: f.kind, format: f.format, records: Number(f.records), errors: f.errors })),
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
    stages: stages.map((s) => ({ stage: s.stage, networkOnly: s.networkOnly, logsOnly: s.logsOnly, both: s.both })),
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
    })),
    blindSpots,
    verdicts,
    advice,
  };
}
