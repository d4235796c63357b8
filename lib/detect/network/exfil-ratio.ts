// Actions on Objectives seen in flows: an internal host that mostly *sends* to one external
// peer. PCR = (out − in)/(out + in) (Bullard & Gerth, FloCon 2014): 0.4 is a 70:30 export, 1.0
// pure push; ATT&CK AN0989 (T1041) "bytes_out > bytes_in" (docs/ANCHORS.md#pcr, #attack-analytics). Beacons
// also push (PCR → 1) with tiny volumes, so a minimum volume (Sightline default, no public
// anchor) keeps them out; the per-host baseline shift is left to the analyst.
import { defineDetector } from '../insert-detections';
import { outboundVolumeOf } from './outbound-volume';

export const exfilRatio = defineDetector({
  id: 'network.exfil-ratio',
  title: 'Exfiltration by producer/consumer ratio',
  source: 'network',
  stage: 'actions',
  techniques: ['T1041'],
  description: 'Per internal host and external peer and window, the two directions stitched: PCR at least the threshold with at least the minimum bytes sent.',
  thresholds: {
    pcr: {
      label: 'PCR',
      default: 0.4,
      min: -1,
      max: 1,
      anchor: 'Bullard & Gerth PCR: 0.4 = 70:30 export',
    },
    minBytes: {
      label: 'Bytes sent',
      default: 5_000_000,
      unit: 'B',
      min: 1,
      anchor: 'Sightline default (no public anchor): keeps beacons and mail out',
    },
    windowSeconds: {
      label: 'Window',
      default: 3_600,
      unit: 's',
      min: 60,
      anchor: 'Sightline default; Cisco Secure Workload exports PCR every 5 min',
    },
  },
  select: async ({ shared, t }) => `WITH ${await outboundVolumeOf(shared, t.windowSeconds)},
       hits AS (
         SELECT *, (out_bytes - in_bytes) / nullif(out_bytes + in_bytes, 0) AS pcr FROM vol
         WHERE out_bytes >= $5 AND (out_bytes - in_bytes) / nullif(out_bytes + in_bytes, 0) >= $4
       ), scored AS (
         SELECT *, least(0.9, 0.5 + 0.25 * greatest(0, pcr - $4) / nullif(1 - $4, 0) + 0.15 * log(out_bytes / $5)) AS score FROM hits
       )
       SELECT host, peer, s AS start_ts, e AS end_ts, round(score::numeric, 3)::float8 AS score,
              format('%s sent %s MB to %s (port %s) and received %s MB: PCR %s', host(host), round((out_bytes / 1e6)::numeric, 1), host(peer),
                     ports, round((in_bytes / 1e6)::numeric, 1), round(pcr::numeric, 2)) AS summary,
              ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [internalRanges, t.windowSeconds, t.pcr, t.minBytes],
});
