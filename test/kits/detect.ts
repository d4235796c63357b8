// Test helpers: a fresh assessment, synthetic flows and log events inserted with plain SQL, and
// a runner that executes detectors the way analyze.ts does (defaults merged with overrides).

import crypto from 'node:crypto';
import { correlate } from '../../lib/correlate/correlate';
import { getPool, getPrisma } from '../../lib/db/client';
import { thresholdsFor } from '../../lib/detect/registry';
import type { Detector } from '../../lib/detect/types';
import type { FlowRecord, LogRecord } from '../../lib/records/records';
import { FlowRollup, LogRollup } from '../../lib/records/rollups';
import { DEFAULT_INTERNAL_RANGES, readSettings } from '../../lib/settings';

export async function newAssessment(settings: object = {}): Promise<string> {
  const a = await getPrisma().assessment.create({
    data: { name: `detect-test ${Date.now()}`, settings },
  });
  return a.id;
}

export interface TestFlow {
  ts: string | Date;
  durationS?: number;
  src: string;
  dst: string;
  sport?: number;
  dport: number;
  proto?: number;
  packets?: number;
  bytes?: number;
  revPackets?: number | null;
  revBytes?: number | null;
  flags?: number | null;
  revFlags?: number | null;
  /** 1-in-N packet sampling of the row (counters given already scaled, as ingest stores them); 1 when omitted. */
  sampling?: number;
}

const FILE = '00000000-0000-4000-8000-000000000000';

/** Inserts flows; returns their ids in order. */
export async function insertFlows(assessmentId: string, flows: TestFlow[]): Promise<bigint[]> {
  if (flows.length === 0) return [];
  const rows = flows.map((f, i) => {
    const start = new Date(f.ts);
    return {
      n: i + 1,
      s: start.toISOString(),
      e: new Date(start.getTime() + (f.durationS ?? 1) * 1000).toISOString(),
      src: f.src,
      dst: f.dst,
      sp: f.sport ?? 40000 + i,
      dp: f.dport,
      pr: f.proto ?? 6,
      pk: f.packets ?? 10,
      by: f.bytes ?? 1000,
      rpk: f.revPackets ?? null,
      rby: f.revBytes ?? null,
      fl: f.flags === undefined ? 27 : f.flags,
      rfl: f.revFlags ?? null,
      sa: f.sampling ?? 1,
    };
  });
  const res = await getPool().query<{ id: string }>(
    `INSERT INTO flow (assessment_id, source_file_id, record_no, start_ts, end_ts, src_ip, dst_ip, src_port, dst_port, proto,
                       packets, bytes, rev_packets, rev_bytes, tcp_flags, rev_tcp_flags, sampling)
     SELECT $1, $2, x.n, x.s, x.e, x.src::inet, x.dst::inet, x.sp, x.dp, x.pr, x.pk, x.by, x.rpk, x.rby, x.fl, x.rfl, x.sa
     FROM jsonb_to_recordset($3::jsonb) AS x(n int, s timestamptz, e timestamptz, src text, dst text, sp int, dp int, pr int,
          pk bigint, by bigint, rpk bigint, rby bigint, fl int, rfl int, sa int)
     ORDER BY x.n RETURNING id`,
    [assessmentId, FILE, JSON.stringify(rows)],
  );
  // The rollups ingest would have written with them (blind spots and evidence read those).
  const rollup = new FlowRollup();
  for (const r of rows)
    rollup.add({
      startMs: Date.parse(r.s),
      endMs: Date.parse(r.e),
      srcIp: r.src,
      dstIp: r.dst,
      bytes: r.by,
      revPackets: r.rpk ?? undefined,
      revBytes: r.rby ?? undefined,
    } as FlowRecord);
  await rollup.flush(getPool(), assessmentId, FILE);
  return res.rows.map((r) => BigInt(r.id));
}

export interface TestEvent {
  ts: string | Date;
  kind: string;
  host?: string | null;
  program?: string;
  pid?: number;
  user?: string;
  uid?: number;
  euid?: number;
  auid?: number;
  exe?: string;
  argv?: string[];
  paths?: string[];
  src?: string;
  sport?: number;
  dst?: string;
  dport?: number;
  result?: string;
  raw?: string;
}

export async function insertEvents(assessmentId: string, events: TestEvent[]): Promise<bigint[]> {
  if (events.length === 0) return [];
  const rows = events.map((e, i) => ({
    n: i + 1,
    ts: new Date(e.ts).toISOString(),
    host: e.host === undefined ? 'web01' : e.host,
    program: e.program ?? null,
    pid: e.pid ?? null,
    kind: e.kind,
    user: e.user ?? null,
    uid: e.uid ?? null,
    euid: e.euid ?? null,
    auid: e.auid ?? null,
    exe: e.exe ?? null,
    argv: e.argv ?? [],
    paths: e.paths ?? [],
    src: e.src ?? null,
    sport: e.sport ?? null,
    dst: e.dst ?? null,
    dport: e.dport ?? null,
    result: e.result ?? null,
    raw: e.raw ?? `${e.kind} ${(e.argv ?? []).join(' ')}`,
  }));
  const res = await getPool().query<{ id: string }>(
    `INSERT INTO log_event (assessment_id, source_file_id, line_no, ts, host_name, program, pid, kind, user_name, uid, euid, auid,
                            exe, argv, paths, src_ip, src_port, dst_ip, dst_port, result, raw)
     SELECT $1, $2, x.n, x.ts, x.host, x.program, x.pid, x.kind, x."user", x.uid, x.euid, x.auid, x.exe,
            ARRAY(SELECT jsonb_array_elements_text(x.argv)), ARRAY(SELECT jsonb_array_elements_text(x.paths)),
            x.src::inet, x.sport, x.dst::inet, x.dport, x.result, x.raw
     FROM jsonb_to_recordset($3::jsonb) AS x(n int, ts timestamptz, host text, program text, pid int, kind text, "user" text,
          uid int, euid int, auid int, exe text, argv jsonb, paths jsonb, src text, sport int, dst text, dport int, result text, raw text)
     ORDER BY x.n RETURNING id`,
    [assessmentId, FILE, JSON.stringify(rows)],
  );
  const rollup = new LogRollup();
  for (const r of rows) rollup.add({ tsMs: Date.parse(r.ts), hostName: r.host ?? undefined, kind: r.kind } as LogRecord);
  await rollup.flush(getPool(), assessmentId, FILE);
  return res.rows.map((r) => BigInt(r.id));
}

export interface Found {
  detector: string;
  stage: string;
  technique: string;
  hostName: string | null;
  hostIp: string | null;
  peer: string | null;
  score: number;
  severity: string;
  summary: string;
  evidenceIds: bigint[];
  startTs: Date;
  endTs: Date;
}

/** Runs detectors on one assessment (thresholds = defaults + `overrides`) and returns their detections. */
export async function runDetectors(
  assessmentId: string,
  list: readonly Detector[],
  overrides: Record<string, Record<string, number>> = {},
  internalRanges: string[] = DEFAULT_INTERNAL_RANGES,
): Promise<Found[]> {
  const client = await getPool().connect();
  try {
    const settings = readSettings({ detectors: overrides });
    for (const d of list)
      await d.run({
        client,
        assessmentId,
        t: thresholdsFor(d, settings),
        internalRanges,
      });
  } finally {
    client.release();
  }
  const rows = await getPrisma().detection.findMany({
    where: { assessmentId },
    orderBy: [{ detector: 'asc' }, { startTs: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => ({
    detector: r.detector,
    stage: r.stage,
    technique: r.technique,
    hostName: r.hostName,
    hostIp: r.hostIp,
    peer: r.peer,
    score: r.score,
    severity: r.severity,
    summary: r.summary,
    evidenceIds: r.evidenceIds,
    startTs: r.startTs,
    endTs: r.endTs,
  }));
}

export const uuid = (): string => crypto.randomUUID();

/** Correlation of one assessment in its own transaction, as the analysis runs it. */
export async function correlateNow(assessmentId: string, toleranceSeconds: number, maxEvidence?: number): Promise<number> {
  const client = await getPool().connect();
  try {
    await client.query('BEGIN');
    const n = await correlate(client, { assessmentId, toleranceSeconds, maxEvidence });
    await client.query('COMMIT');
    return n;
  } finally {
    client.release();
  }
}
