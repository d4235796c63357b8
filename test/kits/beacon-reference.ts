// The per-pair beacon statistics as SQL aggregates (record-level definition): the beaconing
// detector's query before issue 17, which sorted every connection once per figure. The detector
// now computes them in one ordered pass (lib/detect/network/beacon-pairs.ts);
// lib/detect/network/beacon-pairs.test.ts checks the two agree. $9 = unique connections, $10 = burst connections, $11 = burst window (s).
import type pg from 'pg';
import { beaconConnectionsSql, beaconParams } from '../../lib/detect/network/beaconing';
import type { SharedPasses } from '../../lib/detect/shared-passes';

export interface ReferencePairRow {
  src: string;
  dst: string;
  port: number;
  via: string | null;
  n: string;
  ut: string;
  nz: string | null;
  iq: number[] | null;
  imad: number | null;
  bq: number[] | null;
  bmad: number | null;
  hourly: number[] | null;
  hours: number[] | null;
  coverage: string | null;
  prevalence: number | null;
  resolver: boolean;
  s: Date;
  e: Date;
  ids: string[];
  bts: string[] | null;
  bbs: number[] | null;
  bids: number[][] | null;
}

export async function referenceBeaconPairs(
  client: Pick<pg.PoolClient, 'query'>,
  assessmentId: string,
  t: Record<string, number>,
  internalRanges: string[],
  shared: SharedPasses | undefined,
): Promise<ReferencePairRow[]> {
  const { rows } = await client.query<ReferencePairRow>(
    `${beaconConnectionsSql(shared)}
       , ds AS (SELECT extract(epoch FROM min(start_ts)) AS t0, extract(epoch FROM max(start_ts)) AS t1 FROM flow WHERE assessment_id = $1),
       pairs AS (
         SELECT src_ip, dst_ip, dst_port, count(*) AS n, count(DISTINCT t) AS ut, max(via) AS via FROM p GROUP BY 1, 2, 3 HAVING count(DISTINCT t) >= $9
       ),
       pp AS (SELECT p.* FROM p JOIN pairs USING (src_ip, dst_ip, dst_port)),
       iv AS (
         SELECT src_ip, dst_ip, dst_port, t - lag(t) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY t) AS d
         FROM (SELECT DISTINCT src_ip, dst_ip, dst_port, t FROM pp) u
       ), ivq AS (
         SELECT src_ip, dst_ip, dst_port, percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY d) AS iq,
                count(*) FILTER (WHERE d > 0) AS nz
         FROM iv WHERE d IS NOT NULL GROUP BY 1, 2, 3
       ), ivm AS (
         SELECT iv.src_ip, iv.dst_ip, iv.dst_port, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(iv.d - ivq.iq[2])) AS imad
         FROM iv JOIN ivq USING (src_ip, dst_ip, dst_port) WHERE iv.d IS NOT NULL GROUP BY 1, 2, 3
       ), bq AS (
         SELECT src_ip, dst_ip, dst_port, percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY b) AS bq FROM pp GROUP BY 1, 2, 3
       ), bm AS (
         SELECT pp.src_ip, pp.dst_ip, pp.dst_port, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(pp.b - bq.bq[2])) AS bmad
         FROM pp JOIN bq USING (src_ip, dst_ip, dst_port) GROUP BY 1, 2, 3
       ), hb AS (
         SELECT src_ip, dst_ip, dst_port, floor((t - ds.t0) / 3600)::int AS h, count(*) AS c FROM pp, ds GROUP BY 1, 2, 3, 4
       ), hh AS (
         SELECT src_ip, dst_ip, dst_port, h % 24 AS b, sum(c) AS c FROM hb GROUP BY 1, 2, 3, 4
       ), hist AS (
         -- Set-based (one join, not a subquery per pair): thousands of pairs stay linear.
         SELECT k.src_ip, k.dst_ip, k.dst_port, k.hours, array_agg(coalesce(hh.c, 0) ORDER BY g.i) AS hourly
         FROM (SELECT src_ip, dst_ip, dst_port, array_agg(DISTINCT h ORDER BY h) AS hours FROM hb GROUP BY 1, 2, 3) k
           CROSS JOIN generate_series(0, 23) AS g(i)
           LEFT JOIN hh ON hh.src_ip = k.src_ip AND hh.dst_ip = k.dst_ip AND hh.dst_port = k.dst_port AND hh.b = g.i
         GROUP BY k.src_ip, k.dst_ip, k.dst_port, k.hours
       ), span AS (
         SELECT src_ip, dst_ip, dst_port, min(to_timestamp(t)) AS s, max(to_timestamp(t)) AS e,
                (max(t) - min(t)) / nullif((SELECT t1 - t0 FROM ds), 0) AS coverage,
                array_agg(DISTINCT fid ORDER BY fid) AS ids
         FROM pp CROSS JOIN LATERAL unnest(pp.ids) AS u(fid) GROUP BY 1, 2, 3
       ), burstc AS (
         -- Pairs with some burstWindow holding ≥ burstConnections unique connection times.
         SELECT src_ip, dst_ip, dst_port FROM (
           SELECT src_ip, dst_ip, dst_port,
                  count(*) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY t RANGE BETWEEN CURRENT ROW AND $11::numeric FOLLOWING) AS cw
           FROM (SELECT DISTINCT src_ip, dst_ip, dst_port, t FROM pp) u
         ) x GROUP BY 1, 2, 3 HAVING max(cw) >= $10
       ), bd AS (
         SELECT pp.src_ip, pp.dst_ip, pp.dst_port, array_agg(pp.t ORDER BY pp.t, pp.id) AS bts, array_agg(pp.b ORDER BY pp.t, pp.id) AS bbs,
                jsonb_agg(pp.ids ORDER BY pp.t, pp.id) AS bids
         FROM pp JOIN burstc USING (src_ip, dst_ip, dst_port) GROUP BY 1, 2, 3
       )
       SELECT host(pairs.src_ip) AS src, host(pairs.dst_ip) AS dst, pairs.dst_port AS port, host(pairs.via) AS via, pairs.n, pairs.ut,
              ivq.nz, ivq.iq, ivm.imad, bq.bq, bm.bmad, hist.hourly, hist.hours, span.coverage, span.s, span.e, span.ids, prev.prevalence,
              rs.ip IS NOT NULL AS resolver, bd.bts, bd.bbs, bd.bids
       FROM pairs JOIN span USING (src_ip, dst_ip, dst_port) JOIN hist USING (src_ip, dst_ip, dst_port)
         LEFT JOIN ivq USING (src_ip, dst_ip, dst_port) LEFT JOIN ivm USING (src_ip, dst_ip, dst_port)
         LEFT JOIN bq USING (src_ip, dst_ip, dst_port) LEFT JOIN bm USING (src_ip, dst_ip, dst_port)
         LEFT JOIN bd USING (src_ip, dst_ip, dst_port)
         LEFT JOIN prev ON prev.dst_ip = pairs.dst_ip LEFT JOIN resolvers rs ON rs.ip = pairs.src_ip
     ORDER BY 1, 2, 3`,
    [...beaconParams(assessmentId, t, internalRanges), t.minConnections, t.burstConnections, t.burstWindowSeconds],
  );
  return rows;
}
