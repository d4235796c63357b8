// Actions on Objectives seen in flows: data sent out as ICMP echo-request payloads (ping tunnels,
// `ping -p`, icmpsh, ptunnel). A standard ping is small and fixed-size: iputils `ping` sends 56
// data bytes (84-byte IPv4 packets), Windows 32 (60 bytes); Snort's community rule "ICMP Large
// ICMP Packet" (sid 499) alerts on payloads over 800 bytes (docs/ANCHORS.md#icmp-exfil). Per
// internal host, external peer and window, echo requests are summed by packets and bytes, so one
// record per packet (nfpcapd) and one record of many packets (softflowd, pmacct, routers with an
// active timeout) give the same answer; exports that sample scale both sums alike.
// ICMP type and code travel in the destination port (type·256 + code, the NetFlow convention):
// echo request is 8/0 (2048), ICMPv6 128/0 (32768).

import { defineDetector } from '../insert-detections';
import { endpointSql, isInternal } from '../sql';

/** Echo request as type·256 + code: ICMP 8/0, ICMPv6 128/0. */
export const ECHO_REQUEST = { icmp: 8 * 256, icmp6: 128 * 256 };

export const icmpExfil = defineDetector({
  id: 'network.icmp-exfil',
  title: 'Data out in ICMP echo payloads',
  source: 'network',
  // Reads only the stored records (not the shared passes): beside the others (lib/pipeline/detect-beside.ts).
  runsOn: 'beside',
  stage: 'actions',
  techniques: ['T1048.003'],
  description:
    'An internal host sends echo requests to one external address whose mean size is well above a standard ping, carrying at least the minimum payload beyond standard pings within a window (packets and bytes summed, so per-packet and aggregated records agree).',
  thresholds: {
    standardBytes: {
      label: 'Standard ping (IPv4 packet)',
      default: 84,
      unit: 'B',
      min: 28,
      anchor: 'iputils ping(8): 56 data bytes + 8 ICMP header + 20 IPv4 header (docs/ANCHORS.md#icmp-exfil)',
    },
    minMeanBytes: {
      label: 'Mean echo-request size',
      default: 200,
      unit: 'B',
      min: 28,
      anchor: 'Sightline default between a standard ping (60–84 B) and Snort sid 499 "ICMP Large ICMP Packet" (payload > 800 B)',
    },
    minPackets: {
      label: 'Echo requests',
      default: 10,
      min: 1,
      anchor: 'Sightline default: more than a path-MTU probe or a few manual pings (Windows ping sends 4)',
    },
    minExtraBytes: {
      label: 'Payload beyond standard pings',
      default: 20_000,
      unit: 'B',
      min: 1,
      anchor: 'Sightline default (no public anchor): a file, not a probe',
    },
    largeBytes: {
      label: 'Large packet (raises the score)',
      default: 828,
      unit: 'B',
      min: 28,
      anchor: 'Snort sid 499 "ICMP Large ICMP Packet": dsize > 800 (+ 28 B of IPv4/ICMP headers)',
    },
    windowSeconds: {
      label: 'Window',
      default: 3_600,
      unit: 's',
      min: 60,
      anchor: 'Sightline default, as the other exfiltration detectors',
    },
  },
  select: `WITH e AS (
         SELECT f.id, f.proto, f.dst_port, f.start_ts, f.end_ts, f.src_ip, f.dst_ip, f.packets::float8 AS pk, f.bytes::float8 AS b
         FROM flow f
         WHERE f.assessment_id = $1 AND ((f.proto = 1 AND f.dst_port = ${ECHO_REQUEST.icmp}) OR (f.proto = 58 AND f.dst_port = ${ECHO_REQUEST.icmp6}))
           AND ${isInternal('f.src_ip', 2)} AND NOT ${isInternal('f.dst_ip', 2)}
       ), w AS (
         SELECT src_ip, dst_ip, proto, dst_port, date_bin(make_interval(secs => $8), start_ts, TIMESTAMPTZ 'epoch') AS bin,
                min(start_ts) AS s, max(end_ts) AS e, sum(pk) AS pk, sum(b) AS b, array_agg(id ORDER BY id) AS ids
         FROM e GROUP BY 1, 2, 3, 4, 5
       ), hit AS (
         SELECT *, b / pk AS mean, b - pk * $3 AS extra FROM w
         WHERE pk >= $5 AND b / pk >= $4 AND b - pk * $3 >= $6
       )
       SELECT src_ip AS host, dst_ip AS peer, s AS start_ts, e AS end_ts,
              round(least(0.9, 0.6 + CASE WHEN mean >= $7 THEN 0.15 ELSE 0 END + 0.05 * log(greatest(extra / $6, 1)))::numeric, 3)::float8 AS score,
              format('%s sent %s echo requests of %s B on average to %s: %s kB beyond standard %s-byte pings, in %s s',
                     host(src_ip), pk, round(mean::numeric), ${endpointSql('dst_ip', 'dst_port', 'proto')}, round((extra / 1000)::numeric, 1), $3,
                     round(extract(epoch FROM e - s))) AS summary,
              ids AS evidence_ids
       FROM hit`,
  params: ({ t, internalRanges }) => [internalRanges, t.standardBytes, t.minMeanBytes, t.minPackets, t.minExtraBytes, t.largeBytes, t.windowSeconds],
});
