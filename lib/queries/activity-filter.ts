// The dashboard's filters (time range, host, subnet, stage, source class, technique), parsed
// from the URL so a view can be bookmarked, and turned into one parameterised WHERE clause
// over `activity` (values always travel as bind parameters).
import net from 'node:net';
import { z } from 'zod';
import { STAGES } from '../stages';
import { VISIBILITY_CLASSES, visibilityClassSql } from '../visibility-class';

export { VISIBILITY_CLASSES, type VisibilityClass } from '../visibility-class';

const isoOrEmpty = z
  .string()
  .optional()
  .transform((s) => (s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : undefined));

const cidr = z
  .string()
  .optional()
  .transform((s) => {
    if (!s) return undefined;
    const [ip = '', bits] = s.split('/');
    const family = net.isIP(ip);
    if (family === 0) return undefined;
    const max = family === 4 ? 32 : 128;
    const n = bits === undefined ? max : Number(bits);
    return Number.isInteger(n) && n >= 0 && n <= max ? `${ip}/${n}` : undefined;
  });

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
