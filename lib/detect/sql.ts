// SQL fragments shared by detectors. Kept as constants (never built from input): values
// always travel as bind parameters.

/**
 * A flow that tried to open a connection and did not get one: TCP with SYN and no ACK from
 * the initiator (S0/REJ-like: the handshake never completed), or a one- or two-packet UDP
 * probe with no answer. Lone SYN-ACKs (backscatter) carry ACK and are not attempts.
 * Exports without TCP flags fall back to "tiny": ≤ 2 packets, ≤ 120 bytes, no answer.
 */
export const FAILED_ATTEMPT = failedAttempt('f');

/**
 * The attempt test over rows aliased `x` (flow rows or `sess`). Packet and byte limits are on
 * what the exporter saw: ingest scales a sampled row's counters by its rate (`x.sampling`,
 * 1-in-N), so one sampled SYN of a 1-in-10 export is stored as 10 packets and 440 bytes and
 * is still one packet seen (lib/detect/network/sampling.ts).
 */
function failedAttempt(x: string): string {
  return `(
  (${x}.proto = 6 AND ${x}.tcp_flags IS NOT NULL AND (${x}.tcp_flags & 2) = 2 AND (${x}.tcp_flags & 16) = 0 AND ${x}.packets <= 3 * ${x}.sampling)
  OR (${x}.proto = 6 AND ${x}.tcp_flags IS NULL AND ${x}.packets <= 2 * ${x}.sampling AND ${x}.bytes <= 120 * ${x}.sampling AND COALESCE(${x}.rev_packets, 0) = 0)
  OR (${x}.proto = 17 AND ${x}.packets <= 2 * ${x}.sampling AND COALESCE(${x}.rev_packets, 0) = 0)
)`;
}

/** Whether address expression `x` lies in the internal ranges bound as parameter `$n` (text[] of CIDRs). */
export function isInternal(x: string, n: number): string {
  return `(${x} <<= ANY($${n}::cidr[]))`;
}

/**
 * CTEs `raw`, `rmatch` and `sess` (put after WITH): one row per connection, initiator first,
 * with `ids` holding every flow row of it. Two-way rows (Zeek conn.log, IPFIX biflows: rev_*
 * set) are sessions already. One-way rows (nfdump, NetFlow v5: docs/ANCHORS.md#direction) are
 * paired with the reverse row of the same 5-tuple overlapping in time (±60 s: nfdump CSV has
 * whole seconds); the earlier row is the initiator, and on equal starts the row towards the
 * lower port (the service). `filter` restricts the flow rows `f` and must be symmetric in
 * src/dst so both halves of a session pass. `$1` is the assessment id.
 */
export function sessionsCte(filter = 'TRUE'): string {
  return `raw AS (
    SELECT f.id, f.start_ts, f.end_ts, f.src_ip, f.dst_ip, f.src_port, f.dst_port, f.proto, f.packets, f.bytes,
           f.rev_packets, f.rev_bytes, f.tcp_flags, f.rev_tcp_flags, f.sampling
    FROM flow f WHERE f.assessment_id = $1 AND (${filter})
  ), rmatch AS (
    SELECT DISTINCT ON (a.id) a.id, b.id AS rid, b.start_ts AS r_start, b.end_ts AS r_end,
           b.packets AS r_packets, b.bytes AS r_bytes, b.tcp_flags AS r_flags
    FROM raw a JOIN raw b ON b.src_ip = a.dst_ip AND b.dst_ip = a.src_ip AND b.src_port = a.dst_port
      AND b.dst_port = a.src_port AND b.proto = a.proto AND b.rev_bytes IS NULL
      AND b.start_ts <= a.end_ts + interval '60 seconds' AND b.end_ts >= a.start_ts - interval '60 seconds'
    WHERE a.rev_bytes IS NULL
    ORDER BY a.id, abs(extract(epoch FROM b.start_ts - a.start_ts)), b.id
  ), sess AS (
    SELECT r.id, CASE WHEN m.rid IS NULL THEN ARRAY[r.id] ELSE ARRAY[r.id, m.rid] END AS ids,
           LEAST(r.start_ts, m.r_start) AS start_ts, GREATEST(r.end_ts, m.r_end) AS end_ts,
           r.src_ip, r.dst_ip, r.src_port, r.dst_port, r.proto, r.packets, r.bytes,
           COALESCE(r.rev_packets, m.r_packets) AS rev_packets, COALESCE(r.rev_bytes, m.r_bytes) AS rev_bytes,
           r.tcp_flags, COALESCE(r.rev_tcp_flags, m.r_flags) AS rev_tcp_flags, r.sampling
    FROM raw r LEFT JOIN rmatch m ON m.id = r.id
    WHERE m.rid IS NULL OR r.start_ts < m.r_start
       OR (r.start_ts = m.r_start AND (r.dst_port < r.src_port OR (r.dst_port = r.src_port AND r.id < m.rid)))
  )`;
}

/** A session that never completed a handshake (FAILED_ATTEMPT over `sess` aliased `s`). */
export const SESSION_FAILED = failedAttempt('s');

/**
 * A lone SYN-ACK or RST that nobody answered: backscatter of scans with spoofed sources (the
 * victim's replies reach us), not a connection this host tried to open.
 */
export const SESSION_BACKSCATTER = `(s.proto = 6 AND s.tcp_flags IS NOT NULL AND COALESCE(s.rev_packets, 0) = 0 AND s.packets <= 2
  AND (((s.tcp_flags & 18) = 18) OR ((s.tcp_flags & 4) = 4 AND (s.tcp_flags & 2) = 0)))`;

/**
 * A service port: a TCP or UDP destination port above 0. ICMP and ICMPv6 (proto 1, 58) carry
 * type·256 + code in the destination port (echo request 2048, echo reply 0) and other protocols
 * carry 0; neither is a port anybody connected to or listens on. `alias` names a row with
 * `proto` and `dst_port`.
 */
export function isServicePort(alias: string): string {
  return `(${alias}.proto IN (6, 17) AND ${alias}.dst_port > 0)`;
}

/**
 * An address and its port as text, `10.0.0.1:443`; for ICMP and ICMPv6, whose type and code
 * travel in the destination port (type·256 + code, the NetFlow convention), `192.0.2.67 (ICMP
 * type 8 code 0)` instead of `:2048`. `ip`, `port` and `proto` are SQL expressions.
 */
export function endpointSql(ip: string, port: string, proto: string): string {
  return `(CASE WHEN ${proto} IN (1, 58) THEN format('%s (%s type %s code %s)', host(${ip}), CASE WHEN ${proto} = 58 THEN 'ICMPv6' ELSE 'ICMP' END, ${port} / 256, ${port} % 256)
    ELSE host(${ip}) || ':' || ${port} END)`;
}
