// Recon seen by the network: one source probing many hosts (horizontal sweep) with failed or
// tiny flows. Defaults: Zeek's classic misc/scan.zeek `addr_scan_threshold = 25` unique hosts
// within `addr_scan_interval = 5 min` (docs/ANCHORS.md#zeek-scan, #bro-simple-scan). Hosts are counted across
// ports, as ncsa/bro-simple-scan (Zeek's recommended replacement) does: its Address_Scan
// notices name sweeps over several ports ("on ports 80/tcp, 88/tcp, 8080/tcp"). An external
// sweep belongs to no single host: the activity is keyed on the scanner (peer).

import { defineDetector } from '../insert-detections';
import { FAILED_ATTEMPT } from '../sql';

export const addressScan = defineDetector({
  id: 'network.address-scan',
  title: 'Address scan (horizontal)',
  source: 'network',
  stage: 'recon',
  techniques: ['T1046', 'T1595.001'],
  description: 'One source tries many hosts (on any ports) within a window, with failed or unanswered attempts.',
  thresholds: {
    hosts: { label: 'Distinct hosts', default: 25, min: 2, anchor: 'zeek misc/scan.zeek addr_scan_threshold = 25' },
    windowSeconds: { label: 'Window', default: 300, unit: 's', min: 10, anchor: 'zeek misc/scan.zeek addr_scan_interval = 5 min' },
  },
  select: `WITH a AS (
         SELECT f.id, f.src_ip, f.dst_ip, f.dst_port, f.start_ts FROM flow f
         WHERE f.assessment_id = $1 AND ${FAILED_ATTEMPT}
       ), bins AS (
         SELECT a.src_ip,
                date_bin(make_interval(secs => $3), a.start_ts, TIMESTAMPTZ 'epoch' + make_interval(secs => o.off)) AS b0
         FROM a CROSS JOIN (VALUES (0::float8), ($3::float8 / 2)) AS o(off)
         GROUP BY 1, 2
         HAVING count(DISTINCT a.dst_ip) >= $2
       ), isl AS (
         SELECT src_ip, b0, b0 + make_interval(secs => $3) AS b1,
                CASE WHEN b0 <= lag(b0) OVER w + make_interval(secs => $3) THEN 0 ELSE 1 END AS brk
         FROM bins WINDOW w AS (PARTITION BY src_ip ORDER BY b0)
       ), grp AS (
         SELECT src_ip, b0, b1, sum(brk) OVER (PARTITION BY src_ip ORDER BY b0) AS g FROM isl
       ), spans AS (
         SELECT src_ip, min(b0) AS s, max(b1) AS e FROM grp GROUP BY src_ip, g
       ), hits AS (
         SELECT sp.src_ip, min(a.start_ts) AS s, max(a.start_ts) AS e, count(DISTINCT a.dst_ip) AS hosts,
                string_agg(DISTINCT a.dst_port::text, ', ') AS ports, array_agg(a.id ORDER BY a.id) AS ids
         FROM spans sp JOIN a ON a.src_ip = sp.src_ip AND a.start_ts >= sp.s AND a.start_ts < sp.e
         GROUP BY sp.src_ip, sp.s
       ), scored AS (
         SELECT *, least(1.0, 0.5 + 0.5 * (hosts - $2)::float8 / (3 * $2)) AS score,
                (src_ip <<= ANY($4::cidr[])) AS src_internal FROM hits
       )
       SELECT CASE WHEN src_internal THEN src_ip END AS host,
              CASE WHEN src_internal THEN NULL ELSE src_ip END AS peer,
              s AS start_ts, e AS end_ts, score,
              format('%s swept %s hosts (port %s)', host(src_ip), hosts, ports) AS summary, ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [t.hosts, t.windowSeconds, internalRanges],
});
