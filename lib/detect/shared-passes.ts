// Detection in shared passes (issue 17): the network detectors used to stitch one-way flow rows
// into sessions each on their own (sessionsCte: a self-join of every flow row of the
// assessment), and three of them then summed the same bytes per host, peer and window. The
// detect stage now does each of these passes once per analysis, into temporary tables that
// live until the analysis's transaction ends, and the detectors read them:
//
//   detect_session      sessionsCte() as it is: one row per connection, `ids` = its flow rows
//   detect_outbound     the sessions between an internal and an external address, turned to
//                       the internal host's side (outboundDirectionCte): host, peer, out/in bytes
//   detect_prevalence   per external destination, the internal hosts that opened a session to
//                       it and the network size (prevalenceCountsCte: RITA's prevalence, read
//                       by beaconing and ingress transfer)
//   detect_volume_<w>   per host, external peer and window of w seconds: bytes each way,
//                       ports, sessions, first/last seen, flow ids (outboundVolumeCte), built
//                       the first time a detector asks for window w
//   detect_log_event    the log_event rows a log detector can match, narrow (no `raw`), with
//                       the command line, program name and exec parent pid computed once
//                       (sharedLogEventsSql, logs/log-events.ts): the log detectors scan it
//                       instead of each scanning log_event and rebuilding that text per pattern
//
// The tables are filled by the same SQL the detectors inline when they run on their own (a
// test or one detector re-run), so the two paths cannot drift apart; shared-passes.test.ts
// checks on the recordings and on generated data that every detector that reads them writes
// exactly the detections it writes from the flow rows, and shared-passes-logs.test.ts the same
// for the log detectors and log_event. ANALYZE after each fill gives the
// planner real row counts for the detectors' joins (a CTE has none).
import type pg from 'pg';
import { sharedLogEventsSql } from './logs/log-events';
import { outboundDirectionCte, outboundVolumeCte } from './network/outbound-volume';
import { prevalenceCountsCte } from './network/prevalence';
import { sessionsCte } from './sql';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** The passes over the flow rows, for the network detectors. */
export interface NetworkPasses {
  /** The stitched sessions (columns of sessionsCte's `sess`). */
  readonly sessions: string;
  /** Internal host ↔ external peer sessions, host side (columns of outboundDirectionCte's `dir`). */
  readonly outbound: string;
  /** Per external destination: internal hosts that reached it and the network size (columns of prevalenceCountsCte's `prevc`). */
  readonly prevalence: string;
  /** Per host, peer and window of `windowSeconds` (columns of OUTBOUND_VOLUME's `vol`); built on first use. */
  volume(windowSeconds: number): Promise<string>;
}

/** The pass over the log events, for the log detectors. */
export interface LogPasses {
  /** The log events a log detector can match (columns of logs/log-events.ts, without `raw`). */
  readonly logEvents: string;
}

/**
 * What a detector is given: the passes built on its connection. The analysis builds the network
 * passes on its own connection and the log pass on the connection its log detectors run on
 * (lib/pipeline/log-detection.ts), so either half may be absent; a detector whose pass is
 * absent reads the records, as when it runs alone.
 */
export type SharedPasses = Partial<NetworkPasses> &
  Partial<LogPasses> & {
    /** Milliseconds each pass took, by table. */
    readonly timings: Record<string, number>;
  };

/** Both halves on one connection (a detector's test, the detect-scale bench). */
export async function buildSharedPasses(client: Queryable, assessmentId: string, internalRanges: string[]): Promise<Required<SharedPasses>> {
  const network = await buildNetworkPasses(client, assessmentId, internalRanges);
  const logs = await buildLogPasses(client, assessmentId);
  // One timings object: the volume tables built later add to it.
  return { ...network, ...logs, timings: Object.assign(network.timings, logs.timings) };
}

/** Creates one shared table from `sql`, indexes and ANALYZEs it; its time goes into `timings`. */
function filler(client: Queryable, timings: Record<string, number>) {
  return async (table: string, sql: string, params: unknown[], index?: string) => {
    const t0 = performance.now();
    await client.query(`DROP TABLE IF EXISTS pg_temp.${table}`);
    await client.query(`CREATE TEMP TABLE ${table} ON COMMIT DROP AS ${sql}`, params);
    if (index) await client.query(`CREATE INDEX ON pg_temp.${table} (${index})`);
    await client.query(`ANALYZE pg_temp.${table}`);
    timings[table] = Math.round(performance.now() - t0);
    return `pg_temp.${table}`;
  };
}

/**
 * Builds the network passes of one assessment inside the caller's transaction (the tables are
 * dropped at its end). Call once per analysis, before the network detectors, with the settings' internal ranges.
 */
export async function buildNetworkPasses(
  client: Queryable,
  assessmentId: string,
  internalRanges: string[],
): Promise<NetworkPasses & Pick<SharedPasses, 'timings'>> {
  const timings: Record<string, number> = {};
  const fill = filler(client, timings);
  // The reply match of sessionsCte joins the one-way rows with themselves. Its CTE has no
  // statistics, so PostgreSQL takes `rev_bytes IS NULL` for 0.5 % of them and merge-joins two
  // sorts of every one-way row, on disk past a few MB; a hash join (in batches) reads each side
  // once. Same rows either way (the match is ordered, DISTINCT ON). 10 M one-way flows (cli-scale):
  // 49.0 s → 26.6 s; 1 M: 4.6 / 4.7 s → 2.4 / 2.5 s. Inlining the CTE instead (NOT MATERIALIZED)
  // gave a parallel merge join that sorted every row in each worker (47.5 s).
  await client.query('SET LOCAL enable_mergejoin = off');
  const sessions = await fill('detect_session', `WITH ${sessionsCte()} SELECT * FROM sess`, [assessmentId]);
  await client.query('SET LOCAL enable_mergejoin = on');
  const outbound = await fill('detect_outbound', `WITH ${sharedSessionsCte(sessions)}, ${outboundDirectionCte(1)} SELECT * FROM dir`, [internalRanges]);
  const prevalence = await fill('detect_prevalence', `WITH ${sharedSessionsCte(sessions)}, ${prevalenceCountsCte(1)} SELECT * FROM prevc`, [internalRanges]);
  const volumes = new Map<number, string>();
  return {
    sessions,
    outbound,
    prevalence,
    timings,
    async volume(windowSeconds: number) {
      const known = volumes.get(windowSeconds);
      if (known) return known;
      const table = await fill(
        `detect_volume_${Math.round(windowSeconds)}`,
        `WITH dir AS NOT MATERIALIZED (SELECT * FROM ${outbound}), ${outboundVolumeCte(1)} SELECT * FROM vol`,
        [windowSeconds],
      );
      volumes.set(windowSeconds, table);
      return table;
    },
  };
}

/**
 * Builds the log pass of one assessment inside the caller's transaction (dropped at its end).
 * Call once per analysis, before the log detectors, on their connection.
 */
export async function buildLogPasses(client: Queryable, assessmentId: string): Promise<LogPasses & Pick<SharedPasses, 'timings'>> {
  const timings: Record<string, number> = {};
  // By kind: most log detectors read a few rare kinds (sshd's, web requests, file writes).
  const logEvents = await filler(client, timings)('detect_log_event', sharedLogEventsSql(), [assessmentId], 'kind');
  return { logEvents, timings };
}

/** The CTE `sess` read from the shared sessions table (inlined where it is used: the table has statistics). */
export function sharedSessionsCte(table: string): string {
  return `sess AS NOT MATERIALIZED (SELECT * FROM ${table})`;
}

/** CTE `sess`: from the shared pass when the detect stage built one, else stitched from the flow rows. */
export function sessionsOf(shared: SharedPasses | undefined): string {
  return shared?.sessions ? sharedSessionsCte(shared.sessions) : sessionsCte();
}
