// Severity from a 0–1 score, in RITA-like bands (0.7 / 0.9, and 0.95 for critical). The bands
// are written here once. Severity is computed inside set-based INSERTs (detections, activities:
// millions of rows, no round trip to TypeScript), so the database holds the same rule as the
// SQL function `severity_of(score)`, created by migration 20261204000000_rules_and_value_checks
// (a migration cannot import TypeScript). severity.test.ts evaluates that function at and
// around every band edge and demands the answer of `severityOf`: a band changed here fails the
// test until a new migration replaces the function.

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lowest score of each band, highest band first; a score below every band is `low`. */
export const SEVERITY_BANDS: readonly { severity: Exclude<Severity, 'low'>; minScore: number }[] = [
  { severity: 'critical', minScore: 0.95 },
  { severity: 'high', minScore: 0.9 },
  { severity: 'medium', minScore: 0.7 },
];

export function severityOf(score: number): Severity {
  return SEVERITY_BANDS.find((b) => score >= b.minScore)?.severity ?? 'low';
}

/** The SQL call of the rule over a score expression (the function the migration creates). */
export function severitySql(score: string): string {
  return `severity_of((${score})::float8)`;
}
