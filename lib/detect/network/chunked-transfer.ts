// Actions on Objectives seen in flows: data sent out in repeated transfers of nearly the same
// size (ATT&CK AN0597, T1030 Data Transfer Size Limits: fixed-size payloads within ±5 %;
// docs/ANCHORS.md#attack-analytics). A minimum chunk size (Sightline default, no public anchor) keeps
// beacons and keep-alives — also regular, but tiny — out.

import { defineDetector } from '../insert-detections';
import { sessionsOf } from '../shared-passes';
import { isInternal, SESSION_FAILED } from '../sql';

export const chunkedTransfer = defineDetector({
  id: 'network.chunked-transfer',
  title: 'Chunked outbound transfer',
  source: 'network',
  stage: 'actions',
  techniques: ['T1030'],
  description: 'An internal host sends several outbound sessions of nearly equal size (within ±tolerance of their median) to one external peer and port.',
  thresholds: {
    chunks: {
      label: 'Similar transfers',
      default: 5,
      min: 2,
      anchor: 'Sightline default; ATT&CK AN0597 "repeated" fixed-size payloads',
    },
    tolerance: {
      label: 'Size tolerance',
      default: 0.05,
      min: 0,
      max: 1,
      anchor: 'ATT&CK AN0597: ±5 % payload size',
    },
    minBytes: {
      label: 'Chunk size',
      default: 100_000,
      unit: 'B',
      min: 1,
      anchor: 'Sightline default (no public anchor): above beacon and keep-alive sizes',
    },
  },
  select: ({ shared }) => `WITH ${sessionsOf(shared)},
       s AS (
         SELECT s.* FROM sess s
         WHERE ${isInternal('s.src_ip', 2)} AND NOT ${isInternal('s.dst_ip', 2)} AND s.bytes >= $5 AND NOT ${SESSION_FAILED}
       ), med AS (
         SELECT src_ip, dst_ip, dst_port, percentile_cont(0.5) WITHIN GROUP (ORDER BY bytes) AS m FROM s GROUP BY 1, 2, 3
       ), near AS (
         SELECT s.*, med.m FROM s JOIN med USING (src_ip, dst_ip, dst_port) WHERE abs(s.bytes - med.m) <= $4 * med.m
       ), agg AS (
         SELECT src_ip, dst_ip, dst_port, min(start_ts) AS s, max(end_ts) AS e, count(DISTINCT id) AS n, min(m) AS m,
                array_agg(DISTINCT fid ORDER BY fid) AS ids
         FROM near CROSS JOIN LATERAL unnest(near.ids) AS u(fid)
         GROUP BY 1, 2, 3 HAVING count(DISTINCT id) >= $3
       ), scored AS (SELECT *, least(0.85, 0.6 + 0.05 * (n - $3)) AS score FROM agg)
       SELECT src_ip AS host, dst_ip AS peer, s AS start_ts, e AS end_ts, round(score::numeric, 3)::float8 AS score,
              format('%s sent %s transfers of ~%s kB (±%s %%) to %s:%s', host(src_ip), n, round((m / 1000)::numeric), round(($4 * 100)::numeric), host(dst_ip), dst_port) AS summary,
              ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [internalRanges, t.chunks, t.tolerance, t.minBytes],
});
