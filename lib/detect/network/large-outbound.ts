// Actions on Objectives seen in flows: a large volume sent to one external peer within a
// window. 25 MB is RITA's threat-intel volume modifier (bytes ≥ 25,000,000) and Elastic DED
// ranks bytes sent per destination (docs/ANCHORS.md#rita-modifiers, #elastic-ml). Backups and uploads do
// this legitimately: score grows with the volume but starts low.
import { defineDetector } from '../insert-detections';
import { outboundVolumeOf } from './outbound-volume';

export const largeOutbound = defineDetector({
  id: 'network.large-outbound',
  title: 'Large outbound volume',
  source: 'network',
  stage: 'actions',
  techniques: ['T1048'],
  description: 'An internal host sends at least the threshold of bytes to one external peer within a window (both directions stitched).',
  thresholds: {
    minBytes: {
      label: 'Bytes sent',
      default: 25_000_000,
      unit: 'B',
      min: 1,
      anchor: 'RITA modifier: threat-intel +15 % if bytes ≥ 25,000,000',
    },
    windowSeconds: {
      label: 'Window',
      default: 3_600,
      unit: 's',
      min: 60,
      anchor: 'Sightline default (RITA scores per dataset, Elastic DED per bucket)',
    },
  },
  select: async ({ shared, t }) => `WITH ${await outboundVolumeOf(shared, t.windowSeconds)},
       scored AS (
         SELECT *, least(0.9, 0.5 + 0.2 * log(out_bytes / $4)) AS score FROM vol WHERE out_bytes >= $4
       )
       SELECT host, peer, s AS start_ts, e AS end_ts, round(score::numeric, 3)::float8 AS score,
              format('%s sent %s MB to %s (port %s) in %s sessions', host(host), round((out_bytes / 1e6)::numeric, 1), host(peer), ports, sessions) AS summary,
              ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [internalRanges, t.windowSeconds, t.minBytes],
});
