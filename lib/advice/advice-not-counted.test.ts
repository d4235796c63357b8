// The two changes the issue names that advice does not count, and the facts that keep them out
// (README, "Not advised"), checked so that the day they stop holding a test says so:
// - watches on credential files: no network detector reports a credential-file technique (flows
//   carry no file names), so the reads a watch would add are activities no source saw;
// - sshd `LogLevel VERBOSE`: on generated data with every gap at once, no activity the network
//   saw with an SSH session its host answered is missed by that host's sshd lines at INFO —
//   VERBOSE's extra `Connection from` would name no peer the INFO lines do not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb, getPool } from '../db/client';
import { detectors } from '../detect/registry';
import { DEMO_OPTIONS } from '../generate/demo';
import { generateScenario } from '../generate/generate-scenario';
import { runAnalyze, runIngest } from '../pipeline';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-not-counted-'));

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** ATT&CK techniques whose detection is a file read (data component File Access) of credentials. */
const CREDENTIAL_FILE_TECHNIQUES = ['T1003.008', 'T1552.001', 'T1552.004'];

describe('changes advice does not count', () => {
  it('credential-file watches: no network detector reports a credential-file technique', () => {
    const network = detectors.filter((d) => d.source === 'network');
    expect(network.length).toBeGreaterThan(0);
    expect(network.filter((d) => d.techniques.some((t) => CREDENTIAL_FILE_TECHNIQUES.includes(t))).map((d) => d.id)).toEqual([]);
  });

  it('sshd LogLevel VERBOSE: every activity with an answered SSH session from its peer is already in the INFO lines', async () => {
    const g = await generateScenario({
      outDir: path.join(dir, 'gaps'),
      ...DEMO_OPTIONS,
      attacks: [...DEMO_OPTIONS.attacks, 'post-exploit'],
      sources: { auditNoRules: ['mail01', 'web01', 'db01'] },
    });
    const id = await createAssessment({ name: 'verbose' });
    for (const i of [
      { kind: 'logs' as const, file: g.files.logsDir },
      { kind: 'flows' as const, file: g.files.flows[0] as string },
      { kind: 'inventory' as const, file: g.files.inventory },
    ])
      await runIngest(await addLocalUpload({ assessmentId: id, ...i }));
    await runAnalyze(id);
    const answered = `EXISTS (SELECT 1 FROM activity_evidence e JOIN flow f ON f.assessment_id = e.assessment_id AND f.id = e.record_id
        WHERE e.assessment_id = a.assessment_id AND e.activity_id = a.id AND e.source = 'network'
          AND ((f.src_ip = a.peer AND host(f.dst_ip) = ANY(a.host_ips) AND f.dst_port = 22 AND coalesce(f.rev_packets, 0) > 0)
            OR (f.dst_ip = a.peer AND host(f.src_ip) = ANY(a.host_ips) AND f.src_port = 22)))`;
    const sshdHost = `EXISTS (SELECT 1 FROM log_event l WHERE l.assessment_id = a.assessment_id AND l.host_name = a.host_name AND l.program IN ('sshd', 'sshd-session'))`;
    const { rows } = await getPool().query<{ id: string; seen: boolean }>(
      `SELECT a.id::text AS id, a.logs IN ('detected', 'evidence') AS seen FROM activity a
       WHERE a.assessment_id = $1 AND a.peer IS NOT NULL AND a.network IN ('detected', 'evidence') AND ${sshdHost} AND ${answered}`,
      [id],
    );
    // The check has something to check: SSH sessions the network saw on hosts that log sshd.
    if (process.env.ADVICE_DEBUG) console.log(rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.seen)).toEqual([]);
  }, 300_000);
});
