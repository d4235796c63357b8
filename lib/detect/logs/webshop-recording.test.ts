// The log detectors on a real recording (test/fixtures/recordings/webshop-intrusion: hydra,
// OpenSSH, sudo, curl, pg_dump, tar, sshpass against real sshd, rsyslog and auditd; its
// truth.json written by hand from the captured lines). Read through the real ingest path, the log
// bundle alone must give each step the logs can see — on the truth's host, with its technique and
// kill-chain stage — and nothing on the benign baits around it: the ops admin's key logins with
// `sudo tail` every minute, the backup account's ssh/scp pull of the web root, the monitoring
// polls (Prometheus GET /healthz every 15 s in nginx's access log). The client side of the key plant (alpha's sshpass command line naming authorized_keys)
// writes nothing on alpha; alpha's ssh and sshpass command lines are found as SSH sessions to beta
// (logs.ssh-lateral-client), on beta with alpha as peer, as the flows and beta's sshd name them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runDetectors } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb, getPool } from '../../db/client';
import { resolveHosts } from '../../hosts/host-rows';
import { runIngest } from '../../pipeline';
import { detectors } from '../registry';

afterAll(closeDb);

const DIR = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'recordings', 'webshop-intrusion');
const truth = JSON.parse(fs.readFileSync(path.join(DIR, 'truth.json'), 'utf8')) as {
  steps: { step: string; stage: string; technique: string[]; host: string; start: string }[];
};
const STAGE: Record<string, string> = {
  Reconnaissance: 'recon',
  Delivery: 'delivery',
  Exploitation: 'exploitation',
  Installation: 'installation',
  C2: 'c2',
  'Actions on Objectives': 'actions',
};

/**
 * Step → the log detector that must find it (and, where it has one, the peer it must name; and the
 * technique and stage when they are not the step's: alpha's sshpass session that plants the key is
 * itself an SSH login to beta with a valid account — Lateral Movement, T1021.004 ≡ T1078 in
 * correlation, which merges it with the key login a minute later).
 */
const EXPECTED: [step: string, detector: string, peer: string | null, as?: { technique: string; stage: string }][] = [
  ['recon_service_probe_alpha', 'logs.web-scanner-ua', '203.0.113.66'],
  ['ssh_password_guessing_alpha', 'logs.ssh-password-guessing', '203.0.113.66'],
  ['valid_account_login_alpha', 'logs.ssh-bruteforce-success', '203.0.113.66'],
  ['sudo_root_alpha', 'logs.privilege-escalation', null],
  ['c2_curl_beacon_alpha', 'logs.command-beacon', '198.51.100.23'],
  ['credential_read_alpha', 'logs.sensitive-file-read', null],
  ['db_dump_alpha', 'logs.database-dump', null],
  ['archive_staging_alpha', 'logs.archive-staging', null],
  ['exfil_over_c2_alpha', 'logs.tool-upload', '198.51.100.23'],
  ['plant_ssh_key_beta', 'logs.authorized-keys', '10.20.30.10'],
  ['plant_ssh_key_beta', 'logs.ssh-lateral-client', '10.20.30.10', { technique: 'T1021.004', stage: 'exploitation' }],
  ['lateral_ssh_key_login_beta', 'logs.ssh-key-login', '10.20.30.10'],
  ['lateral_ssh_key_login_beta', 'logs.ssh-lateral-client', '10.20.30.10'],
  ['history_clear_alpha', 'logs.history-clear', null],
  ['staging_delete_alpha', 'logs.indicator-removal', null],
];

it('webshop-intrusion log bundle: every logs-visible step found with its host, technique and stage; the baits stay quiet', async () => {
  const a = await createAssessment({ name: 'webshop logs' });
  const r = await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file: path.join(DIR, 'logbundle.tar.gz') }));
  expect(r?.records ?? 0).toBeGreaterThan(1000);
  // Hosts first, as the analysis does: the client-side SSH detection names the destination host.
  const client = await getPool().connect();
  try {
    await client.query('BEGIN');
    await resolveHosts(client, a);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const found = await runDetectors(
    a,
    detectors.filter((d) => d.source === 'logs'),
  );

  const explained = new Set<(typeof found)[number]>();
  for (const [name, detector, peer, as] of EXPECTED) {
    const step = truth.steps.find((s) => s.step === name);
    if (!step) throw new Error(`${name} is not in truth.json`);
    const start = Date.parse(step.start);
    // The detection of the step: that detector, on the truth's host, within a minute of the step's start.
    const hits = found.filter((d) => d.detector === detector && d.hostName === step.host && Math.abs(d.startTs.getTime() - start) <= 60_000);
    expect(hits.length, `${name}: ${detector} on ${step.host}`).toBeGreaterThan(0);
    for (const d of hits) {
      explained.add(d);
      expect([name, d.stage, d.peer], d.summary).toEqual([name, as?.stage ?? STAGE[step.stage], peer]);
      expect(as === undefined ? step.technique.map((t) => t.split(' ')[0]) : [as.technique], `${name}: ${d.technique}`).toContain(d.technique);
    }
  }
  // Nothing else: no detection on the ops logins, the backup pull or alpha's ssh client line.
  expect(
    found.filter((d) => !explained.has(d)).map((d) => `${d.detector} ${d.hostName} ${d.summary}`),
    'detections that explain no step',
  ).toEqual([]);
  // Both T1552.001 (.pgpass, .env) and T1003.008 (/etc/shadow) are named for the credential reads.
  expect(
    found
      .filter((d) => d.detector === 'logs.sensitive-file-read')
      .map((d) => d.technique)
      .sort(),
  ).toEqual(['T1003.008', 'T1552.001']);
});
