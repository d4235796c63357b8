// The auditd advice is for hosts that record no process creations: a host that ships Sysmon for
// Linux events (process creation 1, network connection 3 — real ones, OTRF's Log4Shell capture)
// is not told to add auditd execve/connect rules for an activity its logs missed, while the same
// host shipping only plain syslog is. Everything else is equal: the flow the host opened to the
// peer, the network's detection, the correlation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { correlateNow, insertFlows, newAssessment } from '../../test/kits/detect';
import { addLocalUpload } from '../assessments/service';
import { closeDb, getPool } from '../db/client';
import { mapHostManually } from '../hosts/host-rows';
import { runIngest } from '../pipeline';
import { getAdvice } from './advice';

const SYSMON = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'public', 'sysmon-linux', 'otrf-log4shell-sysmon.log');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'advice-sysmon-'));

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const HOST = 'UBUNTU5';
const IP = '192.168.2.5';
const PEER = '198.51.100.9';

/** The host's logs (one file), then a large upload it made an hour later that only the network detected. */
async function assess(logFile: string) {
  const a = await newAssessment();
  await mapHostManually(a, HOST, IP);
  const r = await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file: logFile }));
  expect(r?.records ?? 0).toBeGreaterThan(0);
  const [flow] = await insertFlows(a, [
    { ts: '2022-05-11T19:30:00Z', durationS: 120, src: IP, dst: PEER, dport: 443, packets: 20_000, bytes: 30_000_000, revPackets: 9_000, revBytes: 500_000 },
  ]);
  await getPool().query(
    `INSERT INTO detection (assessment_id, detector, source, stage, technique, host_name, host_ip, peer, start_ts, end_ts, score, severity, summary, evidence_ids)
     VALUES ($1, 'network.large-outbound', 'network', 'actions', 'T1048', NULL, $2, $3, '2022-05-11T19:30:00Z', '2022-05-11T19:32:00Z', 0.6, 'low', 'upload', $4)`,
    [a, IP, PEER, [flow]],
  );
  await correlateNow(a, 300);
  const { rows } = await getPool().query('SELECT host_name, network, logs FROM activity WHERE assessment_id = $1', [a]);
  expect(rows).toEqual([{ host_name: HOST, network: 'detected', logs: 'blind' }]);
  return (await getAdvice(a)).filter((x) => x.kind === 'auditd-exec-connect');
}

describe('auditd advice and other host agents', () => {
  it('a host shipping Sysmon for Linux process creations is not told to add auditd rules; the same host with plain syslog is', async () => {
    expect(await assess(SYSMON)).toEqual([]);

    const plain = path.join(dir, 'syslog');
    fs.writeFileSync(
      plain,
      [
        '2022-05-11T18:10:20.400000+00:00 UBUNTU5 systemd[1]: Started Session 5 of user azureuser.',
        '2022-05-11T18:10:33.150000+00:00 UBUNTU5 CRON[17840]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
      ].join('\n'),
    );
    const advice = await assess(plain);
    expect(advice.map((x) => [x.host, x.activitiesGained, x.change])).toEqual([
      [HOST, 1, 'Run auditd with execve and connect rules on UBUNTU5 and ship /var/log/audit/audit.log'],
    ]);
  });
});
