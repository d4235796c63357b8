// Packet sampling (1-in-N) and what the network detectors count, written once.
//
// Ingest scales a sampled record's packets and bytes by its rate (`flow.sampling`): each
// sampled packet stands for N, which makes sums of packets and bytes unbiased estimates of the
// traffic (Duffield, Lund & Thorup 2002, docs/ANCHORS.md#sampling-estimates). Counts of
// distinct things are not: a scan's one-packet probes are each kept with probability p = 1/N,
// so the hosts and ports a sampled export shows are a fraction of those probed (Mai et al.,
// IMC 2006, "Is sampled data sufficient for anomaly detection?": port-scan detectors lose most
// scans under packet sampling). The scan detectors judge their thresholds on estimates instead:
//
// * distinct ports of one host: each port is probed once (one SYN per flow, the case for which
//   Duffield et al.'s flow-arrival estimator, sampled SYNs × N, is unbiased), so seen × N;
// * distinct hosts: a sweep probes k ports of each host, and a host is seen when any of its
//   k probes is kept, so seen × N would count a host k times over. Of the targets seen, f1 were
//   seen with one sampled attempt and f2 with two; under binomial thinning of k attempts,
//   P(0)/P(1) = (1−p)/(k·p) and P(2)/P(1) = (k−1)·p/(2·(1−p)), which gives the unseen targets
//   f0 = f1²·(1−p) / (p·f1 + 2·(1−p)·f2) = f1²·(N−1) / (f1 + 2·(N−1)·f2) — Chao's (1984)
//   unseen-species estimator f1²/(2·f2) with the sampling rate known (docs/ANCHORS.md#chao1).
//   It is seen × N when every target got one probe (f2 = 0), and close to the truth for a
//   sweep of several ports per host (62 hosts × 8 ports at 1 in 10: ≈ 62 from the ~35 seen).
//
// The rate of a group of records is the lowest among them: where an unsampled exporter saw the
// same source too (several exports of one network in one assessment), its exact counts stand
// and nothing is scaled.
//
// An estimate from a handful of sampled packets is mostly noise, so under sampling a
// threshold is reached only when the targets actually seen reach a floor as well: one sampled
// packet never makes a scan. Unsampled rows (rate 1) are judged exactly as before.

/** Distinct targets estimated from `seen` of them, `f1`/`f2` seen once/twice, at rate `n` (SQL expressions). */
export function estimatedTargets(seen: string, f1: string, f2: string, n: string): string {
  return `(CASE WHEN ${n} <= 1 OR ${f1} = 0 THEN (${seen})::float8
                ELSE (${seen})::float8 + (${f1})::float8 * (${f1}) * (${n} - 1) / ((${f1}) + 2.0 * (${n} - 1) * (${f2})) END)`;
}

/** Distinct ports (one probe each) estimated from `seen` at rate `n`. */
export function estimatedPorts(seen: string, n: string): string {
  return `((${seen})::float8 * greatest(${n}, 1))`;
}

/** Whether an estimate reaches `threshold`; under sampling (`n` > 1) `seen` must reach `floor` too. */
export function reachesSampled(estimate: string, seen: string, n: string, threshold: string, floor: string): string {
  return `(${estimate} >= ${threshold} AND (${n} <= 1 OR ${seen} >= ${floor}))`;
}

/** The words every detection judged on estimates carries. */
export function sampledNote(n: string, seenWhat: string): string {
  return `CASE WHEN ${n} > 1 THEN format('; figures estimated from a 1-in-%s packet sample (%s)', ${n}, ${seenWhat}) ELSE '' END`;
}

/**
 * A sampled volume taken one standard error low: `scaled` (already × N by ingest) rests on
 * `packets`/N sampled packets, and a count of k sampled packets is off by about 1/√k of itself
 * (Poisson; Duffield, Lund & Thorup 2002). A session from one sampled packet each way then
 * weighs nothing, so a failed guess whose two sampled packets happened to be large cannot pass
 * for a login with a shell. Unsampled rows (`n` = 1) keep their volume.
 */
export function sampledLow(scaled: string, packets: string, n: string): string {
  return `(CASE WHEN ${n} <= 1 THEN (${scaled})::float8
                ELSE (${scaled})::float8 * greatest(0, 1 - 1 / sqrt(greatest((${packets})::float8 / ${n}, 1))) END)`;
}
