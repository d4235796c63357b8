// Delivery seen in flows: someone on the internet uses an internal host's cleartext or admin
// service — telnet, FTP, VNC, SMB, r-services, Redis, the Docker API, databases — in a session
// that exchanged data both ways (a login, not a banner grab): ATT&CK T1133 External Remote
// Services, and with a default password T1078.001 (which flows cannot tell apart). Stronger when
// the same address scanned within the hour before: bro-simple-scan's 25 unique host+port failures
// from a remote source (docs/ANCHORS.md#bro-simple-scan). The exposed host and port are named in
// the summary. Sessions are stitched from one-way rows (sessionsCte), so per-packet and aggregated
// exports agree.

import { defineDetector } from '../insert-detections';
import { sessionsOf } from '../shared-passes';
import { FAILED_ATTEMPT, isInternal, SESSION_BACKSCATTER, SESSION_FAILED } from '../sql';

/** Cleartext or administrative services that should not face the internet (CISA/NSA hardening guides, Shodan's usual finds). */
export const EXPOSED_SERVICES: readonly [number, string][] = [
  [21, 'FTP'],
  [23, 'telnet'],
  [139, 'NetBIOS session'],
  [445, 'SMB'],
  [512, 'rexec'],
  [513, 'rlogin'],
  [514, 'rsh'],
  [1433, 'MS SQL'],
  [1521, 'Oracle'],
  [2375, 'Docker API'],
  [2376, 'Docker API (TLS)'],
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [5900, 'VNC'],
  [5984, 'CouchDB'],
  [6379, 'Redis'],
  [9200, 'Elasticsearch'],
  [11211, 'memcached'],
  [27017, 'MongoDB'],
];

const PORTS = EXPOSED_SERVICES.map(([p]) => p);
// Built from the constant table above, never from input.
const SERVICE_NAME = `CASE s.dst_port ${EXPOSED_SERVICES.map(([p, n]) => `WHEN ${p} THEN '${n}'`).join(' ')} END`;

export const exposedService = defineDetector({
  id: 'network.exposed-service',
  title: 'Internet session to a cleartext or admin service',
  source: 'network',
  stage: 'delivery',
  techniques: ['T1133'],
  description:
    'An external address holds a session with data both ways to an internal host’s telnet, FTP, VNC, SMB, r-services, Redis, Docker API or database port; stronger when that address scanned within the window before.',
  thresholds: {
    minPackets: {
      label: 'Packets each way',
      default: 8,
      min: 1,
      anchor: 'Sightline default: a login (banner, user, password, prompt) takes more round trips than a banner grab or a service probe',
    },
    scanTargets: {
      label: 'Failed host+port attempts that make a scan',
      default: 25,
      min: 1,
      anchor: 'bro-simple-scan scan_threshold 25 for a remote source (docs/ANCHORS.md#bro-simple-scan)',
    },
    scanWindowSeconds: {
      label: 'Scan within',
      default: 3_600,
      unit: 's',
      min: 60,
      anchor: 'issue 22 §4: "stronger when that address scanned within the hour"',
    },
  },
  select: ({ shared }) => `WITH ${sessionsOf(shared)},
       s AS (
         SELECT s.*, ${SERVICE_NAME} AS service FROM sess s
         WHERE s.proto = 6 AND s.dst_port = ANY($5::int[]) AND NOT ${isInternal('s.src_ip', 2)} AND ${isInternal('s.dst_ip', 2)}
           AND NOT ${SESSION_FAILED} AND NOT ${SESSION_BACKSCATTER}
           AND s.packets >= $3 AND coalesce(s.rev_packets, 0) >= $3
           AND (s.tcp_flags IS NULL OR (s.tcp_flags & 8) = 8) AND (s.rev_tcp_flags IS NULL OR (s.rev_tcp_flags & 8) = 8)
       ), fails AS (
         SELECT f.src_ip, f.dst_ip, f.dst_port, f.start_ts FROM flow f
         WHERE f.assessment_id = $1 AND NOT ${isInternal('f.src_ip', 2)} AND f.src_ip IN (SELECT src_ip FROM s) AND ${FAILED_ATTEMPT}
       ), sessions AS (
         SELECT dst_ip, src_ip, dst_port, service, min(start_ts) AS st, max(end_ts) AS et, count(*) FILTER (WHERE k = 1) AS n,
                sum(bytes) FILTER (WHERE k = 1) AS b, sum(coalesce(rev_bytes, 0)) FILTER (WHERE k = 1) AS rb,
                array_agg(u.fid ORDER BY u.fid) AS ids
         FROM s CROSS JOIN LATERAL unnest(s.ids) WITH ORDINALITY AS u(fid, k)
         GROUP BY dst_ip, src_ip, dst_port, service
       ), agg AS (
         -- what the same address probed without an answer in the window before its first session
         SELECT a.dst_ip, a.src_ip, a.dst_port, a.service, a.st, a.et, a.n, a.b, a.rb, a.ids,
                count(DISTINCT (x.dst_ip, x.dst_port)) AS scanned, min(x.start_ts) AS scan_start
         FROM sessions a LEFT JOIN fails x ON x.src_ip = a.src_ip AND x.start_ts < a.st AND x.start_ts >= a.st - make_interval(secs => $6)
         GROUP BY a.dst_ip, a.src_ip, a.dst_port, a.service, a.st, a.et, a.n, a.b, a.rb, a.ids
       )
       SELECT dst_ip AS host, src_ip AS peer, st AS start_ts, et AS end_ts,
              CASE WHEN scanned >= $4 THEN 0.9 ELSE 0.7 END AS score,
              format('%s held %s %s session%s with %s:%s from the internet (%s B in, %s B out)%s', host(src_ip), n, service, CASE WHEN n > 1 THEN 's' ELSE '' END,
                     host(dst_ip), dst_port, b, rb,
                     CASE WHEN scanned >= $4 THEN format(', %s s after it probed %s host+port pairs that did not answer', round(extract(epoch FROM st - scan_start)), scanned) ELSE '' END) AS summary,
              ids AS evidence_ids
       FROM agg`,
  params: ({ t, internalRanges }) => [internalRanges, t.minPackets, t.scanTargets, PORTS, t.scanWindowSeconds],
});
