// correlate() on hand-placed detections and records: which records count as evidence for an
// activity a source did not detect (direction, time window, long flows, host filter), what is
// merged, and that a re-run gives the same result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correlateNow, insertEvents, insertFlows, newAssessment } from '../../test/kits/detect';
import { closeDb, getPool } from '../db/client';
import { mapHostManually } from '../hosts/host-rows';

const T = Date.parse('2026-03-07T10:00:00Z');
const at = (s: number) => new Date(T + s * 1000).toISOString();
const WEB = '10.0.0.5';
const DB = '10.0.0.6';
const C2 = '192.0.2.66';
const EXFIL = '203.0.113.50';
const SCANNER = '198.51.100.7';

let id = '';
const ids: Record<string, bigint> = {};

async function detection(d: { source: string; stage: string; host?: string; hostIp?: string; peer?: string; from: number; to: number; evidence?: bigint[] }) {
  await getPool().query(
    `INSERT INTO detection (assessment_id, detector, source, stage, technique, host_name, host_ip, peer, start_ts, end_ts, score, severity, summary, evidence_ids)
     VALUES ($1, 'test', $2, $3, 'T0000', $4, $5, $6, $7, $8, 0.8, 'medium', $9, $10)`,
    [id, d.source, d.stage, d.host ?? null, d.hostIp ?? null, d.peer ?? null, at(d.from), at(d.to), `${d.source} ${d.stage}`, d.evidence ?? []],
  );
}

async function run(maxEvidence?: number) {
  return correlateNow(id, 300, maxEvidence);
}

async function activities() {
  const { rows } = await getPool().query(
    `SELECT a.id::text, a.stage, a.host_name AS host, host(a.peer) AS peer, a.network, a.logs, a.network_records AS "networkRecords",
            a.log_records AS "logRecords", cardinality(a.detection_ids) AS detections,
            coalesce((SELECT array_agg(record_id::text ORDER BY record_id) FROM activity_evidence e
                      WHERE e.assessment_id = a.assessment_id AND e.activity_id = a.id AND e.source = 'network'), '{}') AS flows,
            coalesce((SELECT array_agg(record_id::text ORDER BY record_id) FROM activity_evidence e
                      WHERE e.assessment_id = a.assessment_id AND e.activity_id = a.id AND e.source = 'logs'), '{}') AS events
     FROM activity a WHERE a.assessment_id = $1 ORDER BY a.stage, a.host_name, a.peer, a.start_ts`,
    [id],
  );
  return rows;
}

beforeAll(async () => {
  id = await newAssessment();
  await mapHostManually(id, 'web01', WEB);
  await mapHostManually(id, 'db01', DB);
  // c2, seen by the logs at 10:00–10:02 on web01; the network holds a 6-hour session that
  // began long before (evidence), one reply in the other direction (evidence), a flow that
  // ended before the window (not), and db01's flow to the same peer (not: another host).
  const [long] = await insertFlows(id, [{ ts: at(-5 * 3600), durationS: 6 * 3600, src: WEB, dst: C2, dport: 443 }]);
  const [reply] = await insertFlows(id, [{ ts: at(60), src: C2, dst: WEB, sport: 443, dport: 40000 }]);
  await insertFlows(id, [{ ts: at(-3600), durationS: 60, src: WEB, dst: C2, dport: 443 }]);
  await insertFlows(id, [{ ts: at(30), src: DB, dst: C2, dport: 443 }]);
  ids.long = long as bigint;
  ids.reply = reply as bigint;
  const [connect] = await insertEvents(id, [{ ts: at(10), kind: 'connect', exe: '/bin/bash', dst: C2, dport: 443 }]);
  await detection({ source: 'logs', stage: 'c2', host: 'web01', peer: C2, from: 0, to: 120, evidence: [connect as bigint] });
  // Exfiltration seen by the network from web01's address; the logs name the peer (one line in
  // the window, one on db01 which is another host, one after the window) — one is evidence.
  const [flow] = await insertFlows(id, [{ ts: at(7200), durationS: 30, src: WEB, dst: EXFIL, dport: 443, bytes: 9_000_000 }]);
  const [named] = await insertEvents(id, [{ ts: at(7210), kind: 'connect', exe: '/usr/bin/curl', dst: EXFIL, dport: 443 }]);
  await insertEvents(id, [
    { ts: at(7215), kind: 'connect', host: 'db01', exe: '/usr/bin/curl', dst: EXFIL, dport: 443 },
    { ts: at(7200 + 3600), kind: 'connect', exe: '/usr/bin/curl', dst: EXFIL, dport: 443 },
  ]);
  ids.named = named as bigint;
  await detection({ source: 'network', stage: 'actions', hostIp: WEB, peer: EXFIL, from: 7200, to: 7230, evidence: [flow as bigint] });
  // A scan of db01 seen by the network, twice within the tolerance (one activity), and by the
  // logs (sshd saw the scanner): merged into one activity seen by both.
  const scan = await insertFlows(
    id,
    Array.from({ length: 4 }, (_, i) => ({ ts: at(9000 + i * 200), src: SCANNER, dst: DB, dport: 22 + i })),
  );
  const [sshd] = await insertEvents(id, [{ ts: at(9100), kind: 'ssh_no_ident', host: 'db01', src: SCANNER, program: 'sshd' }]);
  await detection({ source: 'network', stage: 'recon', hostIp: DB, peer: SCANNER, from: 9000, to: 9200, evidence: scan.slice(0, 2) });
  await detection({ source: 'network', stage: 'recon', hostIp: DB, peer: SCANNER, from: 9400, to: 9600, evidence: scan.slice(2) });
  await detection({ source: 'logs', stage: 'recon', host: 'db01', peer: SCANNER, from: 9100, to: 9100, evidence: [sshd as bigint] });
  // Installation on db01 without a peer, seen by the network? No: logs only, and no flows can
  // show it; a peer-less network detection (nothing to probe by) stays blind in the logs
  // unless the host logged events of the kinds that stage leaves.
  await insertEvents(id, [{ ts: at(12_010), kind: 'cron_replace', host: 'db01', program: 'crontab' }]);
  await detection({ source: 'network', stage: 'installation', hostIp: DB, from: 12_000, to: 12_060 });
});

afterAll(closeDb);

describe('correlate', () => {
  it('finds network evidence in either direction, including a flow that began hours before the window', async () => {
    await run();
    const c2 = (await activities()).find((a) => a.stage === 'c2');
    expect(c2).toMatchObject({ host: 'web01', peer: C2, logs: 'detected', network: 'evidence', networkRecords: 2, logRecords: 1 });
    expect(c2.flows).toEqual([String(ids.long), String(ids.reply)]);
  });

  it("finds log evidence on the activity's host only, inside the window", async () => {
    const exfil = (await activities()).find((a) => a.stage === 'actions');
    expect(exfil).toMatchObject({ host: 'web01', peer: EXFIL, network: 'detected', logs: 'evidence', logRecords: 1 });
    expect(exfil.events).toEqual([String(ids.named)]);
  });

  it('merges detections of both sources and repeats within the tolerance into one activity', async () => {
    const recon = (await activities()).filter((a) => a.stage === 'recon');
    expect(recon).toHaveLength(1);
    expect(recon[0]).toMatchObject({ host: 'db01', peer: SCANNER, network: 'detected', logs: 'detected', detections: 3, networkRecords: 4, logRecords: 1 });
  });

  it("takes a peer-less activity's log evidence from the kinds of events its stage leaves", async () => {
    const inst = (await activities()).find((a) => a.stage === 'installation');
    expect(inst).toMatchObject({ host: 'db01', peer: null, network: 'detected', logs: 'evidence', logRecords: 1 });
  });

  it('links at most maxEvidence records a source holds but did not detect, the earliest first', async () => {
    await run(1);
    const c2 = (await activities()).find((a) => a.stage === 'c2');
    expect(c2).toMatchObject({ network: 'evidence', networkRecords: 1, logRecords: 1 });
    expect(c2.flows).toEqual([String(ids.long)]);
    await run();
  });

  it('gives the same result when run again', async () => {
    const before = (await activities()).map(({ id: _, ...a }) => a);
    expect(await run()).toBe(before.length);
    expect((await activities()).map(({ id: _, ...a }) => a)).toEqual(before);
  });
});
