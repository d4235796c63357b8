// Actions on Objectives seen in flows: an outbound-heavy transfer judged against the host itself,
// not only against absolute floors (the 5 MB / 25 MB of exfil-ratio and large-outbound). Per
// internal host, external peer and window, both directions stitched (outbound-volume.ts), in
// sessions the host opened itself and carried by a few of them: at least `minBytes` sent with a producer–consumer ratio ≥ `pcr` (Bullard & Gerth: 0.8 is nearly
// pure push; docs/ANCHORS.md#pcr), and one of
// * the peer is one the host had been contacting repeatedly with steady small sessions (≥ RITA's
//   4 unique connections, the least it scores as a beacon, and RITA's data-size MAD score): data
//   sent over the channel it already calls home on — T1041
//   Exfiltration Over C2 Channel (issue 15: "≥ 1 MB to an address the host beacons to"; ATT&CK
//   AN0989 bytes_out > bytes_in);
// * the peer was never contacted by any internal host before this transfer, or the port is not a
//   common service port, and the volume is ≥ `hostFactor` × the median of what this host sends
//   to its other peers per window — T1048 Exfiltration Over Alternative Protocol.
// A backup to a known offsite server is neither first-seen nor (when it runs daily) unusual for
// the host; downloads (PCR < 0) never qualify. Data over an established channel scores 0.8, as
// much as staging-then-transfer seen in the logs (logs.archive-then-transfer): it is the step
// that completes the theft.

import { defineDetector } from '../insert-detections';
import { outboundVolumeOf } from './outbound-volume';

/** Service ports whose traffic is ordinary outbound (web, mail, file transfer, remote login, DNS, NTP). */
export const COMMON_OUT_PORTS = [20, 21, 22, 25, 53, 80, 110, 123, 143, 443, 465, 587, 993, 995];

export const exfilRelative = defineDetector({
  id: 'network.exfil-relative',
  title: 'Exfiltration relative to the host (first-seen peer, unusual port, C2 channel)',
  source: 'network',
  stage: 'actions',
  techniques: ['T1048', 'T1041'],
  description:
    'An internal host sends at least the minimum bytes, outbound-heavy (PCR ≥ threshold), to one external peer within a window: to a peer it had contacted repeatedly (T1041), or to a first-seen peer or on an unusual port with several times its usual per-peer volume (T1048).',
  thresholds: {
    minBytes: {
      label: 'Bytes sent',
      default: 1_000_000,
      unit: 'B',
      min: 1,
      anchor: 'issue 15 §5: ≥ 1 MB to an address the host beacons to; ATT&CK AN0989 bytes_out > bytes_in (docs/ANCHORS.md#attack-analytics)',
    },
    pcr: {
      label: 'PCR',
      default: 0.8,
      min: -1,
      max: 1,
      anchor: 'Bullard & Gerth PCR: 1.0 pure push, 0.4 a 70:30 export (docs/ANCHORS.md#pcr)',
    },
    priorSessions: {
      label: 'Earlier sessions that make a channel',
      default: 4,
      min: 1,
      anchor: 'RITA unique_connection_threshold 4 (docs/ANCHORS.md#rita-beacon)',
    },
    sizeRegularity: {
      label: 'Channel: size regularity of the other sessions',
      default: 0.8,
      min: 0,
      max: 1,
      anchor: 'RITA beacon data-size MAD score (median − MAD) / median (docs/ANCHORS.md#rita-beacon); Sightline default 0.8',
    },
    hostFactor: {
      label: 'Times the host’s median per-peer volume',
      default: 10,
      min: 1,
      anchor: 'Sightline default: an order of magnitude above what the host usually sends to one peer',
    },
    windowSeconds: {
      label: 'Window',
      default: 3_600,
      unit: 's',
      min: 60,
      anchor: 'Sightline default, as exfil-ratio and large-outbound',
    },
  },
  select: async ({ shared, t }) => `WITH ${await outboundVolumeOf(shared, t.windowSeconds)},
       ov AS (
         -- what the host pushed in sessions it opened itself (a server's answers to an outside client are not its exfiltration)
         SELECT host, peer, date_bin(make_interval(secs => $3), start_ts, TIMESTAMPTZ 'epoch') AS bin,
                coalesce(sum(out_b) FILTER (WHERE k = 1), 0)::float8 AS out_bytes, coalesce(sum(in_b) FILTER (WHERE k = 1), 0)::float8 AS in_bytes,
                string_agg(DISTINCT pport::text, ', ') AS ports, array_agg(fid ORDER BY fid) AS ids
         FROM dir CROSS JOIN LATERAL unnest(dir.ids) WITH ORDINALITY AS u(fid, k)
         WHERE src_in
         GROUP BY 1, 2, 3
       ), big AS (
         SELECT v.*, (out_bytes - in_bytes) / nullif(out_bytes + in_bytes, 0) AS pcr FROM ov v
         WHERE out_bytes >= $4 AND (out_bytes - in_bytes) / nullif(out_bytes + in_bytes, 0) >= $5
       ), spans AS (
         -- The transfer itself: the sessions of the window that each carried a tenth of its bytes or
         -- more, together at least the minimum (many small mails to one relay are not one transfer).
         SELECT b.host, b.peer, b.bin, min(d.start_ts) AS ts, max(d.end_ts) AS te FROM big b
         JOIN dir d ON d.src_in AND d.host = b.host AND d.peer = b.peer AND d.out_b >= 0.1 * b.out_bytes
           AND date_bin(make_interval(secs => $3), d.start_ts, TIMESTAMPTZ 'epoch') = b.bin
         GROUP BY 1, 2, 3
         HAVING sum(d.out_b) >= $4
       ), small AS (
         -- the other, small sessions the host opened to the peer
         SELECT b.host, b.peer, b.bin, d.out_b FROM big b
         JOIN dir d ON d.src_in AND d.host = b.host AND d.peer = b.peer AND d.out_b < 0.1 * b.out_bytes
       ), smed AS (
         SELECT host, peer, bin, count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY out_b) AS med FROM small GROUP BY 1, 2, 3
       ), pr AS (
         -- a channel when there are enough of them and their sizes are steady (RITA's data-size MAD
         -- score: (median − MAD) / median)
         SELECT m.host, m.peer, m.bin, m.n, greatest(0, (m.med - percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(x.out_b - m.med))) / nullif(m.med, 0)) AS regularity
         FROM smed m JOIN small x USING (host, peer, bin) GROUP BY m.host, m.peer, m.bin, m.n, m.med
       ), pf AS (
         SELECT d.peer, min(d.start_ts) AS peer_first FROM dir d WHERE d.peer IN (SELECT peer FROM big) GROUP BY d.peer
       ), om AS (
         SELECT b.host, b.peer, b.bin, percentile_cont(0.5) WITHIN GROUP (ORDER BY o.out_bytes) AS own_med
         FROM big b JOIN vol o ON o.host = b.host AND NOT (o.peer = b.peer AND o.bin = b.bin) GROUP BY 1, 2, 3
       ), ctx AS (
         SELECT b.*, sp.ts, sp.te, coalesce(pr.n, 0) AS prior, coalesce(pr.regularity, 0) AS regularity, pf.peer_first, om.own_med,
                NOT (string_to_array(b.ports, ', ')::int[] <@ $8::int[]) AS unusual
         FROM big b JOIN spans sp USING (host, peer, bin) JOIN pf USING (peer)
         LEFT JOIN pr USING (host, peer, bin) LEFT JOIN om USING (host, peer, bin)
       ), hit AS (
         SELECT *, prior >= $6 AND regularity >= $9 AS channel, peer_first >= ts AS first_seen FROM ctx
         WHERE (prior >= $6 AND regularity >= $9) OR ((peer_first >= ts OR unusual) AND (own_med IS NULL OR out_bytes >= $7 * own_med))
       )
       SELECT host, peer, ts AS start_ts, te AS end_ts,
              CASE WHEN channel THEN 'T1041' ELSE 'T1048' END AS tech,
              round(least(0.9, CASE WHEN channel THEN 0.8 WHEN unusual AND first_seen THEN 0.75 WHEN unusual THEN 0.65 ELSE 0.55 END
                               + 0.05 * log(out_bytes / $4))::numeric, 3)::float8 AS score,
              format('%s sent %s MB to %s (port %s) and received %s kB: PCR %s; %s', host(host), round((out_bytes / 1e6)::numeric, 2), host(peer), ports,
                     round((in_bytes / 1e3)::numeric, 1), round(pcr::numeric, 2),
                     concat_ws(', ',
                       CASE WHEN channel THEN format('over a channel it opened %s other times (C2)', prior) END,
                       CASE WHEN first_seen THEN 'a peer no internal host had contacted before' END,
                       CASE WHEN unusual THEN 'an unusual port' END,
                       CASE WHEN own_med IS NOT NULL THEN format('%s× its median per-peer volume', round((out_bytes / greatest(own_med, 1))::numeric)) END)) AS summary,
              ids AS evidence_ids
       FROM hit`,
  technique: 'x.tech',
  params: ({ t, internalRanges }) => [internalRanges, t.windowSeconds, t.minBytes, t.pcr, t.priorSessions, t.hostFactor, COMMON_OUT_PORTS, t.sizeRegularity],
});
