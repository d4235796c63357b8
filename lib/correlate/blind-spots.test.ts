// The blind-spot step reads the rollups written at ingest instead of every record. Its claim is
// exactness: for any data and any gap setting the rollups give the same blind spots as the
// definitions over the records themselves. Checked here against those definitions, written
// out as plain SQL over flow and log_event, on random data with silences of every length.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEvents, insertFlows, newAssessment, type TestEvent, type TestFlow } from '../../test/kits/detect';
import { closeDb, getPool } from '../db/client';
import { Rng } from '../generate/prng';
import { mapHostManually } from '../hosts/host-rows';
import { getBlindSpots } from '../queries/get-blind-spots';
import { maxFlowSeconds } from '../records/rollups';
import { silentHostSentence } from '../report/silent-hosts';
import { DEFAULT_INTERNAL_RANGES } from '../settings';
import { findBlindSpots } from './blind-spots';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const HOSTS = ['web01', 'db01', 'mail01', 'quiet01'];

let id = '';
let longestS = 0;

/** Timestamps with bursts and silences from seconds to hours, in random order. */
function times(rng: Rng, n: number): number[] {
  const out: number[] = [];
  let t = T0 + rng.int(0, 600) * 1000;
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    t += (r < 0.7 ? rng.int(0, 90) : r < 0.9 ? rng.int(90, 3000) : r < 0.97 ? rng.int(3000, 9000) : rng.int(9000, 30_000)) * 1000 + rng.int(0, 999);
    out.push(t);
  }
  return out.sort(() => rng.next() - 0.5);
}

beforeAll(async () => {
  id = await newAssessment();
  const rng = new Rng(11, 'blind-spot-rollups');
  await mapHostManually(id, 'web01', '10.0.0.5');
  await mapHostManually(id, 'db01', '10.0.0.6');
  await mapHostManually(id, 'nolog01', '10.0.0.9');
  await mapHostManually(id, 'mail01', '10.0.0.99'); // sends logs; no flow has its address
  await getPool().query(`INSERT INTO host (id, assessment_id, name, source) VALUES (gen_random_uuid(), $1, 'quiet01', 'logs')`, [id]);
  await getPool().query(`UPDATE host SET has_logs = true WHERE assessment_id = $1 AND name IN ('web01', 'db01', 'mail01', 'quiet01')`, [id]);
  // Several inserts: the rollups hold one partial row per insert and key, merged when read.
  for (let batch = 0; batch < 3; batch++) {
    const flows: TestFlow[] = times(rng.fork(`f${batch}`), 400).map((ms) => {
      const durationS = rng.next() < 0.02 ? rng.int(3600, 5 * 3600) : rng.int(0, 120);
      longestS = Math.max(longestS, durationS);
      const a = ['10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.9', '192.168.7.3', '100.64.1.1'][rng.int(0, 5)] as string;
      const b = ['198.51.100.7', '203.0.113.9', '10.0.0.6', '8.8.8.8'][rng.int(0, 3)] as string;
      return { ts: new Date(ms), durationS, src: rng.next() < 0.5 ? a : b, dst: rng.next() < 0.5 ? b : a, dport: 443 };
    });
    await insertFlows(id, flows);
    const events: TestEvent[] = times(rng.fork(`l${batch}`), 500).map((ms) => ({
      ts: new Date(ms),
      kind: rng.next() < 0.2 ? 'exec' : 'syslog',
      host: rng.next() < 0.05 ? null : (HOSTS[rng.int(0, HOSTS.length - 1)] as string),
      program: 'cron',
    }));
    await insertEvents(id, events);
  }
  // An unused address that only received a sweep's SYNs: no host there, never listed.
  await insertFlows(
    id,
    Array.from({ length: 30 }, (_, i) => ({ ts: new Date(T0 + i * 1000), src: '198.51.100.7', dst: '10.0.0.200', dport: 1 + i, packets: 1, flags: 2 })),
  );
});

afterAll(closeDb);

async function blindSpots(logGapSeconds: number, flowGapSeconds: number) {
  const client = await getPool().connect();
  try {
    await client.query('BEGIN');
    await findBlindSpots(client, { assessmentId: id, internalRanges: DEFAULT_INTERNAL_RANGES, logGapSeconds, flowGapSeconds });
    const { rows } = await client.query(
      `SELECT kind, source, host_name, host(ip) AS ip, start_ts, end_ts, detail FROM blind_spot WHERE assessment_id = $1
       ORDER BY kind, host_name NULLS FIRST, ip NULLS FIRST, start_ts NULLS FIRST`,
      [id],
    );
    await client.query('ROLLBACK');
    return rows;
  } finally {
    client.release();
  }
}

/** The definitions, over every record (what the rollups must reproduce). */
async function reference(logGapSeconds: number, flowGapSeconds: number) {
  const { rows } = await getPool().query(
    `SELECT * FROM (
       SELECT 'log_gap' AS kind, 'logs' AS source, host_name, NULL::text AS ip, prev AS start_ts, ts AS end_ts,
              format('no log lines from %s for %s', host_name, justify_interval(date_trunc('minute', ts - prev))) AS detail
       FROM (SELECT host_name, ts, lag(ts) OVER (PARTITION BY host_name ORDER BY ts) AS prev
             FROM log_event WHERE assessment_id = $1 AND host_name IS NOT NULL) g
       WHERE ts - prev >= make_interval(secs => $2)
       UNION ALL
       SELECT 'flow_gap', 'network', NULL, NULL, prev, start_ts,
              format('no flows at all for %s', justify_interval(date_trunc('minute', start_ts - prev)))
       FROM (SELECT start_ts, max(end_ts) OVER (ORDER BY start_ts ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
             FROM flow WHERE assessment_id = $1) g
       WHERE start_ts - prev >= make_interval(secs => $3)
       UNION ALL
       SELECT 'host_without_logs', 'logs', h.name, host(x.ip), x.s, x.e, x.n::text
       FROM (SELECT ip, count(*) AS n, min(s) AS s, max(e) AS e, bool_or(sent) AS sent FROM (
               SELECT src_ip AS ip, start_ts AS s, end_ts AS e, true AS sent FROM flow WHERE assessment_id = $1 AND src_ip <<= ANY($4::cidr[])
               UNION ALL
               SELECT dst_ip, start_ts, end_ts, coalesce(rev_packets, 0) > 0 FROM flow WHERE assessment_id = $1 AND dst_ip <<= ANY($4::cidr[])) u
             GROUP BY ip) x
       LEFT JOIN host_address ha ON ha.assessment_id = $1 AND ha.ip = x.ip AND NOT ha.is_shared
       LEFT JOIN host h ON h.id = ha.host_id
       WHERE (h.id IS NULL OR NOT h.has_logs) AND x.sent
       UNION ALL
       SELECT 'host_without_flows', 'network', h.name, NULL, NULL, NULL,
              CASE WHEN NOT EXISTS (SELECT 1 FROM host_address ha WHERE ha.host_id = h.id)
                   THEN format('%s sent logs but its address is unknown: map it to see its flows', h.name)
                   ELSE format('%s sent logs but no flow involves its addresses', h.name) END
       FROM host h
       WHERE h.assessment_id = $1 AND h.has_logs AND EXISTS (SELECT 1 FROM flow WHERE assessment_id = $1)
         AND NOT EXISTS (SELECT 1 FROM host_address ha JOIN flow f ON f.assessment_id = $1 AND (f.src_ip = ha.ip OR f.dst_ip = ha.ip)
                         WHERE ha.host_id = h.id)
     ) r ORDER BY kind, host_name NULLS FIRST, ip NULLS FIRST, start_ts NULLS FIRST`,
    [id, logGapSeconds, flowGapSeconds, DEFAULT_INTERNAL_RANGES],
  );
  // No activities in this assessment: every silent host's sentence says so.
  return rows.map((r) =>
    r.kind === 'host_without_logs'
      ? { ...r, detail: silentHostSentence({ ip: r.ip, host: r.host_name, activities: 0, flows: Number(r.detail), firstOfChain: false }) }
      : r,
  );
}

describe('blind spots from the rollups', () => {
  for (const [logGap, flowGap] of [
    [7200, 1800],
    [3600, 60],
    [3601, 61],
    [10_800, 7200],
    [600, 300], // below the log rollup's bucket: answered from the events
  ] as const) {
    it(`equal the definitions over every record (log gap ${logGap} s, flow gap ${flowGap} s)`, async () => {
      const got = await blindSpots(logGap, flowGap);
      const want = await reference(logGap, flowGap);
      expect(want.filter((r) => r.kind === 'log_gap').length).toBeGreaterThan(0);
      expect(want.filter((r) => r.kind === 'flow_gap').length).toBeGreaterThan(0);
      expect(want.filter((r) => r.kind === 'host_without_logs').length).toBeGreaterThan(2);
      expect(want.filter((r) => r.kind === 'host_without_flows').map((r) => r.host_name)).toEqual(['mail01', 'quiet01']);
      expect(got.filter((r) => r.ip === '10.0.0.200')).toEqual([]);
      expect(got.filter((r) => ['log_gap', 'flow_gap', 'host_without_logs', 'host_without_flows'].includes(r.kind))).toEqual(want);
    });
  }

  it('know the longest flow (the evidence probes reach back that far)', async () => {
    expect(await maxFlowSeconds(getPool(), id)).toBe(longestS);
  });

  it('refuse a flow gap shorter than the rollup bucket rather than answer it wrongly', async () => {
    await expect(blindSpots(7200, 30)).rejects.toThrow(/from 60 s up/);
  });
});

describe('silent hosts', () => {
  // An appliance that sends no logs (in the activities, the first among them), a busier host that
  // only answers (more flows, no activity), a host in one activity, an unused address that
  // received 1,000 unanswered SYNs, a range's broadcast address, a host that sends logs.
  const RANGE = ['10.40.0.0/24'];
  let sid = '';

  async function activity(stage: string, start: number, host: string | null, hostIps: string[], peer: string | null, flows: bigint[] = []) {
    const { rows } = await getPool().query<{ id: string }>(
      `INSERT INTO activity (assessment_id, stage, technique, host_name, host_ips, peer, start_ts, end_ts, network, logs, score, severity, summary)
       VALUES ($1, $2, 'T0000', $3, $4, $5, $6, $6, 'detected', 'unknown', 0.8, 'medium', 'test') RETURNING id::text`,
      [sid, stage, host, hostIps, peer, new Date(T0 + start * 1000)],
    );
    await getPool().query(
      `INSERT INTO activity_evidence (assessment_id, activity_id, source, record_id, detected) SELECT $1, $2, 'network', unnest($3::bigint[]), true`,
      [sid, rows[0]?.id, flows],
    );
  }

  beforeAll(async () => {
    sid = await newAssessment();
    await mapHostManually(sid, 'srv1', '10.40.0.10');
    await getPool().query(`UPDATE host SET has_logs = true WHERE assessment_id = $1 AND name = 'srv1'`, [sid]);
    const at = (s: number) => new Date(T0 + s * 1000);
    const flows = await insertFlows(sid, [
      ...Array.from({ length: 50 }, (_, i) => ({ ts: at(i), src: '10.40.0.5', dst: '192.0.2.66', dport: 443 })),
      ...Array.from({ length: 500 }, (_, i) => ({ ts: at(i), src: '10.40.0.20', dst: '10.40.0.7', dport: 9100, revPackets: 4, revBytes: 800 })),
      ...Array.from({ length: 2 }, (_, i) => ({ ts: at(i), src: '10.40.0.9', dst: '10.40.0.10', dport: 22 })),
      ...Array.from({ length: 1000 }, (_, i) => ({ ts: at(i), src: '192.0.2.66', dst: '10.40.0.100', dport: 1 + i, packets: 1, flags: 2 })),
      { ts: at(5), src: '10.40.0.255', dst: '10.40.0.10', dport: 137, proto: 17 },
      ...Array.from({ length: 40 }, (_, i) => ({ ts: at(i), src: '10.40.0.10', dst: '192.0.2.80', dport: 443 })),
    ]);
    await activity('recon', 0, null, ['10.40.0.5'], '192.0.2.66'); // the first of the chain
    await activity('delivery', 60, null, ['10.40.0.5'], '192.0.2.66');
    await activity('actions', 120, null, [], '10.40.0.5');
    await activity('exploitation', 10, 'srv1', ['10.40.0.10'], '10.40.0.9');
    // A host-less activity (a sweep) involves the addresses of the flows its detector named:
    // 10.40.0.9's two flows and the unanswered target's first ones (never listed).
    await activity('delivery', 200, null, [], '192.0.2.66', [...flows.slice(550, 552), ...flows.slice(552, 560)]);
    // A host-less sweep earlier in the chain than anything else opens no host's chain.
    await activity('recon', -100, null, [], '192.0.2.66', flows.slice(550, 552));
  });

  async function silent() {
    const client = await getPool().connect();
    try {
      await client.query('BEGIN');
      await findBlindSpots(client, { assessmentId: sid, internalRanges: RANGE, logGapSeconds: 7200, flowGapSeconds: 1800 });
      const { rows } = await client.query(
        `SELECT host(ip) AS ip, activities, flows::int AS flows, first_of_chain AS first, rank, detail FROM blind_spot
         WHERE assessment_id = $1 AND kind = 'host_without_logs' ORDER BY rank`,
        [sid],
      );
      await client.query('COMMIT');
      return rows;
    } finally {
      client.release();
    }
  }

  it('lists only addresses that sent or answered traffic, ranked by activities, then flows', async () => {
    const rows = await silent();
    expect(rows.map((r) => [r.ip, r.activities, r.flows, r.first, r.rank])).toEqual([
      ['10.40.0.5', 3, 50, true, 1],
      ['10.40.0.9', 3, 2, false, 2],
      ['10.40.0.7', 0, 500, false, 3],
      ['10.40.0.20', 0, 500, false, 4],
    ]);
  });

  it('says it in a sentence, stored as the detail and served in that order', async () => {
    const rows = await silent();
    expect(rows[0].detail).toBe(
      '10.40.0.5 takes part in 3 activities, among them the first of the chain, and sends no logs (50 flows; no host is mapped to it).',
    );
    const served = (await getBlindSpots(sid)).filter((b) => b.kind === 'host_without_logs');
    expect(served.map((b) => b.ip)).toEqual(['10.40.0.5', '10.40.0.9', '10.40.0.7', '10.40.0.20']);
    expect(served[0]).toMatchObject({ activities: 3, flows: 50, firstOfChain: true, rank: 1 });
  });
});
