// SQL fragments shared by detectors. Kept as constants (never built from input): values
// always travel as bind parameters.

/**
 * A flow that tried to open a connection and did not get one: TCP with SYN and no ACK from
 * the initiator (S0/REJ-like: the handshake never completed), or a one- or two-packet UDP
 * probe with no answer. Lone SYN-ACKs (backscatter) carry ACK and are not attempts.
 * Exports without TCP flags fall back to "tiny": ≤ 2 packets, ≤ 120 bytes, no answer.
 */
export const FAILED_ATTEMPT = `(
  (f.proto = 6 AND f.tcp_flags IS NOT NULL AND (f.tcp_flags & 2) = 2 AND (f.tcp_flags & 16) = 0 AND f.packets <= 3)
  OR (f.proto = 6 AND f.tcp_flags IS NULL AND f.packets <= 2 AND f.bytes <= 120 AND COALESCE(f.rev_packets, 0) = 0)
  OR (f.proto = 17 AND f.packets <= 2 AND COALESCE(f.rev_packets, 0) = 0)
)`;

/** Severity from a 0–1 score (RITA-like bands: 0.7 / 0.9). */
export const SEVERITY_OF_SCORE = `CASE WHEN score >= 0.95 THEN 'critical' WHEN score >= 0.9 THEN 'high' WHEN score >= 0.7 THEN 'medium' ELSE 'low' END`;

export function severityOf(score: number): 'low' | 'medium' | 'high' | 'critical' {
  if (score >= 0.95) return 'critical';
  if (score >= 0.9) return 'high';
  if (score >= 0.7) return 'medium';
  return 'low';
}
