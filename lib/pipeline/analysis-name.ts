/**
 * The name an assessment's analysis carries in pg_stat_activity while it runs (set for its
 * transaction only): deleting the assessment cancels that backend's statement
 * (lib/assessments/delete.ts). 55 of the 63 characters PostgreSQL keeps.
 */
export const analysisApplicationName = (assessmentId: string): string => `sightline-analysis:${assessmentId}`;
