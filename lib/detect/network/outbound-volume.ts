// Bytes each internal host sent to and received from each external peer per window, with the
// two directions stitched (one-way rows through sessionsCte; two-way rows carry rev_bytes):
// the shared base of the PCR and large-volume exfiltration detectors
// (docs/ANCHORS.md#pcr, #direction). `$1` assessment, `$2` internal ranges, `$3` window seconds.
// CTE `vol`: host, peer, bin, s, e, out_bytes, in_bytes, ports, sessions, ids. The detect stage
// builds `dir` and `vol` once per analysis (lib/detect/shared-passes.ts) from these same CTEs.
import type { SharedPasses } from '../shared-passes';
import { isInternal, SESSION_BACKSCATTER, sessionsCte } from '../sql';

/**
 * CTE `dir` (after `sess`): the sessions between an internal and an external address, from the
 * internal host's side. `r` = the parameter holding the internal ranges.
 */
export function outboundDirectionCte(r: number): string {
  return `dir AS (
    SELECT s.ids, s.start_ts, s.end_ts,
           ${isInternal('s.src_ip', r)} AS src_in,
           CASE WHEN ${isInternal('s.src_ip', r)} THEN s.src_ip ELSE s.dst_ip END AS host,
           CASE WHEN ${isInternal('s.src_ip', r)} THEN s.dst_ip ELSE s.src_ip END AS peer,
           CASE WHEN ${isInternal('s.src_ip', r)} THEN s.dst_port ELSE s.src_port END AS pport,
           CASE WHEN ${isInternal('s.src_ip', r)} THEN s.bytes ELSE coalesce(s.rev_bytes, 0) END AS out_b,
           CASE WHEN ${isInternal('s.src_ip', r)} THEN coalesce(s.rev_bytes, 0) ELSE s.bytes END AS in_b
    FROM sess s
    WHERE ${isInternal('s.src_ip', r)} <> ${isInternal('s.dst_ip', r)} AND NOT ${SESSION_BACKSCATTER}
  )`;
}

/** CTE `vol` (after `dir`): per host, peer and window; `w` = the parameter holding the window seconds. */
export function outboundVolumeCte(w: number): string {
  return `vol AS (
    SELECT host, peer, date_bin(make_interval(secs => $${w}), start_ts, TIMESTAMPTZ 'epoch') AS bin,
           min(start_ts) AS s, max(end_ts) AS e,
           coalesce(sum(out_b) FILTER (WHERE k = 1), 0)::float8 AS out_bytes, coalesce(sum(in_b) FILTER (WHERE k = 1), 0)::float8 AS in_bytes,
           string_agg(DISTINCT pport::text, ', ') AS ports, count(*) FILTER (WHERE k = 1) AS sessions,
           array_agg(fid ORDER BY fid) AS ids
    FROM dir CROSS JOIN LATERAL unnest(dir.ids) WITH ORDINALITY AS u(fid, k)
    GROUP BY host, peer, bin
  )`;
}

/** CTEs `dir` and `vol` from the flow rows (`$1` assessment, `$2` ranges, `$3` window). */
export const OUTBOUND_VOLUME = `${sessionsCte()}, ${outboundDirectionCte(2)}, ${outboundVolumeCte(3)}`;

/** CTEs `dir` and `vol`: read from the detect stage's shared passes when there are any, else OUTBOUND_VOLUME. */
export async function outboundVolumeOf(shared: SharedPasses | undefined, windowSeconds: number | undefined): Promise<string> {
  if (!shared?.outbound || !shared.volume || windowSeconds === undefined) return OUTBOUND_VOLUME;
  // `params` names $2 and $3 with their types: the shared tables no longer need them, and
  // PostgreSQL refuses a statement with a parameter it cannot type (never read: not evaluated).
  return `params AS (SELECT $2::cidr[] AS internal_ranges, $3::float8 AS window_seconds),
    dir AS NOT MATERIALIZED (SELECT * FROM ${shared.outbound}), vol AS NOT MATERIALIZED (SELECT * FROM ${await shared.volume(windowSeconds)})`;
}
