// Delivery seen in flows: a tool download — an internal host opens a connection to a peer it
// had not talked to before the window, and receives a large payload, right after someone
// connected to it (ATT&CK AN0166, T1105: "connect out, then a file appears";
// docs/ANCHORS.md#attack-analytics). The byte threshold is Sightline's (no public anchor): small
// tools fall under it, which the exploit-callback detector covers instead. What came before the
// download decides whether it means anything: the same peer connecting in first (a callback:
// high), or an address from the internet (medium). Routine traffic never does (issue 22 §7,
// routine.ts): another internal host's connection — an admin's login, the monitoring system
// scraping every host every 15 s, a backup job — and any poller; a source that other internal
// hosts fetch from too (a package mirror, a CDN) is shared infrastructure, not a staging server.
// RITA's prevalence modifier then lowers sources most hosts fetch from.

import { defineDetector } from '../insert-detections';
import { sessionsOf } from '../shared-passes';
import { isInternal, SESSION_BACKSCATTER, SESSION_FAILED } from '../sql';
import { PREVALENCE_THRESHOLDS, prevalenceCte, prevalenceModifierSql } from './prevalence';
import { LOGIN_PORTS, POLLER_THRESHOLDS, pollersCte } from './routine';

export const ingressTransfer = defineDetector({
  id: 'network.ingress-transfer',
  title: 'Ingress tool transfer',
  source: 'network',
  stage: 'delivery',
  techniques: ['T1105'],
  description:
    'An internal host downloads a large payload over a connection it opened to a first-seen peer that no other internal host uses, within the window after that peer or an internet address connected to it (never after another internal host’s login or a poller).',
  thresholds: {
    minBytes: {
      label: 'Inbound bytes',
      default: 100_000,
      unit: 'B',
      min: 1,
      anchor: 'Sightline default (no public anchor): a small tool or script kit',
    },
    windowSeconds: {
      label: 'Window after the inbound connection',
      default: 300,
      unit: 's',
      min: 1,
      anchor: 'ATT&CK AN0166 / AN0220 TimeWindow, suggested 5 min (docs/ANCHORS.md#attack-analytics)',
    },
    ...PREVALENCE_THRESHOLDS,
    ...POLLER_THRESHOLDS,
  },
  select: ({ shared }) => `WITH ${sessionsOf(shared)},
       s AS (SELECT s.* FROM sess s WHERE NOT ${SESSION_FAILED} AND NOT ${SESSION_BACKSCATTER}),
       ${prevalenceCte(2, 9, shared?.prevalence)},
       ${pollersCte(10, 11)},
       shared_src AS (
         SELECT dst_ip FROM s WHERE ${isInternal('src_ip', 2)} GROUP BY dst_ip HAVING min(src_ip) <> max(src_ip)
       ), big AS (
         -- large downloads over sessions an internal host opened, from a source no other internal
         -- host fetches from (shared infrastructure: a mirror, a CDN). "Another internal source"
         -- as one hashed pass: a destination with two or more has min(src) <> max(src).
         SELECT s.id, s.ids, s.start_ts, s.end_ts, s.src_ip AS host, s.dst_ip AS peer, s.dst_port, s.rev_bytes FROM s
         WHERE ${isInternal('s.src_ip', 2)} AND s.rev_bytes >= $3
           AND NOT EXISTS (SELECT 1 FROM shared_src m WHERE m.dst_ip = s.dst_ip)
       ), pairs AS (
         -- when the host first talked to the peer: sessions it opened to it, and sessions the
         -- peer (outside) opened to it — for the downloads' pairs only
         SELECT host, peer, min(start_ts) AS first_seen FROM (
           SELECT s.src_ip AS host, s.dst_ip AS peer, s.start_ts FROM s WHERE (s.src_ip, s.dst_ip) IN (SELECT host, peer FROM big)
           UNION ALL
           SELECT s.dst_ip, s.src_ip, s.start_ts FROM s
           WHERE (s.dst_ip, s.src_ip) IN (SELECT host, peer FROM big) AND NOT ${isInternal('s.src_ip', 2)}
         ) x GROUP BY 1, 2
       ), dl AS (
         SELECT b.* FROM big b JOIN pairs p ON p.host = b.host AND p.peer = b.peer
         WHERE p.first_seen >= b.start_ts - make_interval(secs => $4)
       ), hit AS (
         SELECT DISTINCT ON (d.id) d.*, i.src_ip AS ipeer, i.dst_port AS iport, i.ids AS iids, i.start_ts AS its
         FROM dl d JOIN s i ON i.dst_ip = d.host AND i.id <> d.id
           AND i.start_ts <= d.start_ts AND i.start_ts >= d.start_ts - make_interval(secs => $4)
           AND (i.dst_port < 1024 OR i.dst_port < i.src_port)
           AND i.src_ip NOT IN (SELECT src_ip FROM pollers)
           -- from inside, only the download's own peer counts, and not over a login (admin work, a backup's scp)
           AND (NOT ${isInternal('i.src_ip', 2)} OR (i.src_ip = d.peer AND NOT i.dst_port = ANY($5::int[])))
         ORDER BY d.id, (i.src_ip = d.peer) DESC, i.start_ts DESC
       ), scored AS (
         SELECT hit.*, prev.prevalence,
                least(1, greatest(0, CASE WHEN ipeer = peer THEN 0.9 ELSE 0.7 END + ${prevalenceModifierSql('prev.prevalence', 6, 7, 8)})) AS score
         FROM hit LEFT JOIN prev ON prev.dst_ip = hit.peer
       )
       SELECT host, peer, its AS start_ts, end_ts, round(score::numeric, 3)::float8 AS score,
              format('%s downloaded %s bytes from first-seen %s:%s, %s s after %s connected to its port %s',
                     host(host), rev_bytes, host(peer), dst_port, round(extract(epoch FROM start_ts - its)), host(ipeer), iport) AS summary,
              iids || ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [
    internalRanges,
    t.minBytes,
    t.windowSeconds,
    LOGIN_PORTS,
    t.prevalenceCommon,
    t.prevalenceRare,
    t.prevalenceModifier,
    t.prevalenceMinHosts,
    t.pollerRounds,
    t.pollerHosts,
  ],
});
