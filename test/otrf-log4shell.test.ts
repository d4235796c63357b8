// The paired OTRF incident, seen by both sides: a hand-written expectation (beside this file)
// of what each source saw, met by the real pipeline on the real files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { closeDb, getPool } from '../lib/db/client';
import { runAnalyze, runIngest } from '../lib/pipeline';
import { buildAssessmentJson } from '../lib/report/assessment-json';
import { describeFixtures, fixture } from './fixtures';

const expected = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'otrf-log4shell.expected.json'), 'utf8'));

afterAll(closeDb);

describeFixtures('OTRF Log4Shell: what the network and the logs each saw', () => {
  it('meets the hand-written expectation', async () => {
    const id = await createAssessment({ name: 'otrf log4shell' });
    await runIngest(await addLocalUpload({ assessmentId: id, kind: 'logs', file: fixture(expected.inputs.logs) }));
    await runIngest(await addLocalUpload({ assessmentId: id, kind: 'flows', file: fixture(expected.inputs.flows) }));
    await runAnalyze(id);
    const doc = await buildAssessmentJson(id);
    expect(doc.hosts).toEqual(expected.hosts.map((h: { name: string; ips: string[] }) => ({ name: h.name, ips: h.ips })));
    expect(doc.activities).toHaveLength(expected.activities.length);

    const want = expected.activities[0];
    const shell = doc.activities.find((a) => a.technique === want.technique);
    expect(shell).toMatchObject({ stage: want.stage, host: want.host, peer: want.peer, network: want.network, logs: want.logs });
    const ports = await getPool().query<{ port: number }>(
      `SELECT DISTINCT f.dst_port AS port
       FROM activity_evidence ev JOIN flow f ON f.id = ev.record_id
       WHERE ev.assessment_id = $1 AND ev.activity_id = $2 AND ev.source = 'network'`,
      [id, shell?.id],
    );
    expect(ports.rows.map((r) => r.port).sort()).toEqual([...want.networkEvidencePorts].sort());
    const lines = await getPool().query<{ raw: string }>(
      `SELECT e.raw FROM activity_evidence ev JOIN log_event e ON e.id = ev.record_id
       WHERE ev.assessment_id = $1 AND ev.activity_id = $2 AND ev.source = 'logs'`,
      [id, shell?.id],
    );
    expect(lines.rows.some((r) => r.raw.includes(want.logEvidenceContains))).toBe(true);

    const java = doc.activities.find((a) => a.technique === expected.activities[1].technique);
    expect(java).toMatchObject({ host: 'UBUNTU5', peer: null, network: 'blind', logs: 'detected' });

    const exploit = expected.activities[2];
    expect(doc.activities.find((a) => a.technique === exploit.technique)).toMatchObject({
      stage: exploit.stage,
      host: exploit.host,
      peer: exploit.peer,
      network: exploit.network,
      logs: exploit.logs,
    });
  });
});
