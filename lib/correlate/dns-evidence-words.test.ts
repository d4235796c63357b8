// DNS logs as the network's evidence (issue 22 §3): an assessment whose only network upload is a
// DNS log (Zeek dns.log, EVE dns) still looks for the host's lookups, and every reason line
// counts flows and DNS queries apart instead of calling both "flows".
import { afterAll, describe, expect, it } from 'vitest';
import { correlateNow, insertEvents, insertFlows, newAssessment, uuid } from '../../test/kits/detect';
import { closeDb, getPool } from '../db/client';
import { mapHostManually } from '../hosts/host-rows';

afterAll(closeDb);

const WEB = '10.0.0.5';
const DB = '10.0.0.6';
const PEER = '203.0.113.80';
const T = Date.parse('2026-03-07T10:00:00Z');
const at = (s: number) => new Date(T + s * 1000).toISOString();

/** DNS queries by `client` answered with `answer`; returns their ids. */
async function lookups(a: string, client: string, answer: string, n: number): Promise<string[]> {
  const file = uuid();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { rows } = await getPool().query<{ id: string }>(
      `INSERT INTO dns_query (assessment_id, source_file_id, line_no, ts, client_ip, resolver_ip, query, registered_domain, qtype, rcode, answers, answer_ips)
       VALUES ($1, $2, $3, $4, $5, '10.0.0.53', 'tools.example.net', 'example.net', 'A', 'NOERROR', 1, ARRAY[$6]::inet[]) RETURNING id::text`,
      [a, file, i + 1, at(3 + i), client, answer],
    );
    ids.push(rows[0]?.id as string);
  }
  return ids;
}

async function detection(a: string, o: { source: 'logs' | 'network'; host: string | null; evidence: (string | bigint)[] }) {
  await getPool().query(
    `INSERT INTO detection (assessment_id, detector, source, stage, technique, host_name, peer, start_ts, end_ts, score, severity, summary, evidence_ids)
     VALUES ($1, 'test', $2, 'delivery', 'T1105', $3, $4, $5, $5, 0.8, 'medium', 'fetched a tool', $6)`,
    [a, o.source, o.host, PEER, at(5), o.evidence.map(String)],
  );
}

const reasons = async (a: string) =>
  (
    await getPool().query(
      `SELECT host_name AS host, network, network_records AS n, network_reason AS reason FROM activity WHERE assessment_id = $1 ORDER BY host_name`,
      [a],
    )
  ).rows;

describe('DNS queries in the network evidence', () => {
  it('with a DNS log and no flow export, the host’s lookups of the peer are evidence; a host without one is unknown, and says why', async () => {
    const a = await newAssessment();
    await mapHostManually(a, 'web01', WEB);
    await mapHostManually(a, 'db01', DB);
    await lookups(a, WEB, PEER, 2);
    await lookups(a, DB, '198.51.100.9', 1);
    const [w] = await insertEvents(a, [{ ts: at(5), kind: 'connect', exe: '/usr/bin/curl', dst: PEER, dport: 443 }]);
    const [d] = await insertEvents(a, [{ ts: at(5), kind: 'connect', exe: '/usr/bin/curl', dst: PEER, dport: 443, host: 'db01' }]);
    await detection(a, { source: 'logs', host: 'web01', evidence: [w as bigint] });
    await detection(a, { source: 'logs', host: 'db01', evidence: [d as bigint] });
    await correlateNow(a, 300);
    expect(await reasons(a)).toEqual([
      {
        host: 'db01',
        network: 'unknown',
        n: 0,
        reason: 'network: unknown — the assessment has no flow export (its DNS log holds no query that shows this step)',
      },
      {
        host: 'web01',
        network: 'evidence',
        n: 2,
        reason: `network: 2 DNS queries by ${WEB} answered with ${PEER} in the window (09:55:05–10:05:05 UTC); the assessment has no flow export, no detector fired`,
      },
    ]);
  });

  it('a network detection whose evidence is flows and DNS queries counts each by its name', async () => {
    const a = await newAssessment();
    await mapHostManually(a, 'web01', WEB);
    const flows = await insertFlows(a, [
      { ts: at(4), src: WEB, dst: PEER, dport: 443 },
      { ts: at(6), src: WEB, dst: PEER, dport: 443 },
    ]);
    const dns = await lookups(a, WEB, PEER, 3);
    await detection(a, { source: 'network', host: 'web01', evidence: [...flows, ...dns] });
    const b = await newAssessment();
    await mapHostManually(b, 'web01', WEB);
    await detection(b, { source: 'network', host: 'web01', evidence: await lookups(b, WEB, PEER, 1) });
    await correlateNow(a, 300);
    await correlateNow(b, 300);
    expect((await reasons(a)).map((r) => r.reason)).toEqual([`network: detected — 2 flows and 3 DNS queries ${WEB} ⇄ ${PEER}`]);
    expect((await reasons(b)).map((r) => r.reason)).toEqual([`network: detected — 1 DNS query ${WEB} ⇄ ${PEER}`]);
  });
});
