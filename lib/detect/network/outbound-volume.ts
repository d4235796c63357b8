// Bytes each internal host sent to and received from each external peer per window, with the
// two directions stitched (one-way rows through sessionsCte; two-way rows carry rev_bytes):
// the shared base of the PCR and large-volume exfiltration detectors
// (docs/ANCHORS.md#pcr, #direction). `$1` assessment, `$2` internal ranges, `$3` window seconds.
// CTE `vol`: host, peer, s, e, out_bytes, in_bytes, ports, ids.
import { isInternal, SESSION_BACKSCATTER, sessionsCte } from '../sql';

export const OUTBOUND_VOLUME = `${sessionsCte()},
  dir AS (
    SELECT s.ids, s.start_ts, s.end_ts,
           ${isInternal('s.src_ip', 2)} AS src_in,
           CASE WHEN ${isInternal('s.src_ip', 2)} THEN s.src_ip ELSE s.dst_ip END AS host,
           CASE WHEN ${isInternal('s.src_ip', 2)} THEN s.dst_ip ELSE s.src_ip END AS peer,
           CASE WHEN ${isInternal('s.src_ip', 2)} THEN s.dst_port ELSE s.src_port END AS pport,
           CASE WHEN ${isInternal('s.src_ip', 2)} THEN s.bytes ELSE coalesce(s.rev_bytes, 0) END AS out_b,
           CASE WHEN ${isInternal('s.src_ip', 2)} THEN coalesce(s.rev_bytes, 0) ELSE s.bytes END AS in_b
    FROM sess s
    WHERE ${isInternal('s.src_ip', 2)} <> ${isInternal('s.dst_ip', 2)} AND NOT ${SESSION_BACKSCATTER}
  ), vol AS (
    SELECT host, peer, date_bin(make_interval(secs => $3), start_ts, TIMESTAMPTZ 'epoch') AS bin,
           min(start_ts) AS s, max(end_ts) AS e,
           coalesce(sum(out_b) FILTER (WHERE k = 1), 0)::float8 AS out_bytes, coalesce(sum(in_b) FILTER (WHERE k = 1), 0)::float8 AS in_bytes,
           string_agg(DISTINCT pport::text, ', ') AS ports, count(*) FILTER (WHERE k = 1) AS sessions,
           array_agg(fid ORDER BY fid) AS ids
    FROM dir CROSS JOIN LATERAL unnest(dir.ids) WITH ORDINALITY AS u(fid, k)
    GROUP BY host, peer, bin
  )`;
