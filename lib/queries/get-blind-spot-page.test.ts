// The blind-spot list pages and filters: ranked by activities then flows, filtered by kind and
// by text (LIKE wildcards taken literally), counted per kind whatever the filter.
import { beforeAll, describe, expect, it } from 'vitest';
import { insertFlows, newAssessment } from '../../test/kits/detect';
import { getPool } from '../db/client';
import { getBlindSpotPage, ZBlindSpotQuery } from './get-blind-spot-page';

const T = Date.parse('2026-03-07T10:00:00Z');
const at = (s: number) => new Date(T + s * 1000).toISOString();
let id = '';

async function silent(ip: string, flows: number): Promise<void> {
  await insertFlows(
    id,
    Array.from({ length: flows }, (_, i) => ({ ts: at(i), src: ip, dst: '203.0.113.5', dport: 443 })),
  );
  await getPool().query(`INSERT INTO blind_spot (assessment_id, kind, source, ip, detail) VALUES ($1, 'host_without_logs', 'logs', $2::inet, $3)`, [
    id,
    ip,
    `${flows} flows involve ${ip}, but no host is mapped to that address`,
  ]);
}

beforeAll(async () => {
  id = await newAssessment();
  await silent('10.0.0.9', 3); // few flows, but the way in: two activities
  await silent('10.0.0.20', 40); // the busiest, no activity
  await silent('10.0.0.21', 12);
  await silent('10.0.1.5', 1);
  for (const peer of ['198.51.100.7', '198.51.100.8']) {
    await getPool().query(
      `INSERT INTO activity (assessment_id, stage, technique, host_ips, peer, start_ts, end_ts, network, logs, score, severity, summary)
       VALUES ($1, 'delivery', 'T1133', ARRAY['10.0.0.9'], $2::inet, $3, $3, 'detected', 'blind', 0.5, 'high', 'telnet login')`,
      [id, peer, at(0)],
    );
  }
  await getPool().query(
    `INSERT INTO blind_spot (assessment_id, kind, source, host_name, detail) VALUES ($1, 'host_without_flows', 'network', 'db01', 'db01 sent logs but its address is unknown_100%')`,
    [id],
  );
});

describe('getBlindSpotPage', () => {
  it('ranks by activities, then flows, and counts the matches', async () => {
    const p = await getBlindSpotPage(id, {}, { limit: 3, offset: 0 });
    expect(p.total).toBe(5);
    expect(p.rows.map((r) => [r.ip, r.activities, r.flows])).toEqual([
      ['10.0.0.9', 2, 3],
      ['10.0.0.20', 0, 40],
      ['10.0.0.21', 0, 12],
    ]);
    expect(p.counts).toEqual({ host_without_logs: 4, host_without_flows: 1 });
    const rest = await getBlindSpotPage(id, {}, { limit: 3, offset: 3 });
    expect(rest.rows.map((r) => r.ip ?? r.host)).toEqual(['10.0.1.5', 'db01']);
    expect(rest.total).toBe(5);
    const past = await getBlindSpotPage(id, {}, { limit: 3, offset: 30 });
    expect(past.rows).toEqual([]);
    expect(past.total).toBe(5);
  });

  it('sorts by flows or by address when asked', async () => {
    const byFlows = await getBlindSpotPage(id, { sort: 'flows' }, { limit: 2, offset: 0 });
    expect(byFlows.rows.map((r) => r.ip)).toEqual(['10.0.0.20', '10.0.0.21']);
    const byAddress = await getBlindSpotPage(id, { sort: 'address', kind: 'host_without_logs' }, { limit: 10, offset: 0 });
    expect(byAddress.rows.map((r) => r.ip)).toEqual(['10.0.0.9', '10.0.0.20', '10.0.0.21', '10.0.1.5']);
  });

  it('filters by kind and by text, wildcards taken literally', async () => {
    expect((await getBlindSpotPage(id, { kind: 'host_without_flows' }, { limit: 10, offset: 0 })).rows.map((r) => r.host)).toEqual(['db01']);
    expect((await getBlindSpotPage(id, { q: '10.0.0.' }, { limit: 10, offset: 0 })).total).toBe(3);
    expect((await getBlindSpotPage(id, { q: 'DB01' }, { limit: 10, offset: 0 })).total).toBe(1);
    expect((await getBlindSpotPage(id, { q: '_100%' }, { limit: 10, offset: 0 })).total).toBe(1);
    expect((await getBlindSpotPage(id, { q: '%' }, { limit: 10, offset: 0 })).total).toBe(1);
    expect((await getBlindSpotPage(id, { q: '_' }, { limit: 10, offset: 0 })).total).toBe(1);
  });

  it('ignores values it cannot use instead of failing', () => {
    expect(ZBlindSpotQuery.parse({ kind: 'nope', q: 'x'.repeat(65), sort: 'size' })).toEqual({ kind: undefined, q: undefined, sort: 'rank' });
    expect(ZBlindSpotQuery.parse({ q: '  10.0.0.9 ' })).toEqual({ kind: undefined, q: '10.0.0.9', sort: 'rank' });
  });
});

describe("a blind spot's activities", () => {
  // The record-level definition the page's joins must agree with: an activity counts once for a
  // blind spot when its peer or one of its host addresses is the blind spot's address, or its
  // host is the blind spot's host.
  const perActivity = `SELECT b.id::text, (SELECT count(*) FROM activity a WHERE a.assessment_id = $1
      AND ((b.ip IS NOT NULL AND (a.peer = b.ip OR host(b.ip) = ANY (a.host_ips))) OR (b.host_name IS NOT NULL AND a.host_name = b.host_name)))::int AS n
    FROM blind_spot b WHERE b.assessment_id = $1`;

  it('counts each activity once, by peer, host address or host name, as the per-activity definition does', async () => {
    const own = await newAssessment();
    const spot = (col: 'ip' | 'host_name', v: string) =>
      getPool().query(`INSERT INTO blind_spot (assessment_id, kind, source, ${col}, detail) VALUES ($1, 'host_without_logs', 'logs', $2, 'x')`, [own, v]);
    await spot('ip', '10.0.0.9');
    await spot('ip', '198.51.100.7');
    await spot('host_name', 'db01');
    await spot('ip', '10.0.0.77'); // nothing names it
    const act = (host: string | null, ips: string[], peer: string | null) =>
      getPool().query(
        `INSERT INTO activity (assessment_id, stage, technique, host_name, host_ips, peer, start_ts, end_ts, network, logs, score, severity, summary)
         VALUES ($1, 'delivery', 'T1133', $2, $3, $4::inet, $5, $5, 'detected', 'blind', 0.5, 'high', 'x')`,
        [own, host, ips, peer, at(0)],
      );
    await act('db01', ['10.0.0.9'], '198.51.100.7'); // host name, host address and peer: three blind spots, once each
    await act(null, ['10.0.0.9', '198.51.100.7'], '198.51.100.7'); // the same address as peer and host address: once
    await act(null, ['10.0.0.5'], '10.0.0.9'); // as peer
    const page = await getBlindSpotPage(own, { sort: 'address' }, { limit: 10, offset: 0 });
    expect(page.rows.map((r) => [r.ip ?? r.host, r.activities])).toEqual([
      ['10.0.0.9', 3],
      ['10.0.0.77', 0],
      ['198.51.100.7', 2],
      ['db01', 1],
    ]);
    const reference = (await getPool().query<{ id: string; n: number }>(perActivity, [own])).rows.map((r) => r.n).sort();
    expect(page.rows.map((r) => r.activities).sort()).toEqual(reference);
  });
});
