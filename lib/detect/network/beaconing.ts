// C2 seen in flows: beaconing scored the RITA way (docs/ANCHORS.md#rita-beacon). Per internal →
// external (src, dst, dst port) with ≥ 4 unique connection times, SQL builds the connections
// (sessions, ICMP exchanges, proxied requests) and streams them in pair and time order; each pair's
// interval and size quartiles and MADs, 24-bin hourly histogram and hours seen are computed as
// it passes (beacon-pairs.ts, one sort instead of one per figure), one source at a time, scored
// in beacon-score.ts and written back in batches of INSERTs. Pairs with ≥ 86,400 connections are strobes: not beacon-scored, reported high (RITA). The score
// then goes through RITA's prevalence modifier and Sightline's expected-service and regularity
// rules (beacon-modifiers.ts); severity follows from the final score (lib/severity.ts).
//
// Beside RITA's score:
// * dense bursts (beacon-score.ts `bestBurst`): ≥ 20 connections at a steady 5–60 s interval
//   within 15 minutes, scored by RITA's timestamp and size sub-scores alone — a curl loop that
//   calls home for five minutes has no hours for RITA's duration and histogram to see;
// * explicit proxies (SOCKS 1080, Squid 3128, Privoxy 8118): RITA's FilterConnPair drops internal → internal pairs, but keeps
//   client → proxy HTTP and scores proxied beacons per destination (config/filter.go
//   FilterConnPairForHTTP; docs/ANCHORS.md#rita-filter). On flows, a client's session to an
//   internal proxy port is attributed to the proxy's own outbound session that starts with it,
//   so many destinations behind one proxy port do not blur into one irregular pair; without the
//   proxy's upstream flows the pair is client → proxy (the RITA proxy fixture);
// * pollers: a source that reaches several destinations on one schedule (monitoring, uptime
//   checks) is not beaconing to any of them — the source-side mirror of RITA's prevalence
//   modifier. Internal → internal polling (a monitor scraping every host) is not scored at all,
//   as in RITA (internal pairs are filtered); the poller rule also covers `internalPeers = 1`.

import type pg from 'pg';
import { insertDetections } from '../insert-detections';
import { type SharedPasses, sessionsOf } from '../shared-passes';
import { isInternal, SESSION_BACKSCATTER } from '../sql';
import type { Detector } from '../types';
import { BEACON_MODIFIER_THRESHOLDS, modifyBeacon } from './beacon-modifiers';
import { type PairConnection, type PairStats, pairStats } from './beacon-pairs';
import { type BeaconScore, type BeaconStats, beaconScore, bestBurst } from './beacon-score';
import { PREVALENCE_THRESHOLDS, prevalenceCte } from './prevalence';

/** Connections read per FETCH of the cursor. */
const FETCH_ROWS = 10_000;

/** Proxy ports recognised by the port alone: SOCKS (IANA 1080), Squid's default http_port 3128, Privoxy 8118. */
export const PROXY_PORTS = [1080, 3128, 8118];
/** Ports whose beacons are Web Protocols C2 (T1071.001). */
const WEB_PORTS = new Set([80, 443, 8000, 8080, 8443, 8888, ...PROXY_PORTS]);

/** A pair and what SQL knows of it: the proxy it goes through, its destination's prevalence, whether its source is a resolver. */
interface PairKey {
  src: string;
  dst: string;
  port: number;
  via: string | null;
  prevalence: number | null;
  resolver: boolean;
}

/** One connection as the cursor returns it, with its pair's figures. */
interface ConnRow extends PairKey {
  id: string;
  /** Its flow ids, comma-separated: a text[] per row cost PostgreSQL's array output and pg's array parser 0.55 s of the week's 483 k connections. */
  ids: string;
  tms: string;
  b: number;
}

/** A pair with its statistics (beacon-pairs.ts). */
export interface BeaconPair extends PairKey, PairStats {}

const connection = (r: ConnRow): PairConnection => ({ id: r.id, ids: r.ids.split(','), tMs: Number(r.tms), b: r.b });

function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/**
 * The connections RITA scores, as CTEs ending in \`p\` (one row per connection: id, ids, src_ip,
 * dst_ip, dst_port, via, t (epoch s), b (bytes)), \`prev\` (prevalence per destination) and
 * \`resolvers\`; bound by beaconParams ($1–$8).
 */
export function beaconConnectionsSql(shared: SharedPasses | undefined): string {
  return `       WITH ${sessionsOf(shared)},
       -- Inlined into its two readers (two scans of the shared sessions): materialized, its 883 k
       -- rows of the week went to a temporary file and back (execution 3.4–3.5 → 3.1–3.2 s).
       s00 AS NOT MATERIALIZED (
         -- ($1 types the assessment id when the sessions come from the shared pass, which does not read it.)
         SELECT s.* FROM sess s WHERE $1::uuid IS NOT NULL AND ${isInternal('s.src_ip', 2)} AND s.src_ip <> s.dst_ip AND NOT ${SESSION_BACKSCATTER}
       ), ig AS (
         -- ICMP has no connections: an exporter writing one record per echo (nfpcapd) and one
         -- writing one record for the whole exchange (softflowd) must give the same answer, so
         -- records of one (src, dst, type/code) less than Zeek's icmp_inactivity_timeout (60 s)
         -- apart are one exchange, as in the conn.log RITA scores.
         SELECT x.*, sum(brk) OVER (PARTITION BY src_ip, dst_ip, dst_port, proto ORDER BY start_ts, id) AS g FROM (
           SELECT s.*, CASE WHEN s.start_ts <= lag(s.end_ts) OVER (PARTITION BY s.src_ip, s.dst_ip, s.dst_port, s.proto ORDER BY s.start_ts, s.id)
                                + interval '60 seconds' THEN 0 ELSE 1 END AS brk
           FROM s00 s WHERE s.proto IN (1, 58)
         ) x
       ), ig2 AS (SELECT ig.*, sum(ig.bytes) OVER (PARTITION BY src_ip, dst_ip, dst_port, proto, g) AS gbytes FROM ig),
       s0 AS (
         SELECT s.id, s.ids, s.src_ip, s.dst_ip, s.dst_port, s.start_ts, s.bytes FROM s00 s WHERE s.proto NOT IN (1, 58)
         UNION ALL
         SELECT min(ig2.id), array_agg(u.fid ORDER BY u.fid), ig2.src_ip, ig2.dst_ip, ig2.dst_port, min(ig2.start_ts), max(ig2.gbytes)::bigint
         FROM ig2 CROSS JOIN LATERAL unnest(ig2.ids) AS u(fid) GROUP BY ig2.src_ip, ig2.dst_ip, ig2.dst_port, ig2.proto, ig2.g
       ), px AS (
         SELECT DISTINCT s.dst_ip, s.dst_port FROM s0 s
         WHERE $6 = 1 AND s.dst_port = ANY($7::int[]) AND ${isInternal('s.dst_ip', 2)}
       ), c AS (
         SELECT s.*, floor(extract(epoch FROM s.start_ts))::bigint AS sec FROM s0 s JOIN px USING (dst_ip, dst_port)
       ), u AS (
         -- The proxies' own outbound sessions, keyed by whole second so the match below is an
         -- equi-join (proxy, second), not a range scan per client session.
         SELECT s.id, s.ids, s.src_ip, s.dst_ip, s.dst_port, s.bytes, s.start_ts, floor(extract(epoch FROM s.start_ts))::bigint AS sec
         FROM s0 s WHERE s.src_ip IN (SELECT dst_ip FROM px) AND NOT ${isInternal('s.dst_ip', 2)}
       ), up AS (
         SELECT DISTINCT ON (c.id) c.id AS cid, u.id AS uid, u.ids AS uids, u.dst_ip, u.dst_port
         FROM c CROSS JOIN generate_series(-1, ceil($8::float8)::int) AS k(k)
           JOIN u ON u.src_ip = c.dst_ip AND u.sec = c.sec + k.k
         WHERE u.start_ts BETWEEN c.start_ts - interval '1 second' AND c.start_ts + make_interval(secs => $8)
         ORDER BY c.id, abs(extract(epoch FROM u.start_ts - c.start_ts)), abs(u.bytes - c.bytes), u.id
       ), p AS (
         SELECT s.id, s.ids, s.src_ip, s.dst_ip, s.dst_port, NULL::inet AS via, extract(epoch FROM s.start_ts) AS t, s.bytes::float8 AS b
         FROM s0 s
         WHERE ($3 = 1 OR NOT ${isInternal('s.dst_ip', 2)})
           AND NOT EXISTS (SELECT 1 FROM px WHERE px.dst_ip = s.dst_ip AND px.dst_port = s.dst_port)
           AND NOT EXISTS (SELECT 1 FROM up WHERE up.uid = s.id)
         UNION ALL
         SELECT c.id, c.ids || COALESCE(up.uids, '{}'::bigint[]), c.src_ip, COALESCE(up.dst_ip, c.dst_ip), COALESCE(up.dst_port, c.dst_port),
                c.dst_ip, extract(epoch FROM c.start_ts), c.bytes::float8
         FROM c LEFT JOIN up ON up.cid = c.id
       ), ${prevalenceCte(2, 5, shared?.prevalence)}, resolvers AS (
         SELECT s.dst_ip AS ip FROM sess s
         WHERE s.dst_port = 53 AND ${isInternal('s.src_ip', 2)} AND ${isInternal('s.dst_ip', 2)} AND s.src_ip <> s.dst_ip
         GROUP BY s.dst_ip HAVING count(DISTINCT s.src_ip) >= $4
       )`;
}

/** The parameters of beaconConnectionsSql. */
export function beaconParams(assessmentId: string, t: Record<string, number>, internalRanges: string[]): unknown[] {
  return [assessmentId, internalRanges, t.internalPeers, t.resolverClients, t.prevalenceMinHosts, t.proxyPeers, PROXY_PORTS, t.proxyMatchSeconds];
}

/** Every pair with enough unique connection times, with its statistics (beacon-pairs.ts). */
export async function readBeaconPairs(
  client: Pick<pg.PoolClient, 'query'>,
  assessmentId: string,
  t: Record<string, number>,
  internalRanges: string[],
  shared: SharedPasses | undefined,
): Promise<BeaconPair[]> {
  const all: BeaconPair[] = [];
  await forEachBeaconSource(client, assessmentId, t, internalRanges, shared, (pairs) => {
    all.push(...pairs);
  });
  return all;
}

/**
 * The pairs of each source in turn (sources in address order): memory holds one source's pairs,
 * whatever the size of the assessment. Everything the detector decides about a pair depends
 * only on its source's pairs (the poller rule compares a source's schedules).
 */
export async function forEachBeaconSource(
  client: Pick<pg.PoolClient, 'query'>,
  assessmentId: string,
  t: Record<string, number>,
  internalRanges: string[],
  shared: SharedPasses | undefined,
  onSource: (pairs: BeaconPair[]) => void | Promise<void>,
): Promise<void> {
  // RITA's dataset span: the assessment's first and last flow start.
  const span = await client.query<{ t0: string | null; t1: string | null }>(
    `SELECT (extract(epoch FROM min(start_ts)) * 1000)::bigint AS t0, (extract(epoch FROM max(start_ts)) * 1000)::bigint AS t1
     FROM flow WHERE assessment_id = $1`,
    [assessmentId],
  );
  const t0Ms = Number(span.rows[0]?.t0 ?? 0);
  const t1Ms = Number(span.rows[0]?.t1 ?? 0);
  // Every connection of every pair, in pair and time order, read
  // through a cursor: the per-pair statistics are computed one pair at a time (beacon-pairs.ts).
  // WITH HOLD lets it run outside a transaction too (a detector run on its own); it is closed
  // before the analysis's transaction ends, so nothing is kept past it.
  await client.query(
    `DECLARE beacon_conns NO SCROLL CURSOR WITH HOLD FOR
     ${beaconConnectionsSql(shared)}
     SELECT host(p.src_ip) AS src, host(p.dst_ip) AS dst, p.dst_port AS port,
            host(max(p.via) OVER (PARTITION BY p.src_ip, p.dst_ip, p.dst_port)) AS via, prev.prevalence,
            rs.ip IS NOT NULL AS resolver, p.id::text AS id, array_to_string(p.ids, ',') AS ids, (p.t * 1000)::bigint AS tms, p.b
     FROM p LEFT JOIN prev ON prev.dst_ip = p.dst_ip LEFT JOIN resolvers rs ON rs.ip = p.src_ip
     ORDER BY p.src_ip, p.dst_ip, p.dst_port, p.t, p.id`,
    beaconParams(assessmentId, t, internalRanges),
  );
  let rows: BeaconPair[] = [];
  const opts = { t0Ms, t1Ms, burstConnections: t.burstConnections ?? 20, burstWindowSeconds: t.burstWindowSeconds ?? 900 };
  let pair: ConnRow[] = [];
  const flush = async (nextSource: string | undefined) => {
    const first = pair[0];
    if (first) {
      const stats = pairStats(pair.map(connection), opts);
      // RITA's unique connection threshold: pairs with fewer unique times are not scored.
      if (stats.ut >= (t.minConnections ?? 4)) {
        const { src, dst, port, via, prevalence, resolver } = first;
        rows.push({ src, dst, port, via, prevalence, resolver, ...stats });
      }
    }
    pair = [];
    if (rows.length > 0 && nextSource !== rows[0]?.src) {
      const done = rows;
      rows = [];
      await onSource(done);
    }
  };
  // The next batch is asked for before this one is read, so PostgreSQL formats and sends it
  // while the pairs are computed here (one connection runs its statements in the order sent).
  const fetch = () => client.query<ConnRow>(`FETCH ${FETCH_ROWS} FROM beacon_conns`);
  let next: Promise<pg.QueryResult<ConnRow>> | undefined = fetch();
  let failed = true;
  try {
    while (next) {
      const batch: pg.QueryResult<ConnRow> = await next;
      next = batch.rows.length === FETCH_ROWS ? fetch() : undefined;
      for (const r of batch.rows) {
        const first = pair[0];
        if (first && (first.src !== r.src || first.dst !== r.dst || first.port !== r.port)) await flush(r.src);
        pair.push(r);
      }
    }
    await flush(undefined);
    failed = false;
  } finally {
    // A batch asked for when a source's detections failed: its result no longer matters.
    next?.catch(() => {});
    // After a failed statement (a delete cancelling the analysis's FETCH) the transaction
    // refuses the CLOSE; its error must not replace the one that stopped the loop.
    const closing = client.query('CLOSE beacon_conns');
    if (failed) await closing.catch(() => {});
    else await closing;
  }
}

/** A detection as the INSERT reads it (jsonb_to_recordset). */
interface BeaconDetection {
  src: string;
  dst: string;
  s: Date;
  e: Date;
  score: number;
  ids: string[];
  technique: string;
  summary: string;
}

/** The detections of one source's pairs: strobes, then per pair the better of its RITA score and its best burst, pollers left out. */
function scoreSource(rows: BeaconPair[], t: Record<string, number>): BeaconDetection[] {
  interface Candidate {
    r: BeaconPair;
    b: BeaconScore;
    median: number;
    burst: boolean;
    s: Date;
    e: Date;
    ids: string[];
    connections: number;
  }
  const candidates: Candidate[] = [];
  const strobes: BeaconDetection[] = [];
  for (const r of rows) {
    const n = r.n;
    if (n >= (t.strobe ?? 86_400)) {
      strobes.push({
        src: r.src,
        dst: r.dst,
        s: r.s,
        e: r.e,
        score: 0.9,
        ids: r.ids,
        technique: 'T1071',
        summary: `${r.src} → ${r.dst}:${r.port}: strobe, ${n} connections`,
      });
      continue;
    }
    const stats: BeaconStats = {
      timestamps: r.ut,
      nonZeroIntervals: r.nz ?? 0,
      intervals: r.intervals,
      sizeSamples: n,
      sizes: r.sizes,
      hourly: r.hourly,
      hoursSeen: r.hours,
      coverage: r.coverage ?? 0,
    };
    const rita = beaconScore(stats);
    const ritaMedian = stats.intervals ? stats.intervals.q2 : 0;
    candidates.push({ r, b: rita, median: ritaMedian, burst: false, s: r.s, e: r.e, ids: r.ids, connections: n });
    if (r.burst) {
      const burst = bestBurst(r.burst.ts, r.burst.bs, {
        minConnections: t.burstConnections ?? 20,
        minInterval: t.burstMinInterval ?? 5,
        maxInterval: t.burstMaxInterval ?? 60,
        windowSeconds: t.burstWindowSeconds ?? 900,
      });
      if (burst && burst.score > rita.score) {
        const ids = [...new Set(r.burst.ids.slice(burst.from, burst.to + 1).flat())];
        candidates.push({
          r,
          b: { timestamp: burst.timestamp, datasize: burst.datasize, duration: 0, histogram: 0, score: burst.score },
          median: burst.medianInterval,
          burst: true,
          s: new Date((r.burst.ts[burst.from] ?? 0) * 1000),
          e: new Date((r.burst.ts[burst.to] ?? 0) * 1000),
          ids,
          connections: burst.to - burst.from + 1,
        });
      }
    }
  }

  // Pollers: per source, the destinations reached on a regular schedule (timestamp sub-score
  // ≥ 0.7, RITA's low band) and their median intervals.
  const schedules = new Map<string, { dst: string; median: number }[]>();
  for (const c of candidates) {
    if (c.b.timestamp < 0.7 || c.median <= 0) continue;
    const list = schedules.get(c.r.src) ?? [];
    list.push({ dst: c.r.dst, median: c.median });
    schedules.set(c.r.src, list);
  }
  const tol = t.pollerTolerance ?? 0.1;
  const sameSchedule = (c: Candidate): number =>
    new Set((schedules.get(c.r.src) ?? []).filter((x) => Math.abs(x.median - c.median) <= tol * c.median).map((x) => x.dst)).size;

  // One detection per pair: the better of its RITA score and its best burst.
  const best = new Map<string, { c: Candidate; m: NonNullable<ReturnType<typeof modifyBeacon>> }>();
  for (const c of candidates) {
    const m = modifyBeacon(c.b, { port: c.r.port, prevalence: c.r.prevalence === null ? null : Number(c.r.prevalence), fromResolver: c.r.resolver }, t);
    if (m === null) continue;
    if (c.b.timestamp >= 0.7 && sameSchedule(c) >= (t.pollerDestinations ?? 3)) continue;
    const key = `${c.r.src}|${c.r.dst}|${c.r.port}`;
    const prev = best.get(key);
    if (!prev || m.score > prev.m.score) best.set(key, { c, m });
  }
  const out: BeaconDetection[] = [...strobes];
  for (const { c, m } of best.values()) {
    const { r, b } = c;
    const median = Math.round(c.median);
    const path = r.via === null ? `${r.dst}:${r.port}` : r.via === r.dst ? `proxy ${r.dst}:${r.port}` : `${r.dst}:${r.port} via proxy ${r.via}`;
    const what = c.burst
      ? `burst of ${c.connections} connections in ${duration((c.e.getTime() - c.s.getTime()) / 1000)}, median interval ${median} s (burst score ${b.score.toFixed(3)}: ts ${b.timestamp.toFixed(2)}, size ${b.datasize.toFixed(2)})`
      : `beacon score ${b.score.toFixed(3)} over ${c.connections} connections, median interval ${median} s (ts ${b.timestamp.toFixed(2)}, size ${b.datasize.toFixed(2)}, duration ${b.duration.toFixed(2)}, histogram ${b.histogram.toFixed(2)})`;
    out.push({
      src: r.src,
      dst: r.dst,
      s: c.s,
      e: c.e,
      score: m.score,
      ids: c.ids,
      technique: r.via !== null || WEB_PORTS.has(r.port) ? 'T1071.001' : r.port === 53 ? 'T1071.004' : 'T1071',
      summary: `${r.src} → ${path}: ${what}${m.notes.length ? `; ${m.notes.join('; ')}` : ''}`,
    });
  }
  return out;
}

export const beaconing: Detector = {
  id: 'network.beaconing',
  title: 'Beaconing (RITA score, dense bursts)',
  source: 'network',
  stage: 'c2',
  techniques: ['T1071.001', 'T1071', 'T1071.004', 'T1573'],
  description:
    "Regular connections from an internal host to one external address and port (through an explicit proxy: to the proxy's upstream destination): RITA's timestamp regularity (Bowley skew, MAD), size regularity, duration/coverage and hourly histogram, weighted 0.25 each; or a dense burst of ≥ 20 connections at a steady 5–60 s interval within 15 minutes. Pollers (one source, many destinations, one schedule) stay quiet.",
  thresholds: {
    minConnections: {
      label: 'Unique connections',
      default: 4,
      min: 3,
      anchor: 'RITA unique_connection_threshold: 4',
    },
    alert: {
      label: 'Alert score',
      default: 0.5,
      min: 0,
      max: 1,
      anchor: 'RITA score_thresholds base 50',
    },
    strobe: {
      label: 'Strobe connections',
      default: 86_400,
      min: 100,
      anchor: 'RITA strobe: ≥ 86,400 connections (1/s over 24 h)',
    },
    internalPeers: {
      label: 'Score internal peers (1/0)',
      default: 0,
      min: 0,
      max: 1,
      anchor: 'RITA config/filter.go FilterConnPair: pairs with both addresses internal are filtered',
    },
    proxyPeers: {
      label: 'Score clients of internal proxies (1/0)',
      default: 1,
      min: 0,
      max: 1,
      anchor: 'RITA config/filter.go FilterConnPairForHTTP keeps client → proxy; RITA scores proxied beacons (test_data/proxy)',
    },
    proxyMatchSeconds: {
      label: 'Proxy upstream within',
      default: 2,
      unit: 's',
      min: 0,
      anchor: 'Sightline default: a forward proxy opens its upstream connection as the request arrives (nfdump times are whole seconds)',
    },
    burstConnections: {
      label: 'Burst: connections',
      default: 20,
      min: 4,
      anchor: 'issue 15 §1: ≥ 20 connections; RITA unique_connection_threshold 4 is the floor',
    },
    burstMinInterval: { label: 'Burst: shortest median interval', default: 5, unit: 's', min: 0, anchor: 'issue 15 §1: steady 5–60 s interval' },
    burstMaxInterval: { label: 'Burst: longest median interval', default: 60, unit: 's', min: 1, anchor: 'issue 15 §1: steady 5–60 s interval' },
    burstWindowSeconds: { label: 'Burst: window', default: 900, unit: 's', min: 60, anchor: 'issue 15 §1: within 15 minutes' },
    pollerDestinations: {
      label: 'Poller: destinations on one schedule',
      default: 3,
      min: 2,
      anchor: 'Sightline default: the source-side mirror of RITA prevalence (a monitor polls every host on one timer)',
    },
    pollerTolerance: {
      label: 'Poller: same schedule within',
      default: 0.1,
      min: 0,
      max: 1,
      anchor: 'Sightline default: medians within ±10 %',
    },
    ...PREVALENCE_THRESHOLDS,
    ...BEACON_MODIFIER_THRESHOLDS,
  },
  async run({ client, assessmentId, t, internalRanges, shared, into }) {
    // Written in batches as sources are scored: a beacon's evidence is every flow of its pair,
    // so one statement for all of them would hold every id of an assessment's beacons at once.
    let batch: BeaconDetection[] = [];
    let batchIds = 0;
    let written = 0;
    const write = async () => {
      if (batch.length === 0) return;
      written += await insertDetections(client, {
        detector: beaconing,
        assessmentId,
        into,
        query: {
          select: `SELECT x.src::inet AS host, x.dst::inet AS peer, x.s AS start_ts, x.e AS end_ts, x.score, x.summary, x.technique,
                          ARRAY(SELECT jsonb_array_elements_text(x.ids)::bigint) AS evidence_ids
                   FROM jsonb_to_recordset($2::jsonb) AS x(src text, dst text, s timestamptz, e timestamptz, score float8, summary text,
                                                           technique text, ids jsonb)`,
          technique: 'x.technique',
        },
        params: [JSON.stringify(batch)],
      });
      batch = [];
      batchIds = 0;
    };
    await forEachBeaconSource(client, assessmentId, t, internalRanges, shared, async (pairs) => {
      for (const d of scoreSource(pairs, t)) {
        batch.push(d);
        batchIds += d.ids.length;
      }
      if (batchIds >= 100_000) await write();
    });
    await write();
    return written;
  },
};
