// C2 seen in flows: beaconing scored the RITA way (docs/ANCHORS.md#rita-beacon). Per internal →
// external (src, dst, dst port) with ≥ 4 unique connection times, SQL computes the interval and
// size quartiles and MADs (percentile_cont), a 24-bin hourly histogram and the hours seen; the
// small per-pair rows are combined in beacon-score.ts and written back in one INSERT. Pairs
// with ≥ 86,400 connections are strobes: not beacon-scored, reported high (RITA). The score
// then goes through RITA's prevalence modifier and Sightline's expected-service and regularity
// rules (beacon-modifiers.ts); severity follows from the final score (lib/severity.ts).

import { insertDetections } from '../insert-detections';
import { isInternal, SESSION_BACKSCATTER, sessionsCte } from '../sql';
import type { Detector } from '../types';
import { BEACON_MODIFIER_THRESHOLDS, modifyBeacon } from './beacon-modifiers';
import { type BeaconStats, beaconScore } from './beacon-score';
import { PREVALENCE_THRESHOLDS, prevalenceCte } from './prevalence';

interface PairRow {
  src: string;
  dst: string;
  port: number;
  n: string;
  ut: string;
  nz: string | null;
  iq: number[] | null;
  imad: number | null;
  bq: number[] | null;
  bmad: number | null;
  hourly: number[] | null;
  hours: number[] | null;
  coverage: number | null;
  prevalence: number | null;
  resolver: boolean;
  s: Date;
  e: Date;
  ids: string[];
}

const q = (arr: number[] | null, mad: number | null) =>
  arr && arr.length === 3 && mad !== null ? { q1: arr[0] ?? 0, q2: arr[1] ?? 0, q3: arr[2] ?? 0, mad } : null;

export const beaconing: Detector = {
  id: 'network.beaconing',
  title: 'Beaconing (RITA score)',
  source: 'network',
  stage: 'c2',
  techniques: ['T1071', 'T1573'],
  description:
    'Regular connections from an internal host to one external address and port: timestamp regularity (Bowley skew, MAD), size regularity, duration/coverage and hourly histogram, weighted 0.25 each.',
  thresholds: {
    minConnections: {
      label: 'Unique connections',
      default: 4,
      min: 3,
      anchor: 'RITA unique_connection_threshold: 4',
    },
    alert: {
      label: 'Alert score',
      default: 0.5,
      min: 0,
      max: 1,
      anchor: 'RITA score_thresholds base 50',
    },
    strobe: {
      label: 'Strobe connections',
      default: 86_400,
      min: 100,
      anchor: 'RITA strobe: ≥ 86,400 connections (1/s over 24 h)',
    },
    internalPeers: {
      label: 'Score internal peers (1/0)',
      default: 0,
      min: 0,
      max: 1,
      anchor: 'RITA internal_subnets filter; set 1 for explicit proxies (RITA proxy beacons)',
    },
    ...PREVALENCE_THRESHOLDS,
    ...BEACON_MODIFIER_THRESHOLDS,
  },
  async run({ client, assessmentId, t, internalRanges }) {
    const { rows } = await client.query<PairRow>(
      `WITH ${sessionsCte()},
       ds AS (SELECT extract(epoch FROM min(start_ts)) AS t0, extract(epoch FROM max(start_ts)) AS t1 FROM flow WHERE assessment_id = $1),
       p AS (
         SELECT s.id, s.ids, s.src_ip, s.dst_ip, s.dst_port, extract(epoch FROM s.start_ts) AS t, s.bytes::float8 AS b FROM sess s
         WHERE ${isInternal('s.src_ip', 2)} AND ($4 = 1 OR NOT ${isInternal('s.dst_ip', 2)}) AND s.src_ip <> s.dst_ip AND NOT ${SESSION_BACKSCATTER}
       ), pairs AS (
         SELECT src_ip, dst_ip, dst_port, count(*) AS n, count(DISTINCT t) AS ut FROM p GROUP BY 1, 2, 3 HAVING count(DISTINCT t) >= $3
       ), pp AS (SELECT p.* FROM p JOIN pairs USING (src_ip, dst_ip, dst_port)),
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
       ), ${prevalenceCte(2, 6)}, resolvers AS (
         SELECT s.dst_ip AS ip FROM sess s
         WHERE s.dst_port = 53 AND ${isInternal('s.src_ip', 2)} AND ${isInternal('s.dst_ip', 2)} AND s.src_ip <> s.dst_ip
         GROUP BY s.dst_ip HAVING count(DISTINCT s.src_ip) >= $5
       )
       SELECT host(pairs.src_ip) AS src, host(pairs.dst_ip) AS dst, pairs.dst_port AS port, pairs.n, pairs.ut, ivq.nz, ivq.iq, ivm.imad,
              bq.bq, bm.bmad, hist.hourly, hist.hours, span.coverage, span.s, span.e, span.ids, prev.prevalence,
              rs.ip IS NOT NULL AS resolver
       FROM pairs JOIN span USING (src_ip, dst_ip, dst_port) JOIN hist USING (src_ip, dst_ip, dst_port)
         LEFT JOIN ivq USING (src_ip, dst_ip, dst_port) LEFT JOIN ivm USING (src_ip, dst_ip, dst_port)
         LEFT JOIN bq USING (src_ip, dst_ip, dst_port) LEFT JOIN bm USING (src_ip, dst_ip, dst_port)
         LEFT JOIN prev ON prev.dst_ip = pairs.dst_ip LEFT JOIN resolvers rs ON rs.ip = pairs.src_ip`,
      [assessmentId, internalRanges, t.minConnections, t.internalPeers, t.resolverClients, t.prevalenceMinHosts],
    );
    const out: Record<string, unknown>[] = [];
    for (const r of rows) {
      const n = Number(r.n);
      if (n >= (t.strobe ?? 86_400)) {
        out.push({
          src: r.src,
          dst: r.dst,
          s: r.s,
          e: r.e,
          score: 0.9,
          ids: r.ids,
          summary: `${r.src} → ${r.dst}:${r.port}: strobe, ${n} connections`,
        });
        continue;
      }
      const stats: BeaconStats = {
        timestamps: Number(r.ut),
        nonZeroIntervals: Number(r.nz ?? 0),
        intervals: q(r.iq, r.imad),
        sizeSamples: n,
        sizes: q(r.bq, r.bmad),
        hourly: r.hourly ?? [],
        hoursSeen: r.hours ?? [],
        coverage: r.coverage ?? 0,
      };
      const b = beaconScore(stats);
      const m = modifyBeacon(b, { port: r.port, prevalence: r.prevalence === null ? null : Number(r.prevalence), fromResolver: r.resolver }, t);
      if (m === null) continue;
      const median = stats.intervals ? Math.round(stats.intervals.q2) : 0;
      out.push({
        src: r.src,
        dst: r.dst,
        s: r.s,
        e: r.e,
        score: m.score,
        ids: r.ids,
        summary: `${r.src} → ${r.dst}:${r.port}: beacon score ${b.score.toFixed(3)} over ${n} connections, median interval ${median} s (ts ${b.timestamp.toFixed(2)}, size ${b.datasize.toFixed(2)}, duration ${b.duration.toFixed(2)}, histogram ${b.histogram.toFixed(2)})${m.notes.length ? `; ${m.notes.join('; ')}` : ''}`,
      });
    }
    if (out.length === 0) return 0;
    return insertDetections(client, {
      detector: beaconing,
      assessmentId,
      query: {
        select: `SELECT x.src::inet AS host, x.dst::inet AS peer, x.s AS start_ts, x.e AS end_ts, x.score, x.summary,
                        ARRAY(SELECT jsonb_array_elements_text(x.ids)::bigint) AS evidence_ids
                 FROM jsonb_to_recordset($2::jsonb) AS x(src text, dst text, s timestamptz, e timestamptz, score float8, summary text, ids jsonb)`,
      },
      params: [JSON.stringify(out)],
    });
  },
};
