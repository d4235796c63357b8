// Reconnaissance seen in flows: content discovery against a web service (T1595.003 Wordlist
// Scanning) — one outside address opening many short, small sessions to one web port of one
// internal host. Every completed connection of a probe tool that does not keep connections alive
// is one request; the count and window are the access-log rule's (Wazuh 31151: 14 client errors
// from one source within 90 s, docs/ANCHORS.md#wazuh), since the flow sees the request but not
// the 404 it got. The scan detectors count failed handshakes, and these all complete, so without
// this rule the probing of a public web server is invisible to the network. Flows cannot tell a
// 404 from a 200, nor a prober from an API client that opens a connection per call, so the
// finding is low (evidence beside the web server's own log, where web-error-burst and
// web-scanner-ua judge the answers); internal clients (monitoring, the NAT address of the
// offices) are not reported.
import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';
import { sessionsOf } from '../shared-passes';
import { isInternal, SESSION_BACKSCATTER, SESSION_FAILED } from '../sql';

const WEB_PORTS = [80, 443, 8000, 8008, 8080, 8443, 8888];

export const webProbe = defineDetector({
  id: 'network.web-probe',
  title: 'Many short web requests from outside (content discovery)',
  source: 'network',
  stage: stageOfTactic('reconnaissance'),
  techniques: ['T1595.003'],
  description:
    'One outside address opens many short, small sessions to one web port (80, 443, 8000, 8008, 8080, 8443, 8888) of one internal host within the window: the flow shape of a wordlist probe that opens a connection per request. Low: flows do not show the answers.',
  thresholds: {
    sessions: { label: 'Sessions', default: 14, min: 2, anchor: 'wazuh 31151: 14 web client errors from one source (docs/ANCHORS.md#wazuh)' },
    windowSeconds: { label: 'Window', default: 90, unit: 's', min: 10, anchor: 'wazuh 31151: timeframe 90 s' },
    maxSessionSeconds: {
      label: 'Longest session counted',
      default: 30,
      unit: 's',
      min: 1,
      anchor: 'Sightline default: one request and its answer; nginx keepalive_timeout 75 s closes idle kept-alive connections later',
    },
    maxSessionBytes: {
      label: 'Largest session counted',
      default: 20_000,
      unit: 'B',
      min: 100,
      anchor: 'Sightline default: a request and an error page (nginx 404: ~150 B body) with headers and handshake',
    },
  },
  select: ({ shared }) => `WITH ${sessionsOf(shared)},
       s AS (
         SELECT s.* FROM sess s
         WHERE s.proto = 6 AND s.dst_port = ANY($7::int[]) AND ${isInternal('s.dst_ip', 2)} AND NOT ${isInternal('s.src_ip', 2)}
           AND NOT ${SESSION_FAILED} AND NOT ${SESSION_BACKSCATTER} AND coalesce(s.rev_packets, 0) > 0
           AND extract(epoch FROM s.end_ts - s.start_ts) <= $5 AND s.bytes + coalesce(s.rev_bytes, 0) <= $6
       ), w AS (
         SELECT s.*,
                count(*) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY start_ts RANGE BETWEEN make_interval(secs => $4) PRECEDING AND CURRENT ROW) AS rolling,
                CASE WHEN start_ts - lag(start_ts) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY start_ts, id) <= make_interval(secs => $4) THEN 0 ELSE 1 END AS brk
         FROM s
       ), g AS (
         SELECT *, sum(brk) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY start_ts, id) AS burst FROM w
       ), b AS (
         SELECT src_ip, dst_ip, dst_port, min(start_ts) AS s, max(end_ts) AS e, count(DISTINCT g.id) AS n, max(rolling) AS peak,
                array_agg(u.fid ORDER BY u.fid) AS ids
         FROM g CROSS JOIN LATERAL unnest(g.ids) AS u(fid)
         GROUP BY src_ip, dst_ip, dst_port, burst
         HAVING max(rolling) >= $3
       )
       SELECT dst_ip AS host, src_ip AS peer, s AS start_ts, e AS end_ts, 0.5::float8 AS score,
              format('%s short sessions from %s to %s:%s — content-discovery shape (peak %s in %s s)', n, host(src_ip), host(dst_ip), dst_port, peak, $4) AS summary,
              ids AS evidence_ids
       FROM b`,
  params: ({ t, internalRanges }) => [internalRanges, t.sessions, t.windowSeconds, t.maxSessionSeconds, t.maxSessionBytes, WEB_PORTS],
});
