// The network IDS's own detections (Suricata EVE `alert` events, stored in `ids_alert` at
// ingest) reported as network detections, so the correlation treats a SOC's sensor like the
// flow detectors. One detection per burst of one signature between one source and one
// destination: alerts of the same (signature, src, dst) no further apart than `burstGapSeconds`
// are one burst (an exploit attempt fires per packet or per transaction; a scan per probe).
//
// Each alert carries its own stage and technique (read at ingest: the rule's ATT&CK metadata,
// else its classtype — lib/ingest/flows/eve-alert.ts, docs/ANCHORS.md#suricata-classtype), so
// this detector's stage is per row; the declared stage is the one of most IDS rules (exploit
// attempts: Initial Access → Delivery). Alerts whose classtype names no attacker step (policy,
// reputation lists, protocol decode) have no stage and are never reported.
//
// Host and peer: the internal side is the host; when both or neither side is internal, the
// destination for the inbound stages (recon, delivery, exploitation: the target) and the source
// for the others (c2, actions: the infected host calling out). Score from Suricata's priority
// (1 highest): 0.8, 0.6, 0.4 for 3 and below. Evidence: the flows of the same address pair
// (either direction) during the burst, ±60 s as the session pairing allows.
import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';
import { isInternal } from '../sql';

export const idsAlert = defineDetector({
  id: 'network.ids-alert',
  title: 'Network IDS alert (Suricata EVE)',
  source: 'network',
  // Reads only the stored records (not the shared passes): beside the others (lib/pipeline/detect-beside.ts).
  runsOn: 'beside',
  stage: stageOfTactic('initial-access'),
  techniques: ['T1190'],
  description:
    'A burst of one Suricata signature between one source and one destination; stage and technique from the rule’s ATT&CK metadata (mitre_tactic_id, mitre_technique_id) or else its classtype. Alerts whose classtype names no attacker step (policy, reputation, protocol decode) are kept and counted, not reported.',
  thresholds: {
    burstGapSeconds: {
      label: 'Longest quiet gap within a burst',
      default: 600,
      unit: 's',
      min: 1,
      anchor: 'Suricata suricata.yaml flow-timeouts tcp established = 600 s: a later alert belongs to another connection (docs/ANCHORS.md#suricata-classtype)',
    },
  },
  select: `WITH a AS (
         SELECT * FROM ids_alert WHERE assessment_id = $1 AND stage IS NOT NULL
       ), w AS (
         SELECT a.*, CASE WHEN ts - lag(ts) OVER (PARTITION BY signature, src_ip, dst_ip, stage ORDER BY ts, id) <= make_interval(secs => $3)
                          THEN 0 ELSE 1 END AS brk
         FROM a
       ), g AS (
         SELECT *, sum(brk) OVER (PARTITION BY signature, src_ip, dst_ip, stage ORDER BY ts, id) AS burst FROM w
       ), b AS (
         SELECT signature, src_ip, dst_ip, stage, burst, min(ts) AS s, max(ts) AS e, count(*) AS n,
                coalesce(min(severity), 3) AS sev, mode() WITHIN GROUP (ORDER BY technique) AS technique,
                mode() WITHIN GROUP (ORDER BY dst_port) AS dst_port, min(proto) AS proto, min(category) AS category
         FROM g GROUP BY signature, src_ip, dst_ip, stage, burst
       ), sided AS (
         SELECT b.*, ${isInternal('src_ip', 2)} AS src_int, ${isInternal('dst_ip', 2)} AS dst_int,
                stage IN ('recon', 'delivery', 'exploitation') AS inbound
         FROM b
       ), x AS (
         SELECT sided.*,
                CASE WHEN dst_int AND NOT src_int THEN dst_ip WHEN src_int AND NOT dst_int THEN src_ip WHEN inbound THEN dst_ip ELSE src_ip END AS host,
                CASE WHEN dst_int AND NOT src_int THEN src_ip WHEN src_int AND NOT dst_int THEN dst_ip WHEN inbound THEN src_ip ELSE dst_ip END AS peer
         FROM sided
       )
       SELECT x.host, x.peer, x.s AS start_ts, x.e AS end_ts, x.stage AS stage, coalesce(x.technique, 'T1190') AS technique,
              CASE WHEN x.sev <= 1 THEN 0.8 WHEN x.sev = 2 THEN 0.6 ELSE 0.4 END AS score,
              format('Suricata: "%s" — %s alert%s from %s to %s:%s%s', x.signature, x.n, CASE WHEN x.n = 1 THEN '' ELSE 's' END,
                     host(x.src_ip), host(x.dst_ip), x.dst_port, CASE WHEN x.category IS NULL THEN '' ELSE format(' (%s)', x.category) END) AS summary,
              coalesce((SELECT array_agg(f.id ORDER BY f.id) FROM flow f
                        WHERE f.assessment_id = $1
                          AND ((f.src_ip = x.src_ip AND f.dst_ip = x.dst_ip) OR (f.src_ip = x.dst_ip AND f.dst_ip = x.src_ip))
                          AND f.start_ts <= x.e + interval '60 seconds' AND f.end_ts >= x.s - interval '60 seconds'), '{}') AS evidence_ids
       FROM x`,
  technique: 'x.technique',
  rowStage: 'x.stage',
  params: ({ t, internalRanges }) => [internalRanges, t.burstGapSeconds],
});
