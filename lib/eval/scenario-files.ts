// Where a generated scenario's inputs are, read from its truth.json (the generator writes the
// logs bundle and inventory beside it and names the flow exports in `exporters`), and the
// activities of an analysed assessment in the shape `evaluate` takes.
import fs from 'node:fs';
import path from 'node:path';
import type { UploadKind } from '../assessments/service';
import { getActivities } from '../queries/get-activities';
import type { EvalActivity } from './evaluate';
import { type Truth, ZTruth } from './truth';

export function readTruth(file: string): Truth {
  return ZTruth.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The scenario's own files, in the order the CLI ingests them (logs, flows, inventory). */
export function scenarioInputs(truthFile: string, truth: Truth): { kind: UploadKind; path: string }[] {
  const dir = path.dirname(path.resolve(truthFile));
  return [
    { kind: 'logs', path: path.join(dir, 'logs.tar.gz') },
    ...truth.exporters.map((e) => ({ kind: 'flows' as const, path: path.join(dir, e.file) })),
    // A scenario generated without an inventory (identity from the logs and flows) has none.
    ...(fs.existsSync(path.join(dir, 'inventory.csv')) ? [{ kind: 'inventory' as const, path: path.join(dir, 'inventory.csv') }] : []),
  ];
}

export async function getEvalActivities(assessmentId: string): Promise<EvalActivity[]> {
  const { rows } = await getActivities(assessmentId);
  return rows.map((a) => ({
    id: a.id,
    stage: a.stage,
    host: a.host,
    hostIps: a.hostIps,
    peer: a.peer,
    start: a.start,
    end: a.end,
    network: a.network,
    logs: a.logs,
    severity: a.severity,
    summary: a.summary,
    technique: a.technique,
  }));
}
