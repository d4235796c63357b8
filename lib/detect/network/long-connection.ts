// C2 seen in flows: a connection between an internal host and an external peer that stays up
// for hours. RITA's long-connection thresholds: base 1 h, low 4 h, medium 8 h, high 12 h
// (docs/ANCHORS.md#rita-long-connection). Exporters cut long connections into records at their active
// timeout (typically 30 min), so consecutive records of one 5-tuple whose gap is under
// `gapSeconds` are joined first; both directions of one-way exports fall into the same group.

import { defineDetector } from '../insert-detections';
import { isInternal } from '../sql';

export const longConnection = defineDetector({
  id: 'network.long-connection',
  title: 'Long connection',
  source: 'network',
  // Reads only the stored records (not the shared passes): beside the others (lib/pipeline/detect-beside.ts).
  runsOn: 'beside',
  stage: 'c2',
  techniques: ['T1071'],
  description:
    'A connection between an internal host and an external peer lasting at least the base duration (records of one 5-tuple joined across the exporter’s active timeout).',
  thresholds: {
    baseSeconds: {
      label: 'Base',
      default: 3_600,
      unit: 's',
      min: 60,
      anchor: 'RITA long_connection base 3,600 s',
    },
    lowSeconds: {
      label: 'Low band',
      default: 14_400,
      unit: 's',
      min: 60,
      anchor: 'RITA long_connection low 14,400 s',
    },
    mediumSeconds: {
      label: 'Medium band',
      default: 28_800,
      unit: 's',
      min: 60,
      anchor: 'RITA long_connection medium 28,800 s',
    },
    highSeconds: {
      label: 'High band',
      default: 43_200,
      unit: 's',
      min: 60,
      anchor: 'RITA long_connection high 43,200 s',
    },
    gapSeconds: {
      label: 'Record gap joined',
      default: 60,
      unit: 's',
      min: 0,
      anchor: 'Sightline: exporters emit back-to-back records at the active timeout',
    },
  },
  select: `WITH c0 AS NOT MATERIALIZED (
         SELECT f.id, f.start_ts, f.end_ts, f.proto, f.bytes,
                CASE WHEN ${isInternal('f.src_ip', 2)} THEN f.src_ip ELSE f.dst_ip END AS host,
                CASE WHEN ${isInternal('f.src_ip', 2)} THEN f.dst_ip ELSE f.src_ip END AS peer,
                CASE WHEN ${isInternal('f.src_ip', 2)} THEN f.src_port ELSE f.dst_port END AS hport,
                CASE WHEN ${isInternal('f.src_ip', 2)} THEN f.dst_port ELSE f.src_port END AS pport
         FROM flow f
         WHERE f.assessment_id = $1 AND ${isInternal('f.src_ip', 2)} <> ${isInternal('f.dst_ip', 2)}
       ), long5 AS (
         -- A joined group spans no more than its 5-tuple's records do: only 5-tuples whose
         -- records span the base duration are sorted and joined (one hash aggregate over the
         -- rest instead of two window passes; most 5-tuples are one short connection).
         SELECT host, peer, hport, pport, proto FROM c0 GROUP BY host, peer, hport, pport, proto
         HAVING extract(epoch FROM max(end_ts) - min(start_ts)) >= $3
       ), c AS (
         SELECT c0.* FROM c0 JOIN long5 USING (host, peer, hport, pport, proto)
       ), w AS (
         SELECT *, CASE WHEN start_ts <= max(end_ts) OVER (PARTITION BY host, peer, hport, pport, proto ORDER BY start_ts, id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + make_interval(secs => $7) THEN 0 ELSE 1 END AS brk
         FROM c
       ), g AS (
         SELECT *, sum(brk) OVER (PARTITION BY host, peer, hport, pport, proto ORDER BY start_ts, id) AS grp FROM w
       ), agg AS (
         SELECT host, peer, pport, min(start_ts) AS s, max(end_ts) AS e, sum(bytes) AS bytes, array_agg(id ORDER BY id) AS ids,
                extract(epoch FROM max(end_ts) - min(start_ts)) AS secs
         FROM g GROUP BY host, peer, hport, pport, proto, grp
         HAVING extract(epoch FROM max(end_ts) - min(start_ts)) >= $3
       ), scored AS (
         SELECT *, CASE WHEN secs >= $6 THEN 0.9 WHEN secs >= $5 THEN 0.8 WHEN secs >= $4 THEN 0.65 ELSE 0.5 END AS score FROM agg
       )
       SELECT host, peer, s AS start_ts, e AS end_ts, score,
              format('%s ↔ %s:%s open for %s h (%s bytes)', host(host), host(peer), pport, round((secs / 3600)::numeric, 1), bytes) AS summary,
              ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [internalRanges, t.baseSeconds, t.lowSeconds, t.mediumSeconds, t.highSeconds, t.gapSeconds],
});
