// Scans seen by the network, one SELECT shared by the external (Reconnaissance) and internal
// (Discovery) scan detectors. The shape of the data decides, not the tool:
//
// 1. A source qualifies where its failed attempts (SYN without handshake, REJ, unanswered UDP:
//    SESSION_FAILED) reach a fast threshold — Zeek misc/scan.zeek's 25 hosts or 15 ports of one
//    host in 5 minutes (docs/ANCHORS.md#zeek-scan) — or a slow one: 100 distinct ports of one host
//    or 100 hosts within 24 h (Snort 3 port_scan `scans = 100` with `tcp_window = 0`, i.e. no time
//    limit; docs/ANCHORS.md#snort-port-scan). Two staggered tumbling windows approximate sliding
//    ones; qualifying windows of one source that touch are one island.
// 2. Inside an island (and `followSeconds` after it) the source's attempts and its small
//    completed sessions with payload (service probes: nmap -sV, NSE, banner grabs) are cut where
//    a gap of more than `splitGapSeconds` separates a change of shape — a sweep of many hosts, a
//    vertical scan of one host's ports, service probes: a half-open sweep and the later
//    full-handshake probes are two runs, each its own detection (issue 14 §4: each part gets its
//    own visibility). Runs of the same shape across gaps stay one (a slow scan). Probes count
//    only when they start within `followSeconds` of the end of a scan run.
// 3. One run is one detection naming its targets: an external run's host is the target that
//    answered (the exposed one; among several, the one the scanner went on to work on most in
//    the same island; NULL when nobody answered and no target was scanned vertically),
//    its peer the scanner; an internal run's host is the scanner, its peer the one target if
//    there is only one. Backscatter (lone SYN-ACKs, resets) is never an attempt.
import { isInternal, SESSION_BACKSCATTER, SESSION_FAILED, sessionsCte } from '../sql';
import type { DetectContext, ThresholdSpec } from '../types';
import { estimatedPorts, estimatedTargets, reachesSampled, sampledNote } from './sampling';

export const SCAN_THRESHOLDS: Record<string, ThresholdSpec> = {
  hosts: { label: 'Distinct hosts (fast)', default: 25, min: 2, anchor: 'zeek misc/scan.zeek addr_scan_threshold = 25' },
  ports: { label: 'Distinct ports of one host (fast)', default: 15, min: 2, anchor: 'zeek misc/scan.zeek port_scan_threshold = 15' },
  windowSeconds: { label: 'Fast window', default: 300, unit: 's', min: 10, anchor: 'zeek misc/scan.zeek addr/port_scan_interval = 5 min' },
  slowHosts: { label: 'Distinct hosts (slow)', default: 100, min: 2, anchor: 'snort3 port_scan scans = 100 attempts, tcp_window = 0 (no time limit)' },
  slowPorts: {
    label: 'Distinct ports of one host (slow)',
    default: 100,
    min: 2,
    anchor: 'snort3 port_scan scans = 100; elastic discovery_port_scanning_activity_from_compromised_host > 100 ports',
  },
  slowWindowSeconds: { label: 'Slow window', default: 86_400, unit: 's', min: 600, anchor: 'issue 15: per-24 h distinct ports/hosts; RITA datasets are 24 h' },
  splitGapSeconds: {
    label: 'Gap that splits a change of shape',
    default: 15,
    unit: 's',
    min: 1,
    anchor: 'Sightline default: nmap waits for the SYN scan to end before -sV/NSE probes; 15 s is nmap -T3 max RTT timeout (10 s) plus slack',
  },
  probePackets: {
    label: 'Service probe: most packets each way',
    default: 10,
    min: 2,
    anchor: 'Sightline default: an nmap service probe is one request and one banner per connection (nmap.org/book/vscan.html)',
  },
  probeSessions: { label: 'Service probe: sessions in a run', default: 3, min: 1, anchor: 'Sightline default' },
  followSeconds: {
    label: 'Probes counted after a scan',
    default: 300,
    unit: 's',
    min: 0,
    anchor: 'zeek misc/scan.zeek addr/port_scan_interval = 5 min: probes that follow within one scan interval belong to the scan',
  },
  sampledFloor: {
    label: 'Sampled export: fewest targets actually seen',
    default: 5,
    min: 2,
    anchor:
      'docs/ANCHORS.md#sampling-estimates: thresholds are judged on estimates from a 1-in-N sample; below 5 seen the estimate is mostly noise (Poisson 1/√5 ≈ 45 %), and one sampled packet never makes a scan',
  },
};

export type ScanDirection = 'external' | 'internal';

/** The findings SELECT; its `technique` column is per row (see the two detectors). */
export function scanSelect(direction: ScanDirection): string {
  const internalSrc = direction === 'internal';
  // Symmetric in src/dst, as sessionsCte requires: both halves of a session pass.
  const pairFilter = internalSrc
    ? `(${isInternal('f.src_ip', 2)} AND ${isInternal('f.dst_ip', 2)})`
    : `(${isInternal('f.src_ip', 2)} <> ${isInternal('f.dst_ip', 2)})`;
  const srcSide = internalSrc ? isInternal('s.src_ip', 2) : `NOT ${isInternal('s.src_ip', 2)}`;
  const technique = internalSrc
    ? `CASE WHEN shape = 'sweep' AND ehosts >= $3 AND ports <= 1 THEN 'T1018' ELSE 'T1046' END`
    : `CASE WHEN shape = 'sweep' AND ehosts >= $3 THEN 'T1595.001' ELSE 'T1595.002' END`;
  const host = internalSrc ? 'src_ip' : `CASE WHEN top_ans > 0 OR top_fports * n >= $4 THEN top_ip END`;
  const peer = internalSrc ? 'CASE WHEN hosts = 1 THEN top_ip END' : 'src_ip';
  return `WITH ${sessionsCte(pairFilter)},
  -- Under sampling a session whose only kept packet was its SYN looks like a failed attempt; a
  -- (source, target, port) that carried payload in another sampled record is a service the
  -- source uses (monitoring polls, clients), not one it probed.
  talked AS (
    SELECT DISTINCT s.src_ip, s.dst_ip, s.dst_port FROM sess s
    WHERE s.sampling > 1 AND CASE WHEN s.proto = 6 THEN ((COALESCE(s.tcp_flags, 0) | COALESCE(s.rev_tcp_flags, 0)) & 8) = 8
                                  ELSE COALESCE(s.rev_packets, 0) > 0 END
  ),
  a0 AS (
    SELECT s.id, s.ids, s.src_ip, s.dst_ip, s.dst_port, s.proto, s.start_ts, s.sampling,
           ${SESSION_FAILED} AND NOT (s.sampling > 1 AND EXISTS (
             SELECT 1 FROM talked t WHERE t.src_ip = s.src_ip AND t.dst_ip = s.dst_ip AND t.dst_port = s.dst_port)) AS failed,
           (s.proto = 6 AND COALESCE(s.rev_packets, 0) > 0 AND s.packets <= $10 * s.sampling AND s.rev_packets <= $10 * s.sampling
            AND (s.tcp_flags IS NULL OR (s.tcp_flags & 16) = 16)
            AND CASE WHEN s.tcp_flags IS NULL THEN COALESCE(s.rev_bytes, 0) > 64 * s.rev_packets
                     ELSE ((s.tcp_flags | COALESCE(s.rev_tcp_flags, 0)) & 8) = 8 END) AS probe,
           (COALESCE(s.rev_packets, 0) > 0 AND (s.rev_tcp_flags IS NULL OR (s.rev_tcp_flags & 18) = 18)) AS answered
    FROM sess s
    WHERE ${srcSide} AND ${isInternal('s.dst_ip', 2)} AND s.src_ip <> s.dst_ip AND NOT ${SESSION_BACKSCATTER}
      -- a lone UDP datagram from a service port to an ephemeral one is a reply whose request the
      -- exporter did not keep (sampling, one-way vantage): DNS answers are not a scan of the client
      AND NOT (s.proto = 17 AND s.src_port < 1024 AND s.dst_port >= 1024 AND COALESCE(s.rev_packets, 0) = 0)
  ), a AS (SELECT * FROM a0 WHERE failed OR probe),
  fb AS (
    SELECT src_ip, b0, b0 + make_interval(secs => $5) AS b1 FROM (
      SELECT a.src_ip, a.dst_ip, count(DISTINCT a.dst_port) AS np, count(*) AS m, min(a.sampling) AS n,
             date_bin(make_interval(secs => $5), a.start_ts, TIMESTAMPTZ 'epoch' + make_interval(secs => o.off)) AS b0
      FROM a CROSS JOIN (VALUES (0::float8), ($5::float8 / 2)) AS o(off) WHERE a.failed GROUP BY 1, 2, 6
    ) x GROUP BY src_ip, b0
    HAVING ${reachesSampled(estimatedTargets('count(*)', 'count(*) FILTER (WHERE m = 1)', 'count(*) FILTER (WHERE m = 2)', 'min(n)'), 'count(*)', 'min(n)', '$3', '$13')}
        OR ${reachesSampled(estimatedPorts('max(np)', 'min(n)'), 'max(np)', 'min(n)', '$4', '$13')}
  ), sb AS (
    SELECT src_ip, b0, b0 + make_interval(secs => $8) AS b1 FROM (
      SELECT a.src_ip, a.dst_ip, count(DISTINCT a.dst_port) AS np, count(*) AS m, min(a.sampling) AS n,
             date_bin(make_interval(secs => $8), a.start_ts, TIMESTAMPTZ 'epoch' + make_interval(secs => o.off)) AS b0
      FROM a CROSS JOIN (VALUES (0::float8), ($8::float8 / 2)) AS o(off) WHERE a.failed GROUP BY 1, 2, 6
    ) x GROUP BY src_ip, b0
    HAVING ${reachesSampled(estimatedTargets('count(*)', 'count(*) FILTER (WHERE m = 1)', 'count(*) FILTER (WHERE m = 2)', 'min(n)'), 'count(*)', 'min(n)', '$6', '$13')}
        OR ${reachesSampled(estimatedPorts('max(np)', 'min(n)'), 'max(np)', 'min(n)', '$7', '$13')}
  ), bins AS (SELECT * FROM fb UNION ALL SELECT * FROM sb),
  bo AS (
    SELECT *, max(b1) OVER (PARTITION BY src_ip ORDER BY b0, b1 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pe FROM bins
  ), bg AS (
    SELECT *, sum(CASE WHEN pe IS NOT NULL AND b0 <= pe THEN 0 ELSE 1 END) OVER (PARTITION BY src_ip ORDER BY b0, b1) AS g FROM bo
  ), spans AS (SELECT src_ip, g, min(b0) AS s, max(b1) AS e FROM bg GROUP BY 1, 2),
  ev AS (
    SELECT DISTINCT ON (a.id) sp.g, a.*
    FROM spans sp JOIN a ON a.src_ip = sp.src_ip AND a.start_ts >= sp.s AND a.start_ts < sp.e + make_interval(secs => $12)
    ORDER BY a.id, sp.g
  ), seg0 AS (
    SELECT ev.*, CASE WHEN start_ts - lag(start_ts) OVER (PARTITION BY src_ip, g ORDER BY start_ts, id) <= make_interval(secs => $9)
                      THEN 0 ELSE 1 END AS brk
    FROM ev
  ), seg1 AS (SELECT *, sum(brk) OVER (PARTITION BY src_ip, g ORDER BY start_ts, id) AS sg FROM seg0),
  -- A segment's shape from window functions alone (no joins of CTEs, which the planner cannot
  -- estimate): distinct failed ports per target by first occurrences, then per segment.
  f1 AS (
    SELECT *, CASE WHEN failed AND row_number() OVER (PARTITION BY src_ip, g, sg, dst_ip, dst_port, failed ORDER BY id) = 1 THEN 1 ELSE 0 END AS newport,
              CASE WHEN failed AND row_number() OVER (PARTITION BY src_ip, g, sg, dst_ip, failed ORDER BY id) = 1 THEN 1 ELSE 0 END AS newhost
    FROM seg1
  ), f2 AS (SELECT *, sum(newport) OVER (PARTITION BY src_ip, g, sg, dst_ip) AS np FROM f1),
  f3 AS (
    SELECT *, CASE WHEN count(*) FILTER (WHERE probe) OVER sw >= $11 THEN 'probe'
                   WHEN max(np) OVER sw * min(sampling) OVER sw >= $4 AND sum(newhost) OVER sw * min(sampling) OVER sw < $3 THEN 'vertical'
                   ELSE 'sweep' END AS shape
    FROM f2 WINDOW sw AS (PARTITION BY src_ip, g, sg)
  ), f4 AS (
    SELECT *, CASE WHEN shape = lag(shape) OVER (PARTITION BY src_ip, g ORDER BY start_ts, id) THEN 0 ELSE 1 END AS sbrk FROM f3
  ), r AS (
    SELECT *, sum(sbrk) OVER (PARTITION BY src_ip, g ORDER BY start_ts, id) AS run,
              count(*) OVER (PARTITION BY src_ip, g, dst_ip) AS isl
    FROM f4
  ),
  tgt AS (
    SELECT src_ip, g, run, dst_ip, count(DISTINCT dst_port) FILTER (WHERE failed) AS fports, count(DISTINCT dst_port) AS ports,
           count(*) FILTER (WHERE answered OR probe) AS ans, max(isl) AS isl, count(*) FILTER (WHERE failed) AS fa
    FROM r GROUP BY 1, 2, 3, 4
  ), top AS (
    SELECT DISTINCT ON (src_ip, g, run) src_ip, g, run, dst_ip AS top_ip, fports AS top_fports, ans AS top_ans
    FROM tgt ORDER BY src_ip, g, run, ans > 0 DESC, isl DESC, ans DESC, ports DESC, dst_ip
  ), tmax AS (
    SELECT src_ip, g, run, max(fports) AS maxfports, count(*) FILTER (WHERE fa = 1) AS f1, count(*) FILTER (WHERE fa = 2) AS f2
    FROM tgt GROUP BY 1, 2, 3
  ),
  runs AS (
    SELECT src_ip, g, run, min(shape) AS shape, min(start_ts) AS s, max(start_ts) AS e,
           count(DISTINCT dst_ip) AS hosts, count(DISTINCT dst_ip) FILTER (WHERE failed) AS fhosts,
           count(DISTINCT dst_port) AS ports, count(*) FILTER (WHERE failed) AS attempts, count(*) FILTER (WHERE probe) AS probes,
           min(sampling) AS n,
           min(dst_ip) AS lo, max(dst_ip) AS hi,
           array_agg(DISTINCT dst_ip ORDER BY dst_ip) AS targets, array_agg(DISTINCT dst_port ORDER BY dst_port) AS portlist
    FROM r GROUP BY 1, 2, 3
  ), rids AS (
    SELECT src_ip, g, run, array_agg(DISTINCT fid ORDER BY fid) AS ids FROM r CROSS JOIN LATERAL unnest(r.ids) AS u(fid) GROUP BY 1, 2, 3
  ), q0 AS (
    SELECT runs.*, tmax.maxfports, top.top_ip, top.top_fports, top.top_ans, rids.ids,
           round(${estimatedTargets('runs.fhosts', 'tmax.f1', 'tmax.f2', 'runs.n')}) AS ehosts,
           round(${estimatedPorts('tmax.maxfports', 'runs.n')}) AS eports
    FROM runs JOIN tmax USING (src_ip, g, run) JOIN top USING (src_ip, g, run) JOIN rids USING (src_ip, g, run)
  ), q AS (
    SELECT q0.*, ${reachesSampled('ehosts', 'fhosts', 'n', '$3', '$13')} OR ${reachesSampled('eports', 'maxfports', 'n', '$4', '$13')} AS reached
    FROM q0
  ), ok AS (
    SELECT q.* FROM q
    WHERE (shape <> 'probe' AND reached)
       OR (shape = 'probe' AND EXISTS (
             SELECT 1 FROM q p WHERE p.src_ip = q.src_ip AND p.g = q.g AND p.run < q.run AND p.shape <> 'probe'
               AND p.reached AND q.s <= p.e + make_interval(secs => $12)))
  ), txt AS (
    SELECT ok.*,
           CASE WHEN n > 1 AND ehosts > hosts AND hosts > 1
                THEN format('about %s hosts (%s seen, %s – %s)', to_char(ehosts, 'FM999,999,999'), hosts, host(lo), host(hi))
                WHEN hosts = 1 THEN host(lo)
                WHEN hosts <= 4 THEN array_to_string(ARRAY(SELECT host(t) FROM unnest(targets) AS t), ', ')
                ELSE format('%s hosts (%s – %s)', to_char(hosts, 'FM999,999,999'), host(lo), host(hi)) END AS tdesc,
           CASE WHEN n > 1 AND shape = 'vertical' THEN format('about %s ports (%s seen)', to_char(eports, 'FM999,999,999'), ports)
                WHEN ports = 1 THEN format('port %s', portlist[1])
                WHEN ports <= 8 THEN format('ports %s', array_to_string(portlist, ', '))
                ELSE format('%s ports', to_char(ports, 'FM999,999,999')) END AS pdesc,
           CASE WHEN e - s > make_interval(secs => $5) THEN format(' over %s', justify_interval(date_trunc('minute', e - s))) ELSE '' END AS over
    FROM ok
  )
  SELECT ${technique} AS technique, ${host} AS host, ${peer} AS peer, s AS start_ts, e AS end_ts,
         CASE WHEN shape = 'probe' THEN 0.6
              ELSE least(1.0, 0.5 + 0.5 * (greatest(ehosts::float8 / $3, eports::float8 / $4) - 1) / 3) END AS score,
         CASE WHEN shape = 'probe'
              THEN format('%s probed services of %s (%s): %s connections with payload after its scan%s',
                          host(src_ip), tdesc, pdesc, probes, over)
              ELSE format('%s scanned %s on %s: %s%s attempts without a handshake%s%s%s',
                          host(src_ip), tdesc, pdesc, CASE WHEN n > 1 THEN 'about ' ELSE '' END,
                          to_char(attempts * n, 'FM999,999,999'), over,
                          CASE WHEN top_ans > 0 THEN format('; answered by %s', host(top_ip)) ELSE '' END,
                          ${sampledNote('n', "format('%s attempts to %s hosts seen', attempts, fhosts)")}) END AS summary,
         ids AS evidence_ids
  FROM txt`;
}

export function scanParams({ t, internalRanges }: DetectContext): unknown[] {
  return [
    internalRanges,
    t.hosts,
    t.ports,
    t.windowSeconds,
    t.slowHosts,
    t.slowPorts,
    t.slowWindowSeconds,
    t.splitGapSeconds,
    t.probePackets,
    t.probeSessions,
    t.followSeconds,
    t.sampledFloor,
  ];
}
