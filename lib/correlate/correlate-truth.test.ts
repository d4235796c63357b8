// The rules that keep correlation truthful (issue 14 §3–§5, issue 22 §10), each with the case
// that contradicts it: evidence only from the activity's own host, `unknown` where a source
// cannot be tied to the host, one activity per technique (declared equivalences merge), a merged
// span covering every detection, and one line per source saying why it is marked so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correlateNow, insertEvents, insertFlows, newAssessment } from '../../test/kits/detect';
import { closeDb, getPool } from '../db/client';
import { mapHostManually } from '../hosts/host-rows';
import { mergeKeyOf } from './correlate';

const T = Date.parse('2026-03-07T10:00:00Z');
const at = (s: number) => new Date(T + s * 1000).toISOString();
const WEB = '10.0.0.5'; // web01: sends logs, mapped
const APPL = '10.0.0.9'; // sends no logs, mapped to nothing
const BETA = '10.0.0.11'; // beta: sends logs, mapped
const LONELY = '10.0.0.12'; // lonely: mapped, sends logs, but no flow has its address
const MON = '10.0.0.20';
const ATTACKER = '203.0.113.66';
const C2 = '198.51.100.23';

let id = '';

async function detection(d: {
  source: 'network' | 'logs';
  stage: string;
  technique: string;
  host?: string;
  hostIp?: string;
  peer?: string;
  from: number;
  to: number;
  evidence?: bigint[];
  score?: number;
}) {
  await getPool().query(
    `INSERT INTO detection (assessment_id, detector, source, stage, technique, host_name, host_ip, peer, start_ts, end_ts, score, severity, summary, evidence_ids)
     VALUES ($1, 'test', $2, $3, $4, $5, $6, $7, $8, $9, $10, 'medium', $11, $12)`,
    [
      id,
      d.source,
      d.stage,
      d.technique,
      d.host ?? null,
      d.hostIp ?? null,
      d.peer ?? null,
      at(d.from),
      at(d.to),
      d.score ?? 0.8,
      `${d.source} ${d.technique}`,
      d.evidence ?? [],
    ],
  );
}

interface Row {
  stage: string;
  technique: string;
  host: string | null;
  ips: string[];
  peer: string | null;
  network: string;
  logs: string;
  networkRecords: number;
  logRecords: number;
  detections: number;
  start: Date;
  end: Date;
  networkReason: string;
  logsReason: string;
}

let rows: Row[] = [];
const find = (technique: string, host?: string | null) =>
  rows.filter((r) => r.technique === technique && (host === undefined || r.host === host || r.ips.includes(host ?? '')));

beforeAll(async () => {
  id = await newAssessment();
  await mapHostManually(id, 'web01', WEB);
  await mapHostManually(id, 'beta', BETA);
  await mapHostManually(id, 'lonely', LONELY);
  // Hosts that send logs: web01, beta, lonely, and alpha (no address known).
  await insertEvents(id, [
    { ts: at(-3000), kind: 'syslog', host: 'web01', program: 'cron' },
    { ts: at(-3000), kind: 'syslog', host: 'beta', program: 'cron' },
    { ts: at(-3000), kind: 'syslog', host: 'lonely', program: 'cron' },
    { ts: at(-3000), kind: 'syslog', host: 'alpha', program: 'cron' },
  ]);
  await insertFlows(id, [{ ts: at(-3000), src: BETA, dst: '192.0.2.1', dport: 53, proto: 17 }]);

  // 1. A scan of the silent appliance (address mapped to no host): another host's logs name the
  // scanner in the window — they are not evidence of it, the logs are `unknown` for it.
  const scan = await insertFlows(
    id,
    Array.from({ length: 20 }, (_, i) => ({ ts: at(i), src: ATTACKER, dst: APPL, dport: 1000 + i, packets: 1, flags: 2 })),
  );
  await insertEvents(id, [{ ts: at(5), kind: 'ssh_no_ident', host: 'web01', program: 'sshd', src: ATTACKER }]);
  await detection({ source: 'network', stage: 'recon', technique: 'T1595.001', hostIp: APPL, peer: ATTACKER, from: 0, to: 19, evidence: scan });
  // …while the same scanner's scan of web01 (mapped, sends logs) finds that line as evidence.
  const scanWeb = await insertFlows(
    id,
    Array.from({ length: 20 }, (_, i) => ({ ts: at(i), src: ATTACKER, dst: WEB, dport: 1000 + i, packets: 1, flags: 2 })),
  );
  await detection({ source: 'network', stage: 'recon', technique: 'T1595.001', hostIp: WEB, peer: ATTACKER, from: 0, to: 19, evidence: scanWeb });

  // 2. SSH guessing against web01 seen in the logs (sshd failures): flows from the guesser to
  // port 22 are network evidence; the same guesser's flows to port 443 are not.
  const fails = await insertEvents(
    id,
    Array.from({ length: 10 }, (_, i) => ({ ts: at(3600 + i * 3), kind: 'ssh_failed', host: 'web01', program: 'sshd', src: '192.0.2.77' })),
  );
  const ssh = await insertFlows(
    id,
    Array.from({ length: 3 }, (_, i) => ({ ts: at(3600 + i * 10), src: '192.0.2.77', dst: WEB, dport: 22, durationS: 5 })),
  );
  const https = await insertFlows(id, [{ ts: at(3610), src: '192.0.2.77', dst: WEB, dport: 443 }]);
  await detection({ source: 'logs', stage: 'exploitation', technique: 'T1110.001', host: 'web01', peer: '192.0.2.77', from: 3600, to: 3627, evidence: fails });
  // The same for a guesser that only ever reached port 443: the network is blind to the guessing.
  const fails2 = await insertEvents(
    id,
    Array.from({ length: 10 }, (_, i) => ({ ts: at(7200 + i * 3), kind: 'ssh_failed', host: 'web01', program: 'sshd', src: '192.0.2.78' })),
  );
  await insertFlows(id, [{ ts: at(7210), src: '192.0.2.78', dst: WEB, dport: 443 }]);
  await detection({ source: 'logs', stage: 'exploitation', technique: 'T1110.001', host: 'web01', peer: '192.0.2.78', from: 7200, to: 7227, evidence: fails2 });
  ids.ssh = ssh.map(String);
  ids.https = https.map(String);

  // 3. Three persistence techniques on beta within one minute stay three rows; a peer-less
  // installation finds the new SSH session into beta (from alpha) that carried it as network
  // evidence — not the monitoring scrape of port 9100 beside it, not an interactive session
  // opened minutes before in which the other two were typed.
  await insertFlows(id, [{ ts: at(9_900), src: '10.0.0.10', dst: BETA, dport: 22, durationS: 200 }]);
  // …nor that session's next record cut by the exporter's active timeout (no SYN), at the step.
  await insertFlows(id, [{ ts: at(10_040), src: '10.0.0.10', dst: BETA, sport: 40000, dport: 22, durationS: 100, flags: 0x18 }]);
  const session = await insertFlows(id, [{ ts: at(10_019), src: '10.0.0.10', dst: BETA, dport: 22, durationS: 2 }]);
  await insertFlows(id, [{ ts: at(10_021), src: MON, dst: BETA, dport: 9100 }]);
  for (const [i, technique] of ['T1136.001', 'T1098.004', 'T1053.003'].entries()) {
    const [ev] = await insertEvents(id, [{ ts: at(10_000 + i * 20), kind: 'exec', host: 'beta', exe: '/bin/sh' }]);
    await detection({ source: 'logs', stage: 'installation', technique, host: 'beta', from: 10_000 + i * 20, to: 10_000 + i * 20, evidence: [ev as bigint] });
  }
  ids.session = session.map(String);
  // A peer-less installation on web01 with only a monitoring scrape in its window: blind.
  await insertFlows(id, [{ ts: at(20_010), src: MON, dst: WEB, dport: 9100 }]);
  await detection({ source: 'logs', stage: 'installation', technique: 'T1543.002', host: 'web01', from: 20_000, to: 20_000 });
  // A peer-less exploitation step on beta inside an SSH session that opened in its window:
  // commands typed in a session make no flow of their own — blind, not evidence.
  await insertFlows(id, [{ ts: at(30_000), src: '10.0.0.10', dst: BETA, dport: 22, durationS: 60 }]);
  await detection({ source: 'logs', stage: 'exploitation', technique: 'T1003.008', host: 'beta', from: 30_020, to: 30_020 });

  // 4. Equivalent techniques merge (flow-shaped guessing T1110 ↔ sshd failures T1110.001), the
  // merged span covers both; a different technique with the same host and peer stays apart.
  const sessions = await insertFlows(
    id,
    Array.from({ length: 5 }, (_, i) => ({ ts: at(40_000 + i * 60), src: '192.0.2.99', dst: WEB, dport: 22, durationS: 270 })),
  );
  const [fail] = await insertEvents(id, [{ ts: at(40_100), kind: 'ssh_failed', host: 'web01', program: 'sshd', src: '192.0.2.99' }]);
  await detection({ source: 'network', stage: 'delivery', technique: 'T1110', hostIp: WEB, peer: '192.0.2.99', from: 40_000, to: 40_510, evidence: sessions });
  await detection({
    source: 'logs',
    stage: 'exploitation',
    technique: 'T1110.001',
    host: 'web01',
    peer: '192.0.2.99',
    from: 40_100,
    to: 40_100,
    evidence: [fail as bigint],
  });
  await detection({
    source: 'network',
    stage: 'recon',
    technique: 'T1046',
    hostIp: WEB,
    peer: '192.0.2.99',
    from: 40_000,
    to: 40_010,
    evidence: sessions.slice(0, 1),
  });
  // A beacon on the wire and a curl loop in the logs to the same peer: one activity.
  const beacons = await insertFlows(
    id,
    Array.from({ length: 6 }, (_, i) => ({ ts: at(50_000 + i * 10), src: WEB, dst: C2, dport: 8080 })),
  );
  const curls = await insertEvents(
    id,
    Array.from({ length: 6 }, (_, i) => ({ ts: at(50_000 + i * 10), kind: 'exec', host: 'web01', exe: '/usr/bin/curl', dst: C2, dport: 8080 })),
  );
  await detection({ source: 'network', stage: 'c2', technique: 'T1071', hostIp: WEB, peer: C2, from: 50_000, to: 50_050, evidence: beacons });
  await detection({ source: 'logs', stage: 'c2', technique: 'T1071.001', host: 'web01', peer: C2, from: 50_000, to: 50_050, evidence: curls });

  // 5. Hosts a source cannot see: alpha sends logs but has no known address; lonely has an
  // address no flow carries; a named host that sends no logs; a detection with no host at all.
  await detection({ source: 'logs', stage: 'exploitation', technique: 'T1548.003', host: 'alpha', from: 60_000, to: 60_000 });
  await detection({ source: 'logs', stage: 'exploitation', technique: 'T1548.003', host: 'lonely', from: 60_000, to: 60_000 });
  await mapHostManually(id, 'quiet', '10.0.0.13');
  const quietFlows = await insertFlows(id, [{ ts: at(61_000), src: '10.0.0.13', dst: C2, dport: 443, bytes: 9_000_000 }]);
  await detection({ source: 'network', stage: 'actions', technique: 'T1048', hostIp: '10.0.0.13', peer: C2, from: 61_000, to: 61_001, evidence: quietFlows });
  await detection({ source: 'network', stage: 'recon', technique: 'T1595.002', peer: ATTACKER, from: 62_000, to: 62_010 });

  await correlateNow(id, 30);
  const res = await getPool().query<Row>(
    `SELECT stage, technique, host_name AS host, host_ips AS ips, host(peer) AS peer, network, logs, network_records AS "networkRecords",
            log_records AS "logRecords", cardinality(detection_ids) AS detections, start_ts AS start, end_ts AS "end",
            network_reason AS "networkReason", logs_reason AS "logsReason"
     FROM activity WHERE assessment_id = $1 ORDER BY start_ts, technique`,
    [id],
  );
  rows = res.rows;
});

const ids: Record<string, string[]> = {};

afterAll(closeDb);

async function evidence(technique: string, host: string, source: string): Promise<string[]> {
  const { rows: r } = await getPool().query<{ id: string }>(
    `SELECT e.record_id::text AS id FROM activity_evidence e JOIN activity a ON a.id = e.activity_id
     WHERE a.assessment_id = $1 AND a.technique = $2 AND a.host_name = $3 AND e.source = $4 AND NOT e.detected ORDER BY e.record_id`,
    [id, technique, host, source],
  );
  return r.map((x) => x.id);
}

describe('evidence comes from the activity’s own host', () => {
  it('another host’s lines are never evidence: the appliance’s scan is `unknown` for the logs, web01’s finds its own line', () => {
    const [appl] = find('T1595.001', APPL);
    expect(appl).toMatchObject({ host: null, network: 'detected', logs: 'unknown', logRecords: 0 });
    expect(appl?.logsReason).toBe(`logs: unknown — no log source is tied to ${APPL} (a host that sent logs has no known address, or the address is in doubt)`);
    const [web] = find('T1595.001', 'web01');
    expect(web).toMatchObject({ network: 'detected', logs: 'evidence', logRecords: 1 });
    expect(web?.logsReason).toMatch(/^logs: 1 events on web01 naming 203\.0\.113\.66 in the window \(.*; 1 ssh_no_ident\), no detector fired$/);
  });

  it("takes flows on the activity's service port only (port 22 for sshd failures, not 443)", async () => {
    const [guess] = rows.filter((r) => r.technique === 'T1110.001' && r.peer === '192.0.2.77');
    expect(guess).toMatchObject({ network: 'evidence', logs: 'detected', networkRecords: 3, logRecords: 10 });
    const got = await getPool().query<{ id: string }>(
      `SELECT e.record_id::text AS id FROM activity_evidence e JOIN activity a ON a.id = e.activity_id
       WHERE a.assessment_id = $1 AND host(a.peer) = '192.0.2.77' AND e.source = 'network' ORDER BY e.record_id`,
      [id],
    );
    expect(got.rows.map((r) => r.id)).toEqual(ids.ssh);
    expect(guess?.networkReason).toMatch(/^network: 3 flows 10\.0\.0\.5 ⇄ 192\.0\.2\.77 port 22 in the window/);
    expect(guess?.logsReason).toBe('logs: detected — 10 events on web01 (10 ssh_failed)');
    const [other] = rows.filter((r) => r.technique === 'T1110.001' && r.peer === '192.0.2.78');
    expect(other).toMatchObject({ network: 'blind', networkRecords: 0 });
    expect(other?.networkReason).toMatch(/^network: blind — no flow 10\.0\.0\.5 ⇄ 192\.0\.2\.78 port 22 in the window/);
  });

  it('a peer-less installation takes the new SSH session that carried it, not a scrape nor a session opened before', async () => {
    expect(await evidence('T1098.004', 'beta', 'network')).toEqual(ids.session);
    expect(find('T1136.001', 'beta')[0]).toMatchObject({ network: 'blind', networkRecords: 0 });
    expect(find('T1053.003', 'beta')[0]).toMatchObject({ network: 'blind', networkRecords: 0 });
    expect(find('T1098.004', 'beta')[0]?.networkReason).toMatch(/^network: 1 new sessions into 10\.0\.0\.11 \(remote administration\) as the step ran/);
    const [svc] = find('T1543.002', 'web01');
    expect(svc).toMatchObject({ network: 'blind', networkRecords: 0 });
  });

  it('a peer-less exploitation step typed in an open session has no flow of its own: blind', () => {
    const [cred] = find('T1003.008', 'beta');
    expect(cred).toMatchObject({ network: 'blind', networkRecords: 0, logs: 'detected' });
    expect(cred?.networkReason).toBe('network: blind — a step without a peer at this stage makes no flow of its own on 10.0.0.11');
  });
});

describe('unknown where a source cannot be tied to the host, blind where it can and holds nothing', () => {
  it('a host with no known address is unknown to the network; one whose known address no flow carries is blind to it', () => {
    expect(find('T1548.003', 'alpha')[0]).toMatchObject({ network: 'unknown', networkRecords: 0 });
    expect(find('T1548.003', 'alpha')[0]?.networkReason).toBe('network: unknown — no address known for alpha');
    expect(find('T1548.003', 'lonely')[0]).toMatchObject({ network: 'blind' });
    expect(find('T1548.003', 'lonely')[0]?.networkReason).toBe(`network: blind — no flow in the export involves ${LONELY}: no exporter on its path`);
  });

  it('a named host that never sent a log line is blind to the logs (network only); an activity with no host is unknown to both', () => {
    expect(find('T1048', 'quiet')[0]).toMatchObject({ network: 'detected', logs: 'blind' });
    expect(find('T1048', 'quiet')[0]?.logsReason).toBe('logs: blind — quiet sends no logs: nothing from it in the bundle');
    const [hostless] = find('T1595.002');
    expect(hostless).toMatchObject({ host: null, network: 'detected', logs: 'unknown' });
  });
});

describe('one activity per technique', () => {
  it('keeps three persistence techniques on one host within a minute as three rows', () => {
    expect(
      rows
        .filter((r) => r.host === 'beta' && r.stage === 'installation')
        .map((r) => r.technique)
        .sort(),
    ).toEqual(['T1053.003', 'T1098.004', 'T1136.001']);
  });

  it('merges declared equivalents (T1110 ↔ T1110.001, T1071 ↔ T1071.001), naming the sub-technique, spanning every detection', () => {
    const guess = rows.filter((r) => r.peer === '192.0.2.99');
    expect(guess.map((r) => r.technique).sort()).toEqual(['T1046', 'T1110.001']);
    const [merged] = guess.filter((r) => r.technique === 'T1110.001');
    expect(merged).toMatchObject({ network: 'detected', logs: 'detected', detections: 2, stage: 'exploitation' });
    expect(merged?.start.toISOString()).toBe(at(40_000));
    expect(merged?.end.toISOString()).toBe(at(40_510));
    const c2 = rows.filter((r) => r.peer === C2 && r.host === 'web01');
    expect(c2).toHaveLength(1);
    expect(c2[0]).toMatchObject({ technique: 'T1071.001', network: 'detected', logs: 'detected', detections: 2 });
  });

  it('declares each equivalence once: a technique’s merge key', () => {
    expect(mergeKeyOf('T1110')).toBe('T1110.001');
    expect(mergeKeyOf('T1071.001 Application Layer Protocol: Web Protocols')).toBe('T1071.001');
    expect(mergeKeyOf('T1098.004')).toBe('T1098.004');
    expect(mergeKeyOf('T1046')).not.toBe(mergeKeyOf('T1110.001'));
  });
});

describe('the logs’ window of a step ends where the next step with the same peer begins', () => {
  it('a half-open sweep does not take the guessing that followed as its evidence; a line before the guessing still counts', async () => {
    const a = await newAssessment();
    await mapHostManually(a, 'web01', WEB);
    const sweep = await insertFlows(
      a,
      Array.from({ length: 20 }, (_, i) => ({ ts: at(i), src: ATTACKER, dst: WEB, dport: 1000 + i, packets: 1, flags: 2 })),
    );
    const fails = await insertEvents(
      a,
      Array.from({ length: 10 }, (_, i) => ({ ts: at(60 + i), kind: 'ssh_failed', host: 'web01', program: 'sshd', src: ATTACKER })),
    );
    // Part of the guessing's session, not named by its detector (a pam line): still the guessing's.
    await insertEvents(a, [{ ts: at(75), kind: 'auth', host: 'web01', program: 'sshd', src: ATTACKER }]);
    const q = (x: string) => getPool().query(x.replaceAll('$A', `'${a}'`));
    const det = async (d: { source: string; stage: string; technique: string; from: number; to: number; evidence: bigint[] }) =>
      q(`INSERT INTO detection (assessment_id, detector, source, stage, technique, host_name, host_ip, peer, start_ts, end_ts, score, severity, summary, evidence_ids)
         VALUES ($A, 'test', '${d.source}', '${d.stage}', '${d.technique}', ${d.source === 'logs' ? "'web01'" : 'NULL'}, '${WEB}', '${ATTACKER}',
                 '${at(d.from)}', '${at(d.to)}', 0.8, 'medium', 's', '{${d.evidence.join(',')}}')`);
    await det({ source: 'network', stage: 'recon', technique: 'T1595.001', from: 0, to: 19, evidence: sweep });
    await det({ source: 'logs', stage: 'exploitation', technique: 'T1110.001', from: 60, to: 69, evidence: fails });
    const run = async () => {
      await correlateNow(a, 300);
      return (
        await getPool().query<{ logs: string; reason: string }>(
          `SELECT logs, logs_reason AS reason FROM activity WHERE assessment_id = $1 AND technique = 'T1595.001'`,
          [a],
        )
      ).rows[0];
    };
    const sweepRow = await run();
    expect(sweepRow?.logs).toBe('blind');
    expect(sweepRow?.reason).toMatch(/^logs: blind — web01 logged nothing naming 203\.0\.113\.66 in the window \(\S+–10:00:59 UTC\)/);
    // The contradicting case: the scanner's own line between the sweep and the guessing is evidence.
    await insertEvents(a, [{ ts: at(30), kind: 'ssh_no_ident', host: 'web01', program: 'sshd', src: ATTACKER }]);
    expect((await run())?.logs).toBe('evidence');
  });
});

describe('an address no host has: blind to the logs only when every host that sent logs has a known address', () => {
  async function logsOf(opts: { alphaAddress: boolean; doubt: boolean }): Promise<{ logs: string; reason: string }> {
    const aid = await newAssessment();
    await mapHostManually(aid, 'web01', WEB);
    if (opts.alphaAddress) await mapHostManually(aid, 'alpha', '10.0.0.30');
    await insertEvents(aid, [
      { ts: at(-3000), kind: 'syslog', host: 'web01', program: 'cron' },
      { ts: at(-3000), kind: 'syslog', host: 'alpha', program: 'cron' },
    ]);
    if (opts.doubt) {
      const { rows: h } = await getPool().query<{ id: string }>(`SELECT id FROM host WHERE assessment_id = $1 AND name = 'web01'`, [aid]);
      await getPool().query(
        `INSERT INTO host_address_doubt (assessment_id, host_id, ip, reason, matched, total) VALUES ($1, $2, $3, 'shared by two hosts', 3, 6)`,
        [aid, h[0]?.id, APPL],
      );
    }
    const ev = await insertFlows(aid, [{ ts: at(100), src: APPL, dst: C2, dport: 443, bytes: 9_000_000 }]);
    await getPool().query(
      `INSERT INTO detection (assessment_id, detector, source, stage, technique, host_ip, peer, start_ts, end_ts, score, severity, summary, evidence_ids)
       VALUES ($1, 'test', 'network', 'actions', 'T1048', $2, $3, $4, $5, 0.8, 'medium', 'exfil', $6)`,
      [aid, APPL, C2, at(100), at(101), ev],
    );
    await correlateNow(aid, 30);
    const { rows: r } = await getPool().query<{ logs: string; reason: string }>(
      `SELECT logs, logs_reason AS reason FROM activity WHERE assessment_id = $1 AND technique = 'T1048'`,
      [aid],
    );
    return r[0] as { logs: string; reason: string };
  }

  it('every host that sent logs has an address, none of them this one: blind (network only)', async () => {
    expect(await logsOf({ alphaAddress: true, doubt: false })).toEqual({
      logs: 'blind',
      reason: `logs: blind — no host in the bundle has address ${APPL}, and every host that sent logs has a known address`,
    });
  });

  it('a host that sent logs has no known address (it may be this one): unknown', async () => {
    expect((await logsOf({ alphaAddress: false, doubt: false })).logs).toBe('unknown');
  });

  it('the address is in doubt (shared, NAT): unknown', async () => {
    expect((await logsOf({ alphaAddress: true, doubt: true })).logs).toBe('unknown');
  });
});
