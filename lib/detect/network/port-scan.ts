// Recon seen by the network: one source probing many ports of one host (vertical) with
// failed or tiny flows. Defaults: Zeek's classic misc/scan.zeek `port_scan_threshold = 15`
// unique ports within `port_scan_interval = 5 min` (docs/ANCHORS.md#zeek-scan).

import { defineDetector } from '../insert-detections';
import { FAILED_ATTEMPT } from '../sql';

export const portScan = defineDetector({
  id: 'network.port-scan',
  title: 'Port scan (vertical)',
  source: 'network',
  stage: 'recon',
  techniques: ['T1046'],
  description: 'One source tries many ports of one host within a window, with connection attempts that fail (SYN without handshake, unanswered UDP).',
  thresholds: {
    ports: { label: 'Distinct ports', default: 15, min: 2, anchor: 'zeek misc/scan.zeek port_scan_threshold = 15' },
    windowSeconds: { label: 'Window', default: 300, unit: 's', min: 10, anchor: 'zeek misc/scan.zeek port_scan_interval = 5 min' },
  },
  // Two staggered tumbling windows approximate a sliding one; flagged bins of one pair that
  // touch are merged into one detection (gaps-and-islands).
  select: `WITH a AS (
         SELECT f.id, f.src_ip, f.dst_ip, f.dst_port, f.start_ts FROM flow f
         WHERE f.assessment_id = $1 AND ${FAILED_ATTEMPT}
       ), bins AS (
         SELECT a.src_ip, a.dst_ip,
                date_bin(make_interval(secs => $3), a.start_ts, TIMESTAMPTZ 'epoch' + make_interval(secs => o.off)) AS b0
         FROM a CROSS JOIN (VALUES (0::float8), ($3::float8 / 2)) AS o(off)
         GROUP BY 1, 2, 3
         HAVING count(DISTINCT a.dst_port) >= $2
       ), isl AS (
         SELECT src_ip, dst_ip, b0, b0 + make_interval(secs => $3) AS b1,
                CASE WHEN b0 <= lag(b0) OVER w + make_interval(secs => $3) THEN 0 ELSE 1 END AS brk
         FROM bins WINDOW w AS (PARTITION BY src_ip, dst_ip ORDER BY b0)
       ), grp AS (
         SELECT src_ip, dst_ip, b0, b1, sum(brk) OVER (PARTITION BY src_ip, dst_ip ORDER BY b0) AS g FROM isl
       ), spans AS (
         SELECT src_ip, dst_ip, min(b0) AS s, max(b1) AS e FROM grp GROUP BY src_ip, dst_ip, g
       ), hits AS (
         SELECT sp.src_ip, sp.dst_ip, min(a.start_ts) AS s, max(a.start_ts) AS e,
                count(DISTINCT a.dst_port) AS ports, array_agg(a.id ORDER BY a.id) AS ids
         FROM spans sp JOIN a ON a.src_ip = sp.src_ip AND a.dst_ip = sp.dst_ip AND a.start_ts >= sp.s AND a.start_ts < sp.e
         GROUP BY sp.src_ip, sp.dst_ip, sp.s
       ), scored AS (
         SELECT *, least(1.0, 0.5 + 0.5 * (ports - $2)::float8 / (3 * $2)) AS score,
                (src_ip <<= ANY($4::cidr[])) AS src_internal FROM hits
       )
       SELECT CASE WHEN src_internal THEN src_ip ELSE dst_ip END AS host,
              CASE WHEN src_internal THEN dst_ip ELSE src_ip END AS peer,
              s AS start_ts, e AS end_ts, score,
              format('%s probed %s ports of %s', host(src_ip), ports, host(dst_ip)) AS summary, ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [t.ports, t.windowSeconds, internalRanges],
});
