// The dashboard's filters (time range, host, subnet, stage, source class, technique), parsed
// from the URL so a view can be bookmarked, and turned into one parameterised WHERE clause
// over `activity` (values always travel as bind parameters).
import { z } from 'zod';
import { parseCidr } from '../cidr';
import { STAGES } from '../stages';
import { VISIBILITY_CLASSES, visibilityClassSql } from '../visibility-class';

export { VISIBILITY_CLASSES, type VisibilityClass } from '../visibility-class';

/** Dates PostgreSQL and the page can both show: JavaScript reaches year 275760, timestamptz does not. */
const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

/** An ISO time within MIN_TIME..MAX_TIME, or undefined. */
export function parseFilterTime(s: string | undefined): string | undefined {
  if (!s || s.length > 64) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) || t < MIN_TIME || t > MAX_TIME ? undefined : new Date(t).toISOString();
}

const isoOrEmpty = z.string().optional().transform(parseFilterTime);

const cidr = z.string().optional().transform(parseCidr);

export const ZActivityFilter = z.object({
  from: isoOrEmpty,
  to: isoOrEmpty,
  host: z
    .string()
    .max(255)
    .optional()
    .transform((s) => s || undefined),
  subnet: cidr,
  stage: z.enum(STAGES).optional().catch(undefined),
  source: z.enum(VISIBILITY_CLASSES).optional().catch(undefined),
  technique: z
    .string()
    .regex(/^T\d{4}(\.\d{3})?$/)
    .optional()
    .catch(undefined),
});
/** Every field optional: an empty object means no filter. */
export type ActivityFilter = Partial<z.infer<typeof ZActivityFilter>>;

export function parseActivityFilter(params: Record<string, string | string[] | undefined>): ActivityFilter {
  const one = (k: string) => {
    const v = params[k];
    return Array.isArray(v) ? v[0] : v;
  };
  return ZActivityFilter.parse({
    from: one('from'),
    to: one('to'),
    host: one('host'),
    subnet: one('subnet'),
    stage: one('stage'),
    source: one('source'),
    technique: one('technique'),
  });
}

const FILTER_LABELS: Record<string, string> = { from: 'from', to: 'to', subnet: 'subnet', stage: 'stage', source: 'source', technique: 'technique' };

/**
 * The filter plus one notice per value that was given but could not be used (it is ignored,
 * not an error page: issue 20, finding 14).
 */
export function parseActivityFilterWithNotices(params: Record<string, string | string[] | undefined>): { filter: ActivityFilter; notices: string[] } {
  const filter = parseActivityFilter(params);
  const notices: string[] = [];
  for (const key of Object.keys(FILTER_LABELS)) {
    const raw = params[key];
    const given = Array.isArray(raw) ? raw[0] : raw;
    if (given && filter[key as keyof ActivityFilter] === undefined) notices.push(`Ignored ${FILTER_LABELS[key]}="${given.slice(0, 80)}": not a valid value.`);
  }
  return { filter, notices };
}

/** Page numbers from the URL: a whole number from 1 to 1 000 000, else 1 (`page=1e20` used to reach the database). */
export function parsePageNumber(value: string | string[] | undefined): number {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || !/^\d{1,7}$/.test(v)) return 1;
  return Math.min(Math.max(1, Number(v)), 1_000_000);
}

/** WHERE clause over `activity` (alias-free) with params starting at $2 ($1 = assessment id). */
export function activityWhere(f: ActivityFilter): { sql: string; params: unknown[] } {
  const sql = `assessment_id = $1
    AND ($2::timestamptz IS NULL OR end_ts >= $2::timestamptz)
    AND ($3::timestamptz IS NULL OR start_ts <= $3::timestamptz)
    AND ($4::text IS NULL OR host_name = $4::text)
    AND ($5::cidr IS NULL OR peer <<= $5::cidr OR EXISTS (SELECT 1 FROM unnest(host_ips) AS hip WHERE hip::inet <<= $5::cidr))
    AND ($6::text IS NULL OR stage = $6::text)
    AND ($7::text IS NULL OR ${visibilityClassSql()} = $7::text)
    AND ($8::text IS NULL OR technique = $8::text)`;
  return {
    sql,
    params: [f.from ?? null, f.to ?? null, f.host ?? null, f.subnet ?? null, f.stage ?? null, f.source ?? null, f.technique ?? null],
  };
}

export function isFiltered(f: ActivityFilter): boolean {
  return Object.values(f).some((v) => v !== undefined);
}
