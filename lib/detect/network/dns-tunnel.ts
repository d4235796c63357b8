// C2 seen in flows: a DNS tunnel (iodine, dnscat2, DNSExfiltrator, a curl-less exfil script) from
// flow records alone. Data rides in the query names, so a tunnelling client sends many queries
// that are each much larger than a lookup, far more of them than its peers send to the same
// resolvers, and receives little more than the echoed question back. Per internal client and
// window (docs/ANCHORS.md#dns-tunnel-flows, #rita-dns, #pcr):
// * queries (packets to port 53) ≥ `minQueries` — RITA's lowest unique-subdomain band (100): a
//   tunnel query carries a new name each time;
// * mean query size ≥ `minQueryBytes`: an IPv4 DNS query is 46 bytes of framing (IP 20, UDP 8,
//   DNS header 12, question type/class 4, name framing 2) plus the name; a lookup's name is 20–30
//   characters, a tunnel's near 50 and beyond (the long-query cut-off of the public hunts);
// * ≥ `peerFactor` × the median of the other clients in the same window, and of the client's own
//   other windows (when there are any): far above its peers and its own baseline.
// The producer–consumer ratio (Bullard & Gerth) is shown and raises the score when the client
// sends at least as much as it receives: a lookup's answer is larger than its question, a
// tunnel's answer is the question echoed.
// Through an internal resolver the activity belongs to the client and names the resolver as its
// peer; the resolver's own queries out (its upstream) are the clients' queries forwarded, so a host
// that answers other internal hosts' queries is never a client here, and its forwarded queries in
// the same seconds name the upstream name server.

import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';
import { isInternal, sessionsCte } from '../sql';

export const dnsTunnel = defineDetector({
  id: 'network.dns-tunnel',
  title: 'DNS tunnel (query volume and size)',
  source: 'network',
  // Reads only the stored records (not the shared passes): beside the others (lib/pipeline/detect-beside.ts).
  runsOn: 'beside',
  stage: stageOfTactic('command-and-control'),
  techniques: ['T1071.004'],
  description:
    'An internal client sends, within a window, at least the minimum number of DNS queries with a large mean query size, several times more than the median of its peers and of its own other windows; through an internal resolver the peer is the resolver and the upstream name server is named from the resolver’s forwarded queries.',
  thresholds: {
    minQueries: {
      label: 'Queries in the window',
      default: 100,
      min: 1,
      anchor: 'RITA c2_score_thresholds: 100 unique subdomains is the lowest band (docs/ANCHORS.md#rita-dns)',
    },
    minQueryBytes: {
      label: 'Mean query size',
      default: 100,
      unit: 'B',
      min: 1,
      anchor: '46 B of IPv4/UDP/DNS framing + a name of 50+ characters, the long-query cut-off of public DNS-tunnel hunts (docs/ANCHORS.md#dns-tunnel-flows)',
    },
    peerFactor: {
      label: 'Times the peers’ and own median',
      default: 3,
      min: 1,
      anchor: 'Sightline default: "far above its peers and its own baseline" (PCR hunts compare a host to its own baseline, docs/ANCHORS.md#pcr)',
    },
    windowSeconds: {
      label: 'Window',
      default: 300,
      unit: 's',
      min: 10,
      anchor: 'Cisco Secure Workload exports PCR every 5 min (docs/ANCHORS.md#pcr)',
    },
    pcr: {
      label: 'PCR that raises the score',
      default: 0,
      min: -1,
      max: 1,
      anchor: 'Bullard & Gerth PCR: 0 = balanced; "a positive shift in PCR for DNS traffic may indicate DNS exfil" (docs/ANCHORS.md#pcr)',
    },
  },
  select: `WITH ${sessionsCte('f.proto IN (6, 17) AND (f.dst_port = 53 OR f.src_port = 53)')},
       q AS (
         SELECT s.* FROM sess s WHERE s.dst_port = 53 AND s.src_port <> 53 AND ${isInternal('s.src_ip', 2)} AND s.src_ip <> s.dst_ip
       ), resolvers AS (
         -- Hosts that answer other internal hosts' queries: their own queries out are forwarded ones.
         SELECT DISTINCT dst_ip AS ip FROM q WHERE ${isInternal('dst_ip', 2)}
       ), per AS (
         SELECT q.src_ip AS host, date_bin(make_interval(secs => $6), q.start_ts, TIMESTAMPTZ 'epoch') AS bin,
                min(q.start_ts) AS s, max(q.end_ts) AS e, (sum(q.packets) FILTER (WHERE k = 1))::float8 AS qn,
                (sum(q.bytes) FILTER (WHERE k = 1))::float8 AS qb, (sum(coalesce(q.rev_bytes, 0)) FILTER (WHERE k = 1))::float8 AS ab, mode() WITHIN GROUP (ORDER BY q.dst_ip) AS server,
                count(DISTINCT q.dst_ip) AS servers, array_agg(u.fid ORDER BY u.fid) AS ids
         FROM q CROSS JOIN LATERAL unnest(q.ids) WITH ORDINALITY AS u(fid, k)
         WHERE q.src_ip NOT IN (SELECT ip FROM resolvers)
         GROUP BY 1, 2
       ), cmp AS (
         SELECT p.*,
                (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY o.qn) FROM per o WHERE o.bin = p.bin AND o.host <> p.host) AS peer_med,
                (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY o.qn) FROM per o WHERE o.host = p.host AND o.bin <> p.bin) AS own_med
         FROM per p
         WHERE p.qn >= $3 AND p.qb / p.qn >= $4
       ), hit AS (
         SELECT *, (qb - ab) / nullif(qb + ab, 0) AS pcr FROM cmp
         WHERE (peer_med IS NULL OR qn >= $5 * peer_med) AND (own_med IS NULL OR qn >= $5 * own_med)
       ), up AS (
         -- The resolver's forwarded queries in the same seconds: the upstream name server they went to.
         SELECT DISTINCT ON (h.host, h.bin) h.host, h.bin, r.dst_ip AS upstream, sum(r.packets) FILTER (WHERE k = 1) AS un, array_agg(u.fid ORDER BY u.fid) AS uids
         FROM hit h JOIN q r ON r.src_ip = h.server AND NOT ${isInternal('r.dst_ip', 2)}
           AND r.start_ts BETWEEN h.s - interval '2 seconds' AND h.e + interval '2 seconds'
         CROSS JOIN LATERAL unnest(r.ids) WITH ORDINALITY AS u(fid, k)
         WHERE ${isInternal('h.server', 2)}
         GROUP BY h.host, h.bin, r.dst_ip
         HAVING sum(r.packets) FILTER (WHERE k = 1) >= 0.5 * min(h.qn)
         ORDER BY h.host, h.bin, sum(r.packets) FILTER (WHERE k = 1) DESC, r.dst_ip
       )
       SELECT h.host, h.server AS peer, h.s AS start_ts, h.e AS end_ts,
              round(least(0.9, 0.6 + CASE WHEN h.pcr >= $7 THEN 0.1 ELSE 0 END + CASE WHEN h.qb / h.qn >= 1.4 * $4 THEN 0.1 ELSE 0 END
                          + CASE WHEN h.peer_med IS NOT NULL AND h.qn >= 3 * $5 * h.peer_med THEN 0.1 ELSE 0 END)::numeric, 3)::float8 AS score,
              format('%s sent %s DNS queries (mean %s B, %s kB out, %s kB back, PCR %s) to %s%s in %s s%s%s', host(h.host), h.qn,
                     round((h.qb / h.qn)::numeric), round((h.qb / 1000)::numeric, 1), round((h.ab / 1000)::numeric, 1), round(h.pcr::numeric, 2),
                     CASE WHEN ${isInternal('h.server', 2)} THEN 'resolver ' ELSE '' END || host(h.server) || ':53',
                     CASE WHEN h.servers > 1 THEN format(' and %s other servers', h.servers - 1) ELSE '' END,
                     round(extract(epoch FROM h.e - h.s)),
                     CASE WHEN h.peer_med IS NOT NULL THEN format(', %s× the median of its peers', round((h.qn / greatest(h.peer_med, 1))::numeric, 1)) ELSE '' END,
                     CASE WHEN up.upstream IS NOT NULL THEN format('; forwarded by %s to %s:53 (%s queries)', host(h.server), host(up.upstream), up.un) ELSE '' END) AS summary,
              h.ids || coalesce(up.uids, '{}') AS evidence_ids
       FROM hit h LEFT JOIN up ON up.host = h.host AND up.bin = h.bin`,
  params: ({ t, internalRanges }) => [internalRanges, t.minQueries, t.minQueryBytes, t.peerFactor, t.windowSeconds, t.pcr],
});
