// Rollups are built in memory as records stream past. Merged, they must say exactly what the
// definitions say over the stored records themselves (the SQL below, which is also what the
// migration that added them used to backfill older records).
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPool } from '../db/client';
import { Rng } from '../generate/prng';
import { CopyWriter, FLOW_COLUMNS, flowRow, LOG_COLUMNS, logRow } from '../ingest/copy';
import type { FlowRecord, LogRecord } from './records';
import { buildAddressPeers, FlowRollup, LogRollup, maxFlowSeconds } from './rollups';

afterAll(closeDb);

const T0 = Date.parse('2026-03-02T00:00:00Z');

function flows(rng: Rng, n: number): FlowRecord[] {
  const ips = ['10.0.0.5', '10.0.0.6', '192.0.2.1', '2001:DB8::1', '2001:db8::1', '198.51.100.7'];
  return Array.from({ length: n }, (_, i) => {
    // Fractional milliseconds: stored truncated, and rolled up the same way.
    const startMs = T0 + rng.int(0, 3 * 86_400_000) + rng.next();
    return {
      recordNo: i + 1,
      startMs,
      endMs: startMs + (rng.next() < 0.05 ? rng.int(0, 8 * 3_600_000) : rng.int(0, 90_000)) + rng.next(),
      srcIp: ips[rng.int(0, ips.length - 1)] as string,
      dstIp: ips[rng.int(0, ips.length - 1)] as string,
      srcPort: rng.int(1, 65535),
      dstPort: 443,
      proto: 6,
      packets: 3,
      bytes: rng.int(40, 9000),
      // Some flows answered (two-way), some not; a flow from an address to itself now and then (same spelling or not).
      ...(rng.next() < 0.6 ? { revPackets: rng.int(0, 4), revBytes: rng.int(0, 5000) } : {}),
    } as FlowRecord;
  });
}

function events(rng: Rng, n: number): LogRecord[] {
  const hosts = ['web01', 'db01', '', 'host with space', 'ünïcode'];
  return Array.from({ length: n }, (_, i) => ({
    lineNo: i + 1,
    tsMs: T0 + rng.int(0, 3 * 86_400_000) + rng.next(),
    hostName: hosts[rng.int(0, hosts.length - 1)] || undefined,
    kind: rng.next() < 0.3 ? 'exec' : 'syslog',
    raw: `line ${i}`,
  })) as LogRecord[];
}

/** The first half of `recs` sorted by time, the second half left as it is. */
function inTimeOrderFirst<R>(recs: R[], time: (r: R) => number): R[] {
  const half = recs.length / 2;
  return [...recs.slice(0, half).sort((x, y) => time(x) - time(y)), ...recs.slice(half)];
}

async function newFile(kind: 'flows' | 'logs'): Promise<{ a: string; f: string }> {
  const pool = getPool();
  const a = crypto.randomUUID();
  const f = crypto.randomUUID();
  await pool.query(`INSERT INTO assessment (id, name, updated_at) VALUES ($1, 'rollups', now())`, [a]);
  const u = crypto.randomUUID();
  await pool.query(
    `INSERT INTO upload (id, assessment_id, kind, original_name, stored_path, size_bytes, sha256) VALUES ($1, $2, $3, 'x', '/dev/null', 0, 'x')`,
    [u, a, kind],
  );
  await pool.query(`INSERT INTO source_file (id, assessment_id, upload_id, path, kind, format) VALUES ($1, $2, $3, 'x', $4, 'x')`, [f, a, u, kind]);
  return { a, f };
}

async function copy(table: 'flow' | 'log_event', rows: string[]): Promise<void> {
  const client = await getPool().connect();
  try {
    const w = new CopyWriter(client, table, table === 'flow' ? FLOW_COLUMNS : LOG_COLUMNS);
    for (const r of rows) await w.write(r);
    await w.end();
  } finally {
    client.release();
  }
}

const merged = async (sql: string, a: string) => (await getPool().query(sql, [a])).rows;

describe('rollups built while streaming equal the definitions over the stored records', () => {
  it('for flows: per address, per minute, longest flow', async () => {
    // The first half in time order (as exports mostly are: the rollup reuses the last minute's
    // row, also across a write), the rest in any order.
    const recs = inTimeOrderFirst(flows(new Rng(5, 'rollup-flows'), 3000), (f) => f.startMs);
    const mem = await newFile('flows');
    const r = new FlowRollup();
    // Written out in several parts, as ingest does between COPYs of a file with many keys.
    for (const [i, f] of recs.entries()) {
      r.add(f);
      if (i % 700 === 0) await r.flush(getPool(), mem.a, mem.f);
    }
    await r.flush(getPool(), mem.a, mem.f);
    expect(r.size).toBe(0);
    await copy(
      'flow',
      recs.map((f) => flowRow(mem.a, mem.f, f)),
    );

    const addresses = await merged(
      `SELECT host(ip) AS ip, sum(flows)::int AS n, min(first_ts) AS s, max(last_ts) AS e FROM flow_address_rollup
       WHERE assessment_id = $1 GROUP BY ip ORDER BY ip`,
      mem.a,
    );
    expect(addresses).toHaveLength(5); // the two spellings of 2001:db8::1 are one address
    expect(addresses).toEqual(
      await merged(
        `SELECT host(ip) AS ip, count(*)::int AS n, min(s) AS s, max(e) AS e FROM (
           SELECT src_ip AS ip, start_ts AS s, end_ts AS e FROM flow WHERE assessment_id = $1
           UNION ALL SELECT dst_ip, start_ts, end_ts FROM flow WHERE assessment_id = $1) u
         GROUP BY ip ORDER BY ip`,
        mem.a,
      ),
    );
    expect(
      await merged(
        `SELECT minute, sum(flows)::int AS n, min(first_ts) AS s, max(last_ts) AS e, max(longest_ms)::int AS l FROM flow_minute_rollup
         WHERE assessment_id = $1 GROUP BY minute ORDER BY minute`,
        mem.a,
      ),
    ).toEqual(
      await merged(
        `SELECT date_bin(interval '60 seconds', start_ts, timestamptz 'epoch') AS minute, count(*)::int AS n, min(start_ts) AS s,
                max(end_ts) AS e, (extract(epoch FROM max(end_ts - start_ts)) * 1000)::int AS l
         FROM flow WHERE assessment_id = $1 GROUP BY 1 ORDER BY 1`,
        mem.a,
      ),
    );
    // The address page's figures: sums per address, and the distinct peers the analysis counts.
    await buildAddressPeers(getPool(), mem.a);
    expect(
      await merged(
        `SELECT host(r.ip) AS ip, sum(sent)::int AS sent, sum(received)::int AS received, sum(answered)::int AS answered,
                sum(bytes_out)::int AS o, sum(bytes_in)::int AS i, min(first_ts) AS s, max(last_ts) AS e, max(p.peers) AS peers
         FROM flow_address_rollup r JOIN flow_address_peers p ON p.assessment_id = $1 AND p.ip = r.ip
         WHERE r.assessment_id = $1 GROUP BY r.ip ORDER BY r.ip`,
        mem.a,
      ),
    ).toEqual(
      await merged(
        `SELECT host(a.ip) AS ip,
           count(*) FILTER (WHERE f.src_ip = a.ip)::int AS sent, count(*) FILTER (WHERE f.dst_ip = a.ip)::int AS received,
           count(*) FILTER (WHERE f.dst_ip = a.ip AND coalesce(f.rev_packets, 0) > 0)::int AS answered,
           sum(CASE WHEN f.src_ip = a.ip THEN f.bytes ELSE coalesce(f.rev_bytes, 0) END)::int AS o,
           sum(CASE WHEN f.dst_ip = a.ip THEN f.bytes ELSE coalesce(f.rev_bytes, 0) END)::int AS i,
           min(f.start_ts) AS s, max(f.end_ts) AS e, count(DISTINCT CASE WHEN f.src_ip = a.ip THEN f.dst_ip ELSE f.src_ip END)::int AS peers
         FROM (SELECT DISTINCT src_ip AS ip FROM flow WHERE assessment_id = $1 UNION SELECT dst_ip FROM flow WHERE assessment_id = $1) a
           JOIN flow f ON f.assessment_id = $1 AND (f.src_ip = a.ip OR f.dst_ip = a.ip)
         GROUP BY a.ip ORDER BY a.ip`,
        mem.a,
      ),
    );
    const longest = await merged(`SELECT extract(epoch FROM max(end_ts - start_ts))::float8 AS s FROM flow WHERE assessment_id = $1`, mem.a);
    expect(await maxFlowSeconds(getPool(), mem.a)).toBe(longest[0].s);
    const total = await merged(`SELECT sum(flows)::int AS n FROM flow_minute_rollup WHERE assessment_id = $1`, mem.a);
    expect(total[0].n).toBe(3000);
    // Flows written again drop the peer counts (they would be stale); the next analysis counts them again.
    const more = new FlowRollup();
    more.add(recs[0] as FlowRecord);
    await more.flush(getPool(), mem.a, mem.f);
    expect((await merged('SELECT count(*)::int AS n FROM flow_address_peers WHERE assessment_id = $1', mem.a))[0].n).toBe(0);
  });

  it('for log events: per host and hour, events and execve events', async () => {
    const recs = inTimeOrderFirst(events(new Rng(6, 'rollup-logs'), 3000), (e) => e.tsMs);
    const mem = await newFile('logs');
    const r = new LogRollup();
    for (const [i, e] of recs.entries()) {
      r.add(e);
      if (i % 900 === 0) await r.flush(getPool(), mem.a, mem.f);
    }
    await r.flush(getPool(), mem.a, mem.f);
    await copy(
      'log_event',
      recs.map((e) => logRow(mem.a, mem.f, e)),
    );

    const rows = await merged(
      `SELECT host_name, bucket, sum(events)::int AS n, sum(execs)::int AS x, min(first_ts) AS s, max(last_ts) AS e
       FROM log_rollup WHERE assessment_id = $1 GROUP BY host_name, bucket ORDER BY host_name, bucket`,
      mem.a,
    );
    expect(new Set(rows.map((x) => x.host_name))).toEqual(new Set(['web01', 'db01', 'host with space', 'ünïcode']));
    expect(rows).toEqual(
      await merged(
        `SELECT host_name, date_bin(interval '3600 seconds', ts, timestamptz 'epoch') AS bucket, count(*)::int AS n,
                (count(*) FILTER (WHERE kind = 'exec'))::int AS x, min(ts) AS s, max(ts) AS e
         FROM log_event WHERE assessment_id = $1 AND host_name IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
        mem.a,
      ),
    );
  });
});
