// An assessment shaped like a week of a 200-host network, loaded straight into the tables
// (COPY for flows and log events, SQL for hosts and detections), so that correlation can be
// timed on it. Detections come from "incidents": a host, a peer, a stage, a span. Some
// incidents are seen by both sources (two detections with spans a few minutes apart), some by
// one; for half of the one-source incidents the other source holds records of it (evidence
// for correlate to find), and a tenth recur within the tolerance (merged into one activity).
import crypto from 'node:crypto';
import type pg from 'pg';
import { Rng } from '../../lib/generate/prng';
import { type CopyWriter, FLOW_COLUMNS, flowRow, LOG_COLUMNS, logRow } from '../../lib/ingest/copy';
import { RecordLoad } from '../../lib/ingest/partitions';
import type { FlowRecord, LogEventKind, LogRecord } from '../../lib/records/records';
import { FlowRollup, LogRollup } from '../../lib/records/rollups';
import { PERIOD_MS, PERIOD_START_MS } from './synthetic-flows';

const HOSTS = 200;
const HOSTS_WITH_LOGS = 180;
const PEERS = 5000;

const hostName = (h: number) => `host-${String(h + 1).padStart(3, '0')}`;
const hostIp = (h: number) => `10.20.${Math.floor(h / 250)}.${(h % 250) + 1}`;
/** RFC 2544 benchmarking range: never a real peer. */
const peerIp = (p: number) => `198.18.${p >> 8}.${p & 255}`;

const STAGES = [
  { stage: 'recon', technique: 'T1046', kind: 'ssh_no_ident' as LogEventKind },
  { stage: 'delivery', technique: 'T1110', kind: 'ssh_failed' as LogEventKind },
  { stage: 'exploitation', technique: 'T1190', kind: 'exec' as LogEventKind },
  { stage: 'installation', technique: 'T1053', kind: 'cron_replace' as LogEventKind },
  { stage: 'c2', technique: 'T1071', kind: 'connect' as LogEventKind },
  { stage: 'actions', technique: 'T1048', kind: 'connect' as LogEventKind },
] as const;

interface Incident {
  host: number;
  peer: number;
  stage: (typeof STAGES)[number];
  startMs: number;
  endMs: number;
  seen: 'both' | 'network' | 'logs';
  /** The unseen side holds records of it (evidence). */
  hasEvidence: boolean;
}

export interface CorrelationData {
  assessmentId: string;
  flows: number;
  logEvents: number;
  detections: number;
  incidents: number;
  /** Time to write the rollups built while loading (ingest does the same per file). */
  rollupMs: number;
}

function makeIncidents(rng: Rng, detectionsWanted: number): Incident[] {
  const out: Incident[] = [];
  let detections = 0;
  while (detections < detectionsWanted) {
    const r = rng.next();
    const seen = r < 0.35 ? 'both' : r < 0.7 ? 'network' : 'logs';
    // Logs can only come from hosts that send them.
    const host = seen === 'network' ? rng.int(0, HOSTS - 1) : rng.int(0, HOSTS_WITH_LOGS - 1);
    const startMs = PERIOD_START_MS + rng.int(0, PERIOD_MS - 3_600_000);
    const inc: Incident = {
      host,
      peer: rng.int(0, PEERS - 1),
      stage: STAGES[rng.int(0, STAGES.length - 1)] as Incident['stage'],
      startMs,
      endMs: startMs + rng.int(60_000, 30 * 60_000),
      seen,
      hasEvidence: rng.chance(0.5),
    };
    out.push(inc);
    detections += seen === 'both' ? 2 : 1;
    if (rng.chance(0.1) && detections < detectionsWanted) {
      // The same thing again a little later: correlate merges it into the same activity.
      const gap = rng.int(0, 240_000);
      out.push({ ...inc, startMs: inc.endMs + gap, endMs: inc.endMs + gap + rng.int(60_000, 600_000), seen: seen === 'both' ? 'network' : seen });
      detections += 1;
    }
  }
  return out;
}

function randomFlow(rng: Rng, startMs: number, recordNo: number): FlowRecord {
  const host = hostIp(rng.int(0, HOSTS - 1));
  const other = rng.chance(0.1) ? hostIp(rng.int(0, HOSTS - 1)) : peerIp(rng.chance(0.3) ? rng.int(0, 99) : rng.int(0, PEERS - 1));
  const out = rng.chance(0.6);
  const packets = rng.int(1, 300);
  return {
    recordNo,
    startMs,
    endMs: startMs + rng.int(0, 120_000),
    srcIp: out ? host : other,
    dstIp: out ? other : host,
    srcPort: rng.int(32_768, 60_999),
    dstPort: rng.chance(0.7) ? 443 : rng.chance(0.5) ? 80 : 22,
    proto: 6,
    packets,
    bytes: packets * rng.int(60, 1400),
    tcpFlags: 27,
    sampling: 1,
  };
}

const LOG_KINDS: readonly (readonly [LogEventKind, number])[] = [
  ['exec', 0.3],
  ['cron_run', 0.2],
  ['syslog', 0.13],
  ['connect', 0.15],
  ['ssh_failed', 0.1],
  ['ssh_accepted', 0.02],
  ['sudo', 0.03],
  ['service_start', 0.05],
  ['ssh_no_ident', 0.02],
];

function logEvent(rng: Rng, host: number, tsMs: number, lineNo: number, kind: LogEventKind, peer?: number): LogRecord {
  const ip = peer === undefined ? undefined : peerIp(peer);
  const e: LogRecord = { lineNo, tsMs, hostName: hostName(host), kind, raw: '' };
  if (kind === 'exec') {
    e.program = 'auditd';
    e.exe = '/usr/bin/curl';
    e.argv = ['curl', '-fsSL', 'https://example.com/x'];
    e.cwd = '/tmp';
    e.uid = 1000;
    e.raw = `type=SYSCALL msg=audit(${Math.floor(tsMs / 1000)}.000:${lineNo}): arch=c000003e syscall=59 success=yes exit=0 comm="curl" exe="/usr/bin/curl"`;
  } else if (kind === 'connect') {
    e.program = 'auditd';
    e.dstIp = ip ?? peerIp(rng.int(0, PEERS - 1));
    e.dstPort = 443;
    e.raw = `type=SOCKADDR msg=audit(${Math.floor(tsMs / 1000)}.000:${lineNo}): saddr=020001BBC6120001000000000000000`;
  } else if (kind.startsWith('ssh_')) {
    e.program = 'sshd';
    e.pid = rng.int(1000, 60_000);
    e.srcIp = ip ?? peerIp(rng.int(0, PEERS - 1));
    e.srcPort = rng.int(32_768, 60_999);
    e.userName = 'admin';
    e.raw = `sshd[${e.pid}]: Failed password for invalid user admin from ${e.srcIp} port ${e.srcPort} ssh2`;
  } else {
    e.program = kind === 'cron_run' ? 'CRON' : kind === 'sudo' ? 'sudo' : 'systemd';
    e.pid = rng.int(1000, 60_000);
    e.raw = `${e.program}[${e.pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`;
  }
  return e;
}

function pickKind(rng: Rng): LogEventKind {
  let r = rng.next();
  for (const [k, p] of LOG_KINDS) {
    r -= p;
    if (r < 0) return k;
  }
  return 'syslog';
}

/** Merges time-sorted incident records into the uniform background stream, in time order. */
async function copyMerged<T extends { ms: number }, R>(
  writer: CopyWriter,
  total: number,
  extra: readonly T[],
  background: (ms: number, i: number) => R,
  render: (x: T, i: number) => R,
  emit: (r: R) => string,
): Promise<Map<T, number>> {
  const position = new Map<T, number>();
  const step = PERIOD_MS / (total - extra.length);
  let e = 0;
  let b = 0;
  for (let i = 0; i < total; i++) {
    const bgMs = PERIOD_START_MS + b * step;
    const x = extra[e];
    if (x && (x.ms <= bgMs || b >= total - extra.length)) {
      position.set(x, i);
      await writer.write(emit(render(x, i)));
      e++;
    } else {
      await writer.write(emit(background(Math.floor(bgMs), i)));
      b++;
    }
  }
  await writer.end();
  return position;
}

export async function loadCorrelationData(
  pool: pg.Pool,
  o: { assessmentId: string; flows: number; logEvents: number; detections: number; seed?: number },
): Promise<CorrelationData> {
  const a = o.assessmentId;
  const rng = new Rng(o.seed ?? 3, 'bench-correlate');
  const uploadId = crypto.randomUUID();
  const flowFile = crypto.randomUUID();
  const syslogFile = crypto.randomUUID();
  const auditFile = crypto.randomUUID();
  await pool.query(
    `INSERT INTO upload (id, assessment_id, kind, original_name, stored_path, size_bytes, sha256, status) VALUES ($1, $2, 'logs', 'bench', '/dev/null', 0, 'bench', 'done')`,
    [uploadId, a],
  );
  for (const [id, kind, format] of [
    [flowFile, 'flows', 'nfdump-csv'],
    [syslogFile, 'logs', 'syslog-rfc3164'],
    [auditFile, 'logs', 'auditd'],
  ]) {
    await pool.query(`INSERT INTO source_file (id, assessment_id, upload_id, path, kind, format) VALUES ($1, $2, $3, $4, $5, $6)`, [
      id,
      a,
      uploadId,
      `bench.${format}`,
      kind,
      format,
    ]);
  }
  await pool.query(
    `INSERT INTO host (id, assessment_id, name, role, source, has_logs)
     SELECT gen_random_uuid(), $1, format('host-%s', lpad(i::text, 3, '0')), CASE WHEN i <= 20 THEN 'server' ELSE 'workstation' END, 'inventory', i <= $3
     FROM generate_series(1, $2) i`,
    [a, HOSTS, HOSTS_WITH_LOGS],
  );
  await pool.query(
    `INSERT INTO host_address (assessment_id, host_id, ip, source, confidence)
     SELECT $1, id, format('10.20.%s.%s', (n - 1) / 250, (n - 1) % 250 + 1)::inet, 'inventory', 1
     FROM (SELECT id, substring(name from 6)::int AS n FROM host WHERE assessment_id = $1) h`,
    [a],
  );

  const incidents = makeIncidents(rng.fork('incidents'), o.detections);
  // Records of each incident on the sides that saw it, or that hold evidence of it.
  interface Extra {
    ms: number;
    inc: Incident;
    n: number;
  }
  const flowExtras: Extra[] = [];
  const logExtras: Extra[] = [];
  for (const inc of incidents) {
    const netRecords = inc.seen !== 'logs' || inc.hasEvidence;
    const logRecords = inc.seen !== 'network' || (inc.hasEvidence && inc.host < HOSTS_WITH_LOGS);
    for (let n = 0; n < 3; n++) {
      const ms = inc.startMs + Math.floor(((inc.endMs - inc.startMs) * n) / 3);
      if (netRecords) flowExtras.push({ ms, inc, n });
      if (logRecords) logExtras.push({ ms, inc, n });
    }
  }
  flowExtras.sort((x, y) => x.ms - y.ms);
  logExtras.sort((x, y) => x.ms - y.ms);

  const client = await pool.connect();
  // Rollups built as ingest builds them (lib/ingest/rollups.ts): in memory as rows stream past.
  const flowRollup = new FlowRollup();
  const logRollups = new Map([
    [syslogFile, new LogRollup()],
    [auditFile, new LogRollup()],
  ]);
  let flowPos: Map<Extra, number>;
  let logPos: Map<Extra, number>;
  let rollupMs = 0;
  try {
    // Loaded as ingest loads them: into the assessment's own partitions, indexed after the load.
    await client.query('BEGIN');
    const load = new RecordLoad(client, a, crypto.randomUUID());
    const frng = rng.fork('flows');
    flowPos = await copyMerged(
      await load.writer('flow', FLOW_COLUMNS),
      o.flows,
      flowExtras,
      (ms, i) => randomFlow(frng, ms, i + 1),
      (x, i) => {
        const f = randomFlow(frng, x.ms, i + 1);
        const out = x.inc.stage.stage === 'c2' || x.inc.stage.stage === 'actions';
        return { ...f, srcIp: out ? hostIp(x.inc.host) : peerIp(x.inc.peer), dstIp: out ? peerIp(x.inc.peer) : hostIp(x.inc.host) };
      },
      (f) => {
        flowRollup.add(f);
        return flowRow(a, flowFile, f);
      },
    );
    const lrng = rng.fork('logs');
    const fileOf = (kind: LogEventKind) => (kind === 'exec' || kind === 'connect' ? auditFile : syslogFile);
    logPos = await copyMerged(
      await load.writer('log_event', LOG_COLUMNS),
      o.logEvents,
      logExtras,
      (ms, i) => {
        const kind = pickKind(lrng);
        return { file: fileOf(kind), e: logEvent(lrng, lrng.int(0, HOSTS_WITH_LOGS - 1), ms, i + 1, kind) };
      },
      (x, i) => ({ file: fileOf(x.inc.stage.kind), e: logEvent(lrng, x.inc.host, x.ms, i + 1, x.inc.stage.kind, x.inc.peer) }),
      ({ file, e }) => {
        logRollups.get(file)?.add(e);
        return logRow(a, file, e);
      },
    );
    const t0 = performance.now();
    await flowRollup.flush(client, a, flowFile);
    for (const [file, r] of logRollups) await r.flush(client, a, file);
    rollupMs = Math.round(performance.now() - t0);
    await load.finish();
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  const firstFlow = Number((await pool.query('SELECT min(id) AS m FROM flow WHERE assessment_id = $1', [a])).rows[0].m);
  const firstLog = Number((await pool.query('SELECT min(id) AS m FROM log_event WHERE assessment_id = $1', [a])).rows[0].m);
  const ids = (pos: Map<Extra, number>, list: readonly Extra[], first: number) => {
    const byInc = new Map<Incident, number[]>();
    for (const x of list) {
      const p = pos.get(x);
      if (p === undefined) continue;
      const l = byInc.get(x.inc) ?? [];
      l.push(first + p);
      byInc.set(x.inc, l);
    }
    return byInc;
  };
  const flowIds = ids(flowPos, flowExtras, firstFlow);
  const logIds = ids(logPos, logExtras, firstLog);

  // Detections, inserted with SQL in batches.
  const cols = {
    detector: [] as string[],
    source: [] as string[],
    stage: [] as string[],
    technique: [] as string[],
    hostName: [] as (string | null)[],
    hostIp: [] as (string | null)[],
    peer: [] as (string | null)[],
    start: [] as string[],
    end: [] as string[],
    score: [] as number[],
    summary: [] as string[],
    evidence: [] as string[],
  };
  const drng = rng.fork('detections');
  const add = (inc: Incident, source: 'network' | 'logs') => {
    const skew = source === 'logs' ? drng.int(-120_000, 120_000) : 0;
    const peer = source === 'network' || drng.chance(0.7) ? peerIp(inc.peer) : null;
    cols.detector.push(`bench-${source}-${inc.stage.stage}`);
    cols.source.push(source);
    cols.stage.push(inc.stage.stage);
    cols.technique.push(inc.stage.technique);
    cols.hostName.push(source === 'logs' ? hostName(inc.host) : null);
    cols.hostIp.push(source === 'network' ? hostIp(inc.host) : null);
    cols.peer.push(peer);
    cols.start.push(new Date(inc.startMs + skew).toISOString());
    cols.end.push(new Date(inc.endMs + skew).toISOString());
    cols.score.push(Math.round(drng.float(0.5, 0.99) * 100) / 100);
    cols.summary.push(`${inc.stage.technique} ${source} detection on ${hostName(inc.host)} with ${peerIp(inc.peer)}`);
    cols.evidence.push(`{${((source === 'network' ? flowIds : logIds).get(inc) ?? []).join(',')}}`);
  };
  for (const inc of incidents) {
    if (inc.seen !== 'logs') add(inc, 'network');
    if (inc.seen !== 'network') add(inc, 'logs');
  }
  const n = cols.source.length;
  for (let i = 0; i < n; i += 2000) {
    const s = <T>(xs: T[]) => xs.slice(i, i + 2000);
    await pool.query(
      `INSERT INTO detection (assessment_id, detector, source, stage, technique, host_name, host_ip, peer, start_ts, end_ts, score, severity, summary, evidence_ids)
       SELECT $1, d.detector, d.source, d.stage, d.technique, d.host_name, d.host_ip::inet, d.peer::inet, d.s::timestamptz, d.e::timestamptz, d.score,
              CASE WHEN d.score >= 0.9 THEN 'high' WHEN d.score >= 0.7 THEN 'medium' ELSE 'low' END, d.summary, d.ev::bigint[]
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::float8[], $12::text[], $13::text[])
         AS d(detector, source, stage, technique, host_name, host_ip, peer, s, e, score, summary, ev)`,
      [
        a,
        s(cols.detector),
        s(cols.source),
        s(cols.stage),
        s(cols.technique),
        s(cols.hostName),
        s(cols.hostIp),
        s(cols.peer),
        s(cols.start),
        s(cols.end),
        s(cols.score),
        s(cols.summary),
        s(cols.evidence),
      ],
    );
  }
  await pool.query(`UPDATE host SET has_logs = true WHERE assessment_id = $1 AND substring(name from 6)::int <= $2`, [a, HOSTS_WITH_LOGS]);
  return { assessmentId: a, flows: o.flows, logEvents: o.logEvents, detections: n, incidents: incidents.length, rollupMs };
}
