// Rollups: small summaries of the stored records, written in the same transaction as the
// records themselves, so that the blind-spot step (re-run after every settings or host-mapping
// change) reads thousands of rows instead of every flow and log event again.
//
// * flow_address_rollup — per address (source or destination side): flows, first start, last end;
//                         flows sent, received and answered, bytes out and in (the address page).
// * flow_minute_rollup  — per minute of start time: flows, first start, last end, longest flow.
// * log_rollup          — per host and hour: events, execve events, first and last time.
//
// * flow_address_peers  — per address, its distinct peers: not a sum of parts, so counted once
//                         per assessment by the analysis (buildAddressPeers) and dropped when
//                         flows are written.
//
// Rows are partial aggregates (one per batch of records rolled up, per key); readers merge them
// with sum/min/max. Settings are applied when reading (internal ranges, gap lengths), never here.
// Built in memory as records stream past (FlowRollup, LogRollup: no second pass over the rows)
// by ingest and by every other writer of records (test helpers, the benchmark loader). The
// migration that added them backfilled older records with the same definitions in SQL;
// rollups.test.ts checks the streamed rollups against those definitions.
// Exactness: a silence of at least the bucket width can only start in one bucket and end in a
// later one, so the gap between one bucket's last record and the next non-empty bucket's first
// record is the silence itself; gaps shorter than the bucket are never needed (flow gaps are at
// least 60 s; log gaps shorter than LOG_BUCKET_SECONDS are computed from log_event instead).
import net from 'node:net';
import type pg from 'pg';
import { ownString } from './own-string';
import type { FlowRecord, LogRecord } from './records';

export const FLOW_BUCKET_SECONDS = 60;
export const LOG_BUCKET_SECONDS = 3600;

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Rollups of an upload's records go with them (an upload ingested again). */
export async function deleteUploadRollups(client: Queryable, assessmentId: string, uploadId: string): Promise<void> {
  for (const t of ['flow_address_rollup', 'flow_minute_rollup', 'log_rollup']) {
    await client.query(`DELETE FROM ${t} WHERE assessment_id = $1 AND source_file_id IN (SELECT id FROM source_file WHERE upload_id = $2)`, [
      assessmentId,
      uploadId,
    ]);
  }
  await client.query('DELETE FROM flow_address_peers WHERE assessment_id = $1', [assessmentId]);
}

/**
 * Each address's distinct peers (the address page), counted over the assessment's flows unless
 * already counted since flows were last written (FlowRollup.flush drops them): one pass over
 * the flows, once per set of uploads rather than once per page view.
 */
export async function buildAddressPeers(client: Queryable, assessmentId: string): Promise<void> {
  const counted = await client.query('SELECT 1 FROM flow_address_peers WHERE assessment_id = $1 LIMIT 1', [assessmentId]);
  if (counted.rowCount) return;
  // The distinct (source, destination) pairs first, hashed (the week's 1 M flows: ~60 k pairs),
  // then each pair from both ends: count(DISTINCT) over both sides of every flow sorted 2 M rows
  // (the week: 1207 → 337 ms without parallel workers, 841 → 272 ms with them; same counts).
  // Where nearly every flow is a pair of its own (the synthetic cli-scale exports) it takes as
  // long as before: 1.8 s at 1 M flows, 22 s at 10 M (24 s before).
  await client.query(
    `INSERT INTO flow_address_peers (assessment_id, ip, peers)
     WITH pairs AS (SELECT DISTINCT src_ip, dst_ip FROM flow WHERE assessment_id = $1)
     SELECT $1, ip, count(*) FROM (
       SELECT DISTINCT ip, peer FROM (SELECT src_ip AS ip, dst_ip AS peer FROM pairs UNION ALL SELECT dst_ip, src_ip FROM pairs) u
     ) d GROUP BY ip`,
    [assessmentId],
  );
}

/** The longest flow stored for the assessment, in seconds (0 without flows). */
export async function maxFlowSeconds(client: Queryable, assessmentId: string): Promise<number> {
  const { rows } = await client.query<{ ms: string | null }>('SELECT max(longest_ms)::text AS ms FROM flow_minute_rollup WHERE assessment_id = $1', [
    assessmentId,
  ]);
  return Number(rows[0]?.ms ?? 0) / 1000;
}

/**
 * Distinct keys held before a rollup must be written out (bounds memory on any input). A held
 * key costs ~200 bytes of heap (key text, row array, boxed times); at 100 000 the week's log
 * bundle (117 k host-hour keys) held ~25 MB of them until its one write: `sightline analyze`
 * peaked at 283–292 MiB (with the stitcher's copies, stitch.ts); at 25 000 it writes them
 * about five times (one statement each) and peaked at 258–259 MiB (three runs each,
 * bench/README.md, 2026-12-07). A key written in two parts is two rows, which the readers sum.
 */
export const ROLLUP_FLUSH_KEYS = 25_000;
const ROWS_PER_INSERT = 20_000;
/**
 * A timestamptz from whole milliseconds since the epoch, in SQL: the rollups send their times as
 * numbers, not ISO text (516 k `toISOString` calls were 0.33 s of a 5 000-file bundle's ingest,
 * CPU profile, 2026-12-07). Exact: the interval is counted in microseconds, far inside 2^53.
 */
const tsFromMs = (ms: string) => `'epoch'::timestamptz + ${ms} * interval '1 millisecond'`;
// Timestamps are stored as whole milliseconds, so they are compared (and sent) as such.
const whole = (ms: number) => Math.trunc(ms);

/** Two spellings of one IPv6 address (PostgreSQL's inet compares them equal). */
function sameIpv6(a: string, b: string): boolean {
  if (!a.includes(':') || !b.includes(':')) return false;
  // Cheap rejection first: distinct addresses nearly always differ in their last group.
  const ta = a
    .slice(a.lastIndexOf(':') + 1)
    .toLowerCase()
    .replace(/^0+/, '');
  const tb = b
    .slice(b.lastIndexOf(':') + 1)
    .toLowerCase()
    .replace(/^0+/, '');
  if (ta !== tb && !ta.includes('.') && !tb.includes('.')) return false;
  try {
    return new net.SocketAddress({ address: a, family: 'ipv6' }).address === new net.SocketAddress({ address: b, family: 'ipv6' }).address;
  } catch {
    return false;
  }
}

/** Per address: flows (each side counts one), first start, last end, sent, received, answered, bytes out, bytes in. */
type AddressSums = [flows: number, first: number, last: number, sent: number, received: number, answered: number, bytesOut: number, bytesIn: number];

type MinuteSums = [flows: number, first: number, last: number, longest: number];

/** A flow file's rollup, built as its records are written. */
export class FlowRollup {
  private readonly byAddress = new Map<string, AddressSums>();
  private readonly byMinute = new Map<number, MinuteSums>();
  private lastMinute = Number.NaN;
  private lastMinuteRow: MinuteSums | undefined;

  get size(): number {
    return this.byAddress.size + this.byMinute.size;
  }

  add(f: FlowRecord): void {
    const s = whole(f.startMs);
    const e = whole(f.endMs);
    // As stored (lib/ingest/copy.ts): bytes rounded, a missing or NaN reverse side NULL.
    const answered = Math.round(f.revPackets ?? 0) > 0 ? 1 : 0;
    const bytes = Math.round(f.bytes);
    const rev = f.revBytes === undefined || Number.isNaN(f.revBytes) ? 0 : Math.round(f.revBytes);
    if (f.srcIp === f.dstIp || sameIpv6(f.srcIp, f.dstIp)) {
      // A flow from an address to itself: one flow on each side, sent and received, its bytes both ways.
      this.addAddress(f.srcIp, s, e, 1, 0, 0, bytes, 0);
      this.addAddress(f.dstIp, s, e, 0, 1, answered, 0, bytes);
    } else {
      this.addAddress(f.srcIp, s, e, 1, 0, 0, bytes, rev);
      this.addAddress(f.dstIp, s, e, 0, 1, answered, rev, bytes);
    }
    const minute = Math.floor(s / (FLOW_BUCKET_SECONDS * 1000)) * FLOW_BUCKET_SECONDS * 1000;
    // Flows mostly come in time order: the last minute's row is usually this one's.
    let m = minute === this.lastMinute ? this.lastMinuteRow : this.byMinute.get(minute);
    if (m) {
      m[0] += 1;
      if (s < m[1]) m[1] = s;
      if (e > m[2]) m[2] = e;
      if (e - s > m[3]) m[3] = e - s;
    } else {
      m = [1, s, e, e - s];
      this.byMinute.set(minute, m);
    }
    this.lastMinute = minute;
    this.lastMinuteRow = m;
  }

  private addAddress(ip: string, s: number, e: number, sent: number, received: number, answered: number, out: number, inb: number): void {
    const a = this.byAddress.get(ip);
    if (a) {
      a[0] += 1;
      if (s < a[1]) a[1] = s;
      if (e > a[2]) a[2] = e;
      a[3] += sent;
      a[4] += received;
      a[5] += answered;
      a[6] += out;
      a[7] += inb;
    } else {
      this.byAddress.set(ownString(ip), [1, s, e, sent, received, answered, out, inb]);
    }
  }

  /** Writes what it holds (the client must not be in a COPY) and starts empty. */
  async flush(client: Queryable, assessmentId: string, sourceFileId: string): Promise<void> {
    const addresses = [...this.byAddress];
    // New flows change who talked to whom: the peers counted by the last analysis are dropped.
    if (addresses.length) await client.query('DELETE FROM flow_address_peers WHERE assessment_id = $1', [assessmentId]);
    for (let i = 0; i < addresses.length; i += ROWS_PER_INSERT) {
      const part = addresses.slice(i, i + ROWS_PER_INSERT);
      await client.query(
        `INSERT INTO flow_address_rollup (assessment_id, source_file_id, ip, flows, first_ts, last_ts, sent, received, answered, bytes_out, bytes_in)
         SELECT $1, $2, r.ip, r.flows, ${tsFromMs('r.first_ms')}, ${tsFromMs('r.last_ms')}, r.sent, r.received, r.answered, r.bytes_out, r.bytes_in
         FROM unnest($3::inet[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
           AS r(ip, flows, first_ms, last_ms, sent, received, answered, bytes_out, bytes_in)`,
        [
          assessmentId,
          sourceFileId,
          part.map(([ip]) => ip),
          part.map(([, v]) => v[0]),
          part.map(([, v]) => v[1]),
          part.map(([, v]) => v[2]),
          part.map(([, v]) => v[3]),
          part.map(([, v]) => v[4]),
          part.map(([, v]) => v[5]),
          part.map(([, v]) => v[6]),
          part.map(([, v]) => v[7]),
        ],
      );
    }
    const minutes = [...this.byMinute];
    for (let i = 0; i < minutes.length; i += ROWS_PER_INSERT) {
      const part = minutes.slice(i, i + ROWS_PER_INSERT);
      await client.query(
        `INSERT INTO flow_minute_rollup (assessment_id, source_file_id, minute, flows, first_ts, last_ts, longest_ms)
         SELECT $1, $2, ${tsFromMs('r.minute_ms')}, r.flows, ${tsFromMs('r.first_ms')}, ${tsFromMs('r.last_ms')}, r.longest_ms
         FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[]) AS r(minute_ms, flows, first_ms, last_ms, longest_ms)`,
        [
          assessmentId,
          sourceFileId,
          part.map(([k]) => k),
          part.map(([, v]) => v[0]),
          part.map(([, v]) => v[1]),
          part.map(([, v]) => v[2]),
          part.map(([, v]) => v[3]),
        ],
      );
    }
    this.byAddress.clear();
    this.byMinute.clear();
    this.lastMinute = Number.NaN;
    this.lastMinuteRow = undefined;
  }
}

/** A log file's rollup, built as its records are written. */
export class LogRollup {
  private readonly byHostHour = new Map<string, LogRollupRow>();
  private last: LogRollupRow | undefined;

  get size(): number {
    return this.byHostHour.size;
  }

  add(e: LogRecord): void {
    // Stored as NULL when empty: not a host, as in the SQL rollup.
    if (!e.hostName) return;
    const t = whole(e.tsMs);
    const hour = Math.floor(t / (LOG_BUCKET_SECONDS * 1000)) * LOG_BUCKET_SECONDS * 1000;
    const exec = e.kind === 'exec' ? 1 : 0;
    // A file's events are one host's, mostly in time order: the last row is usually this one's
    // (no key text built and hashed per event).
    let r = this.last;
    if (r === undefined || r[1] !== hour || r[0] !== e.hostName) {
      const key = `${hour} ${e.hostName}`;
      r = this.byHostHour.get(key);
      if (r === undefined) {
        r = [ownString(e.hostName), hour, 0, 0, t, t];
        this.byHostHour.set(ownString(key), r);
      }
      this.last = r;
    }
    r[2] += 1;
    r[3] += exec;
    if (t < r[4]) r[4] = t;
    if (t > r[5]) r[5] = t;
  }

  async flush(client: Queryable, assessmentId: string, sourceFileId: string): Promise<void> {
    await flushLogRollups(client, assessmentId, [{ sourceFileId, rollup: this }]);
  }

  /** Its rows, emptying it. */
  take(): LogRollupRow[] {
    const rows = [...this.byHostHour.values()];
    this.byHostHour.clear();
    this.last = undefined;
    return rows;
  }
}

type LogRollupRow = [host: string, hour: number, events: number, execs: number, first: number, last: number];

/** Writes several files' log rollups (an upload's files since the last write) in a few statements, emptying them. */
export async function flushLogRollups(client: Queryable, assessmentId: string, held: Array<{ sourceFileId: string; rollup: LogRollup }>): Promise<void> {
  const rows: Array<[string, LogRollupRow]> = [];
  for (const { sourceFileId, rollup } of held) for (const r of rollup.take()) rows.push([sourceFileId, r]);
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const part = rows.slice(i, i + ROWS_PER_INSERT);
    await client.query(
      `INSERT INTO log_rollup (assessment_id, source_file_id, host_name, bucket, events, execs, first_ts, last_ts)
       SELECT $1, r.source_file_id, r.host_name, ${tsFromMs('r.bucket_ms')}, r.events, r.execs, ${tsFromMs('r.first_ms')}, ${tsFromMs('r.last_ms')}
       FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::int[], $6::int[], $7::bigint[], $8::bigint[])
         AS r(source_file_id, host_name, bucket_ms, events, execs, first_ms, last_ms)`,
      [
        assessmentId,
        part.map(([f]) => f),
        part.map(([, r]) => r[0]),
        part.map(([, r]) => r[1]),
        part.map(([, r]) => r[2]),
        part.map(([, r]) => r[3]),
        part.map(([, r]) => r[4]),
        part.map(([, r]) => r[5]),
      ],
    );
  }
}
