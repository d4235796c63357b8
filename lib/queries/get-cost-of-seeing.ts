import { getPool } from '../db/client';
import { STAGES, type Stage } from '../stages';
import { sawSql } from '../visibility-class';
import { type ActivityFilter, activityWhere } from './activity-filter';

export interface StageCost {
  stage: Stage;
  /** Activities each source saw (detected or evidence). */
  networkSaw: number;
  logsSaw: number;
  /** Records each source needed to see them. */
  networkRecords: number;
  logRecords: number;
  /** Vantage points each source needed: flow exporters (sensors) vs hosts whose logs hold evidence. */
  networkSensors: number;
  logHosts: number;
}

/**
 * The cost of seeing: what each source needed per stage — records, and how many places had to
 * send them (one sensor at a choke point versus logs from every host involved). Read from the
 * activities alone: correlation stores each activity's record counts and its vantage points
 * (network_sensors, log_hosts), so the query grows with the activities, not with the records.
 * test/dashboard-rollups.test.ts checks it against the same figures counted over the evidence records.
 */
export async function getCostOfSeeing(assessmentId: string, filter: ActivityFilter = {}): Promise<StageCost[]> {
  const w = activityWhere(filter);
  const { rows } = await getPool().query(
    `WITH a AS (SELECT id, stage, network, logs, network_records, log_records, network_sensors, log_hosts FROM activity WHERE ${w.sql}),
     sensors AS (SELECT a.stage, count(DISTINCT k)::int AS n FROM a CROSS JOIN LATERAL unnest(a.network_sensors) AS k GROUP BY a.stage),
     loghosts AS (SELECT a.stage, count(DISTINCT k)::int AS n FROM a CROSS JOIN LATERAL unnest(a.log_hosts) AS k GROUP BY a.stage)
     SELECT a.stage,
       count(*) FILTER (WHERE ${sawSql('a.network')})::int AS "networkSaw",
       count(*) FILTER (WHERE ${sawSql('a.logs')})::int AS "logsSaw",
       coalesce(sum(a.network_records), 0)::int AS "networkRecords",
       coalesce(sum(a.log_records), 0)::int AS "logRecords",
       coalesce(max(s.n), 0)::int AS "networkSensors",
       coalesce(max(l.n), 0)::int AS "logHosts"
     FROM a LEFT JOIN sensors s ON s.stage = a.stage LEFT JOIN loghosts l ON l.stage = a.stage
     GROUP BY a.stage`,
    [assessmentId, ...w.params],
  );
  const by = new Map(rows.map((r) => [r.stage as Stage, r as StageCost]));
  return STAGES.filter((s) => s !== 'weaponization').map(
    (stage) => by.get(stage) ?? { stage, networkSaw: 0, logsSaw: 0, networkRecords: 0, logRecords: 0, networkSensors: 0, logHosts: 0 },
  );
}
