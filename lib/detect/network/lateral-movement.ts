// Lateral movement seen in flows: an internal host opening admin-protocol sessions (SSH 22,
// RDP 3389, WinRM 5985/5986, SMB 445, RPC/DCOM 135 — the "sensitive" ports of Elastic's port
// scan rule, docs/ANCHORS.md#elastic-scan) to several internal hosts it had never reached on those ports,
// when it is not a host that does so usually (no such session more than `baselineSeconds`
// before the burst). Lateral Movement maps to Exploitation (docs/ANCHORS.md#kill-chain-mapping).
// The counts are Sightline defaults: no public anchor gives a fan-out number for flows.

import { defineDetector } from '../insert-detections';
import { isInternal, SESSION_BACKSCATTER, SESSION_FAILED, sessionsCte } from '../sql';

const ADMIN_PORTS = [22, 3389, 5985, 5986, 445, 135];

export const lateralMovement = defineDetector({
  id: 'network.lateral-movement',
  title: 'Lateral movement to admin ports',
  source: 'network',
  stage: 'exploitation',
  techniques: ['T1021.004', 'T1021.001', 'T1021.006', 'T1021.002', 'T1021.003'],
  technique: 'x.technique',
  description:
    'An internal host reaches the SSH/RDP/WinRM/SMB/RPC ports of several internal hosts it never reached before, and made no such sessions earlier in the data.',
  thresholds: {
    hosts: {
      label: 'New internal hosts',
      default: 3,
      min: 1,
      anchor: 'Sightline default (no public anchor for flow fan-out)',
    },
    windowSeconds: {
      label: 'Window',
      default: 3_600,
      unit: 's',
      min: 60,
      anchor: 'elastic discovery_*_scanning_activity: hourly buckets',
    },
    baselineSeconds: {
      label: 'Usual-admin look-back',
      default: 86_400,
      unit: 's',
      min: 0,
      anchor: 'Sightline default: a host that did this a day earlier is an admin host',
    },
  },
  select: `WITH ${sessionsCte('(f.dst_port = ANY($6::int[]) OR f.src_port = ANY($6::int[]))')},
       s AS (
         SELECT s.*, row_number() OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY start_ts, id) AS nth,
                min(start_ts) OVER (PARTITION BY src_ip) AS src_first
         FROM sess s
         WHERE s.dst_port = ANY($6::int[]) AND NOT ${SESSION_FAILED} AND NOT ${SESSION_BACKSCATTER}
           AND ${isInternal('s.src_ip', 2)} AND ${isInternal('s.dst_ip', 2)} AND s.src_ip <> s.dst_ip
       ), n AS (
         SELECT *, CASE WHEN start_ts - lag(start_ts) OVER (PARTITION BY src_ip ORDER BY start_ts, id) <= make_interval(secs => $4) THEN 0 ELSE 1 END AS brk
         FROM s WHERE nth = 1
       ), g AS (
         SELECT *, sum(brk) OVER (PARTITION BY src_ip ORDER BY start_ts, id) AS burst FROM n
       ), b AS (
         SELECT src_ip, min(start_ts) AS s, max(end_ts) AS e, min(src_first) AS src_first, count(DISTINCT dst_ip) AS hosts,
                mode() WITHIN GROUP (ORDER BY dst_port) AS port, string_agg(DISTINCT dst_port::text, ', ') AS ports,
                array_agg(DISTINCT fid ORDER BY fid) AS ids
         FROM g CROSS JOIN LATERAL unnest(g.ids) AS u(fid)
         GROUP BY src_ip, burst
         HAVING count(DISTINCT dst_ip) >= $3
       ), scored AS (
         SELECT *, least(0.9, 0.5 + 0.1 * (hosts - $3)) AS score FROM b
         WHERE src_first >= s - make_interval(secs => $5)
       )
       SELECT CASE port WHEN 22 THEN 'T1021.004' WHEN 3389 THEN 'T1021.001' WHEN 445 THEN 'T1021.002' WHEN 135 THEN 'T1021.003' ELSE 'T1021.006' END AS technique,
              src_ip AS host, NULL::inet AS peer, s AS start_ts, e AS end_ts, score,
              format('%s opened admin sessions (ports %s) to %s internal hosts it had not reached before', host(src_ip), ports, hosts) AS summary,
              ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [internalRanges, t.hosts, t.windowSeconds, t.baselineSeconds, ADMIN_PORTS],
});
