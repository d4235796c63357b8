// Blind spots as a list that pages and filters (a box scrolling 259 entries hid the one that
// mattered): each with the flows its address took part in and the activities it is part of,
// ranked by activities, then flows.
import { z } from 'zod';
import { getPool } from '../db/client';
import { BLIND_SPOT_KINDS } from '../enums';
import type { BlindSpotRow } from './get-blind-spots';

export const BLIND_SPOT_SORTS = ['rank', 'flows', 'address'] as const;
export type BlindSpotSort = (typeof BLIND_SPOT_SORTS)[number];

export const SORT_LABELS: Record<BlindSpotSort, string> = {
  rank: 'activities, then flows',
  flows: 'flows',
  address: 'address',
};

export const ZBlindSpotQuery = z.object({
  kind: z.enum(BLIND_SPOT_KINDS).optional().catch(undefined),
  /** Part of an address, a host name or the text; at most 64 characters. */
  q: z
    .string()
    .max(64)
    .optional()
    .catch(undefined)
    .transform((s) => s?.trim() || undefined),
  sort: z.enum(BLIND_SPOT_SORTS).catch('rank').default('rank'),
});
export type BlindSpotQuery = z.infer<typeof ZBlindSpotQuery>;

export interface RankedBlindSpot extends BlindSpotRow {
  /** Flows involving its address (0 without one). */
  flows: number;
  /** Activities whose host, host address or peer it is. */
  activities: number;
}

const ORDER: Record<BlindSpotSort, string> = {
  rank: 'activities DESC, flows DESC, kind, ip_order NULLS LAST, host NULLS LAST, id',
  flows: 'flows DESC, activities DESC, kind, ip_order NULLS LAST, host NULLS LAST, id',
  address: 'ip_order NULLS LAST, host NULLS LAST, kind, id',
};

/** One page of an assessment's blind spots, filtered by kind and text, and how many match. */
export async function getBlindSpotPage(
  assessmentId: string,
  query: Partial<BlindSpotQuery>,
  page: { limit: number; offset: number },
): Promise<{ rows: RankedBlindSpot[]; total: number; counts: Partial<Record<(typeof BLIND_SPOT_KINDS)[number], number>> }> {
  const pool = getPool();
  // `q` is matched as text: LIKE's wildcards in it are escaped.
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await pool.query(
    // A blind spot's activities: those whose peer or one of whose host addresses is its address,
    // or whose host is its host — joined once (hash joins) and counted per blind spot. A
    // subquery per blind spot that tested every activity took 3 s with 500 blind spots and
    // 19 k activities (10 M flows, bench/README.md).
    `WITH b AS (
       SELECT b.id, b.kind, b.source, b.host_name AS host, host(b.ip) AS ip, b.ip AS ip_order, b.start_ts AS start, b.end_ts AS "end", b.detail,
         coalesce((SELECT sum(r.flows) FROM flow_address_rollup r WHERE r.assessment_id = $1 AND r.ip = b.ip), 0)::float8 AS flows
       FROM blind_spot b
       WHERE b.assessment_id = $1 AND ($2::text IS NULL OR b.kind = $2)
         AND ($3::text IS NULL OR host(b.ip) ILIKE $3 OR b.host_name ILIKE $3 OR b.detail ILIKE $3)
     ), linked AS (
       SELECT b.id, a.id AS aid FROM b JOIN activity a ON a.assessment_id = $1 AND a.peer = b.ip_order
       UNION
       SELECT b.id, a.aid FROM b JOIN (SELECT id AS aid, unnest(host_ips) AS ip FROM activity WHERE assessment_id = $1) a ON a.ip = b.ip
       UNION
       SELECT b.id, a.id FROM b JOIN activity a ON a.assessment_id = $1 AND a.host_name = b.host
     ), n AS (SELECT id, count(*)::int AS activities FROM linked GROUP BY id)
     SELECT b.*, coalesce(n.activities, 0) AS activities, count(*) OVER ()::int AS total
     FROM b LEFT JOIN n ON n.id = b.id ORDER BY ${ORDER[query.sort ?? 'rank']} LIMIT $4 OFFSET $5`,
    [assessmentId, query.kind ?? null, like, page.limit, page.offset],
  );
  const counts = await pool.query<{ kind: (typeof BLIND_SPOT_KINDS)[number]; n: number }>(
    'SELECT kind, count(*)::int AS n FROM blind_spot WHERE assessment_id = $1 GROUP BY kind',
    [assessmentId],
  );
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page.offset > 0) {
    // Past the last page: the count still answers.
    const again = await getBlindSpotPage(assessmentId, query, { limit: 1, offset: 0 });
    total = again.total;
  }
  return {
    total,
    counts: Object.fromEntries(counts.rows.map((r) => [r.kind, r.n])),
    rows: rows.map(({ id: _id, total: _t, ip_order: _o, ...r }) => ({
      ...r,
      start: r.start?.toISOString() ?? null,
      end: r.end?.toISOString() ?? null,
    })) as RankedBlindSpot[],
  };
}
