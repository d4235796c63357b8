// Past one machine, simulated (issue 17, docs/SCALE.md "Plan 2"): one generated assessment's
// flows and log events are hash-partitioned by host into N partitions standing for N Citus
// workers — a flow by its internal endpoint's address, a log event by its host's address (from
// the inventory) — and every detector runs on each partition, the partitions in parallel (one
// connection each). The union of the partitions' detections is compared with the detections of
// the whole assessment, detector by detector: identical, missing (the whole found it, no worker
// did) or extra (a worker found something the whole did not). Times: the whole, and the slowest
// partition for N = 1, 2, 4, 8 (on this 2-core machine, parallel beyond 2 only overlaps I/O).
import fs from 'node:fs';
import path from 'node:path';
import { deleteAssessment } from '../lib/assessments/delete';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { getPool, getPrisma } from '../lib/db/client';
import { detectors, thresholdsFor } from '../lib/detect/registry';
import { generateScenario } from '../lib/generate/generate-scenario';
import { runIngest } from '../lib/pipeline';
import { readSettings } from '../lib/settings';
import { type BenchContext, type BenchResult, fmtInt, fmtMs } from './support/context';

export const SIM_PARTITIONS = [1, 2, 4, 8] as const;

interface Detected {
  ms: number;
  /** detector → signatures of its detections (technique, host, peer, start). */
  byDetector: Map<string, Set<string>>;
}

/** Every enabled detector in one transaction on one connection; the detections read back, then rolled back. */
async function detectAll(assessmentId: string, settingsOf: string): Promise<Detected> {
  const a = await getPrisma().assessment.findUniqueOrThrow({ where: { id: settingsOf } });
  const settings = readSettings(a.settings);
  const client = await getPool().connect();
  const byDetector = new Map<string, Set<string>>();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_nestloop = off');
    const t0 = performance.now();
    for (const d of detectors) {
      const t = thresholdsFor(d, settings);
      if (t.enabled) await d.run({ client, assessmentId, t, internalRanges: settings.internalRanges });
    }
    const ms = performance.now() - t0;
    const { rows } = await client.query<{ detector: string; sig: string }>(
      `SELECT detector, concat_ws('|', technique, host_name, host(host_ip), host(peer), to_char(start_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')) AS sig
       FROM detection WHERE assessment_id = $1`,
      [assessmentId],
    );
    for (const r of rows) {
      const set = byDetector.get(r.detector) ?? new Set<string>();
      set.add(r.sig);
      byDetector.set(r.detector, set);
    }
    return { ms, byDetector };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

/** Copies the whole assessment's records into `n` assessments, hashed by host address. */
async function partition(whole: string, n: number, internal: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await createAssessment({ name: `scale-sim ${i + 1}/${n}` }));
  const pool = getPool();
  const bucket = (expr: string) => `(abs(hashtext(${expr})) % ${n})`;
  // A flow belongs to its internal end (the source when both or neither are internal).
  const hostOfFlow = `CASE WHEN src_ip <<= ANY($3::cidr[]) OR NOT dst_ip <<= ANY($3::cidr[]) THEN host(src_ip) ELSE host(dst_ip) END`;
  const cols =
    'source_file_id, record_no, start_ts, end_ts, src_ip, dst_ip, src_port, dst_port, proto, packets, bytes, rev_packets, rev_bytes, tcp_flags, rev_tcp_flags, rev_record_no, exporter, sampling, community_id';
  const logCols =
    'source_file_id, line_no, ts, host_name, program, pid, ppid, kind, user_name, uid, euid, auid, exe, argv, cwd, paths, src_ip, src_port, dst_ip, dst_port, result, raw';
  await pool.query(
    `INSERT INTO flow (assessment_id, ${cols})
     SELECT ($2::uuid[])[${bucket(hostOfFlow)} + 1], ${cols} FROM flow WHERE assessment_id = $1`,
    [whole, ids, internal],
  );
  // A log event by its host's address where the inventory gives one, else by its name.
  await pool.query(
    `INSERT INTO log_event (assessment_id, ${logCols})
     SELECT ($2::uuid[])[${bucket("coalesce((SELECT host(ha.ip) FROM host h JOIN host_address ha ON ha.host_id = h.id WHERE h.assessment_id = $1 AND h.name = le.host_name ORDER BY ha.ip LIMIT 1), le.host_name, '')")} + 1],
            ${logCols
              .split(', ')
              .map((c) => `le.${c}`)
              .join(', ')}
     FROM log_event le WHERE le.assessment_id = $1`,
    [whole, ids],
  );
  for (const id of ids) await pool.query(`ANALYZE flow_a_${id.replace(/-/g, '')}, log_event_a_${id.replace(/-/g, '')}`);
  return ids;
}

export async function benchScaleSim(ctx: BenchContext, scenario: { hosts: number; days: number }): Promise<BenchResult> {
  const outDir = path.join(ctx.workDir, 'scale-sim');
  try {
    ctx.log(`scale-sim: generating ${scenario.hosts} hosts × ${scenario.days} days`);
    const gen = await generateScenario({ outDir, hosts: scenario.hosts, days: scenario.days, seed: 1 });
    const whole = await createAssessment({ name: 'scale-sim whole' });
    for (const f of [
      { kind: 'inventory' as const, file: gen.files.inventory },
      { kind: 'logs' as const, file: gen.files.logs },
      ...gen.files.flows.map((file) => ({ kind: 'flows' as const, file })),
    ]) {
      await runIngest(await addLocalUpload({ assessmentId: whole, ...f }));
    }
    const settings = readSettings((await getPrisma().assessment.findUniqueOrThrow({ where: { id: whole } })).settings);
    const pool = getPool();
    const counts = (
      await pool.query<{ f: string; l: string }>(
        'SELECT (SELECT count(*) FROM flow WHERE assessment_id = $1) AS f, (SELECT count(*) FROM log_event WHERE assessment_id = $1) AS l',
        [whole],
      )
    ).rows[0];
    await pool.query(`ANALYZE flow_a_${whole.replace(/-/g, '')}, log_event_a_${whole.replace(/-/g, '')}`);
    ctx.log(`scale-sim: ${counts?.f} flows, ${counts?.l} log events; detecting on the whole`);
    const all = await detectAll(whole, whole);
    const runs: { n: number; slowestMs: number; wallMs: number; missing: Record<string, number>; extra: Record<string, number>; identical: string[] }[] = [];
    for (const n of SIM_PARTITIONS) {
      const parts = await partition(whole, n, settings.internalRanges);
      const t0 = performance.now();
      const results = await Promise.all(parts.map((p) => detectAll(p, whole)));
      const wallMs = performance.now() - t0;
      const union = new Map<string, Set<string>>();
      for (const r of results) for (const [d, s] of r.byDetector) union.set(d, new Set([...(union.get(d) ?? []), ...s]));
      const missing: Record<string, number> = {};
      const extra: Record<string, number> = {};
      const identical: string[] = [];
      for (const d of new Set([...all.byDetector.keys(), ...union.keys()])) {
        const w = all.byDetector.get(d) ?? new Set<string>();
        const u = union.get(d) ?? new Set<string>();
        const miss = [...w].filter((x) => !u.has(x)).length;
        const ext = [...u].filter((x) => !w.has(x)).length;
        if (miss) missing[d] = miss;
        if (ext) extra[d] = ext;
        if (!miss && !ext) identical.push(d);
      }
      runs.push({ n, slowestMs: Math.max(...results.map((r) => r.ms)), wallMs, missing, extra, identical: identical.sort() });
      ctx.log(
        `scale-sim: ${n} partitions: wall ${fmtMs(wallMs)}, slowest ${fmtMs(Math.max(...results.map((r) => r.ms)))}; missing ${JSON.stringify(missing)} extra ${JSON.stringify(extra)}`,
      );
      for (const p of parts) await deleteAssessment(p);
    }
    const detectorsSeen = [...all.byDetector.keys()].sort();
    return {
      name: 'scale-sim',
      title: `Past one machine, simulated (${scenario.hosts} hosts × ${scenario.days} days, hash-partitioned by host)`,
      command: 'npm run bench -- --only scale-sim',
      measures: `\`generateScenario({ hosts: ${scenario.hosts}, days: ${scenario.days}, seed: 1 })\` ingested (${fmtInt(Number(counts?.f))} flows, ${fmtInt(Number(counts?.l))} log events), then copied into N assessments by a hash of each record's host address (a flow's internal end; a log event's host through the inventory), every detector run on each, the N in parallel, and the union of their detections compared with the whole's (technique, host, peer, start). docs/SCALE.md predicts which detectors stay identical.`,
      table: {
        headers: [
          'partitions',
          'wall time (all partitions)',
          'slowest partition',
          'detectors identical',
          'missing detections (detector: n)',
          'extra detections',
        ],
        rows: [
          ['1 (the whole, not copied)', fmtMs(all.ms), fmtMs(all.ms), `${detectorsSeen.length} of ${detectorsSeen.length}`, '', ''],
          ...runs.map((r) => [
            String(r.n),
            fmtMs(r.wallMs),
            fmtMs(r.slowestMs),
            `${r.identical.length}`,
            Object.entries(r.missing)
              .map(([d, k]) => `${d}: ${k}`)
              .join(', '),
            Object.entries(r.extra)
              .map(([d, k]) => `${d}: ${k}`)
              .join(', '),
          ]),
        ],
      },
      goals: [],
      details: {
        scenario,
        wholeMs: all.ms,
        detectors: detectorsSeen,
        wholeDetections: Object.fromEntries([...all.byDetector].map(([d, s]) => [d, s.size])),
        runs,
      },
    };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
