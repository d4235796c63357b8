// Faults: a worker SIGKILLed in the middle of an ingest and of an analysis, a database
// connection cut in the middle of a COPY, a full disk while an upload is received, and five
// assessments at once. After each, nothing is half-loaded and a re-run gives exactly what an
// uninterrupted run gives. Workers and ingests run in child processes (test/fixtures-scripts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { storeStream } from '../lib/assessments/store-upload';
import { closeDb, getPrisma } from '../lib/db/client';
import { runAnalyze, runIngest } from '../lib/pipeline';
import { rerunAnalysis, startAssessment } from '../lib/pipeline/start';
import { type AssessmentJson, buildAssessmentJson } from '../lib/report/assessment-json';
import { connectionsGone, exited, spawnScript, waitFor } from './fixtures-scripts/spawn';
import { at, nfdumpTime, syslogTime, writeTarGz } from './make-data';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-faults-'));
const BIG = path.join(dir, 'big-conn.log');
const ROWS = Number(process.env.SIGHTLINE_FAULTS_ROWS ?? 120_000);
/** Rows that are not flows (one every 30 000, from row 7). */
const BAD = Math.floor((ROWS - 8) / 30_000) + 1;
let admin: pg.Pool;

/** The CLI document without what differs between two runs of the same data (ids). */
function comparable(doc: AssessmentJson) {
  const { assessmentId: _a, activities, advice, ...rest } = doc;
  const byId = new Map(activities.map(({ id, ...a }) => [id, JSON.stringify(a)]));
  return {
    ...rest,
    activities: activities.map(({ id: _id, ...a }) => a).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    // Advice names activities by id: compare the activities it names instead.
    advice: advice.map(({ activityIds, ...x }) => ({ ...x, activities: activityIds.map((id) => byId.get(id) ?? id).sort() })),
  };
}

// A Zeek conn.log (two-way rows): the baseline run stays short, and this test is about faults.
function writeBigConnLog(file: string): Promise<void> {
  const out = fs.createWriteStream(file);
  const t0 = at(0).getTime() / 1000;
  const rows: string[] = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_bytes\tresp_bytes\tconn_state\thistory\torig_pkts\tresp_pkts',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tinterval\tcount\tcount\tstring\tstring\tcount\tcount',
  ];
  for (let i = 0; i < ROWS; i++) {
    const host = `10.0.${(i >> 8) & 15}.${i & 255}`;
    // Background web traffic, one port scan and a bad row every 30 000.
    if (i % 30_000 === 7) rows.push('not\ta\tflow\trow');
    else if (i < 400) rows.push(`${t0 + 60 + i}\tS${i}\t198.51.100.7\t51000\t10.0.0.5\t${20 + i}\ttcp\t0\t0\t0\tS0\tS\t1\t0`);
    else
      rows.push(
        `${t0 + 600 + (i % 3600)}\tC${i}\t${host}\t${40000 + (i % 20000)}\t93.184.216.34\t443\ttcp\t0.25\t${400 + i}\t${1200 + i}\tSF\tShADadFf\t${1 + (i % 9)}\t${2 + (i % 7)}`,
      );
    if (rows.length >= 10_000) {
      out.write(`${rows.join('\n')}\n`);
      rows.length = 0;
    }
  }
  out.end(`${rows.join('\n')}\n`);
  return new Promise((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
}

async function flowCount(assessmentId: string): Promise<number> {
  return getPrisma().flow.count({ where: { assessmentId } });
}

async function settled(assessmentId: string) {
  const a = await getPrisma().assessment.findUniqueOrThrow({ where: { id: assessmentId }, include: { uploads: true } });
  const uploadsDone = a.uploads.every((u) => u.status === 'done' || u.status === 'failed');
  return uploadsDone && (a.status === 'ready' || a.status === 'failed') ? a : undefined;
}

/** A fresh worker process (a restarted server) runs until the assessment is settled, then stops cleanly. */
async function restartWorkerUntilSettled(assessmentId: string, appName: string): Promise<void> {
  const worker = spawnScript('run-worker.ts', [], appName);
  try {
    await waitFor(`the restarted worker (${appName}) to settle the assessment`, () => settled(assessmentId), 240_000);
  } finally {
    worker.kill('SIGTERM');
    await exited(worker);
  }
}

let baseline: AssessmentJson;

beforeAll(async () => {
  await writeBigConnLog(BIG);
  admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  // The uninterrupted run every interrupted one is compared with.
  const id = await createAssessment({ name: 'faults baseline' });
  let t = Date.now();
  await runIngest(await addLocalUpload({ assessmentId: id, kind: 'flows', file: BIG }));
  if (process.env.SIGHTLINE_FAULTS_TIMING) console.log(`baseline ingest ${Date.now() - t} ms`);
  t = Date.now();
  await runAnalyze(id);
  if (process.env.SIGHTLINE_FAULTS_TIMING) console.log(`baseline analysis ${Date.now() - t} ms`);
  baseline = await buildAssessmentJson(id);
}, 300_000);

afterAll(async () => {
  await admin?.end();
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a worker killed (SIGKILL) mid-job', () => {
  let id: string;
  let uploadId: string;

  it('mid-ingest: nothing of the upload is kept; a restarted worker resumes the job and gets the uninterrupted result', async () => {
    expect(baseline.files[0]).toMatchObject({ format: 'zeek-conn', records: ROWS - BAD });
    expect(baseline.files[0]?.errors).toBeGreaterThanOrEqual(BAD);
    id = await createAssessment({ name: 'faults kill ingest' });
    uploadId = await addLocalUpload({ assessmentId: id, kind: 'flows', file: BIG });
    const first = spawnScript('run-worker.ts', [], 'faults-w1');
    await startAssessment(id);
    await waitFor('ingest under way', async () => {
      const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
      return u.status === 'ingesting' && u.bytesRead > 0n;
    });
    first.kill('SIGKILL');
    await exited(first);
    await connectionsGone(admin, 'faults-w1');
    // Killed mid-transaction: PostgreSQL rolled it back; the row says where it stopped.
    expect(await flowCount(id)).toBe(0);
    expect(await getPrisma().sourceFile.count({ where: { uploadId } })).toBe(0);
    expect((await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } })).status).toBe('ingesting');

    await restartWorkerUntilSettled(id, 'faults-w2');
    const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
    expect(u.status).toBe('done');
    expect(await flowCount(id)).toBe(ROWS - BAD);
    expect(comparable(await buildAssessmentJson(id))).toEqual(comparable(baseline));
  }, 400_000);

  it('mid-analysis: the previous result stays intact; a restarted worker re-runs it to the same result', async () => {
    const before = await buildAssessmentJson(id);
    expect(before.activities.length).toBeGreaterThan(0);
    // Hold one of the assessment's activity rows: the analysis blocks when it replaces them,
    // after it has already deleted and re-detected everything in its transaction.
    const holder = await admin.connect();
    let third: ReturnType<typeof spawnScript> | undefined;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM activity WHERE assessment_id = $1 LIMIT 1 FOR UPDATE', [id]);
      third = spawnScript('run-worker.ts', [], 'faults-w3');
      await rerunAnalysis(id);
      await waitFor('analysis blocked mid-transaction', async () => {
        const { rows } = await admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'faults-w3' AND wait_event_type = 'Lock'");
        return rows.length > 0;
      });
      third.kill('SIGKILL');
      await exited(third);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    await connectionsGone(admin, 'faults-w3');
    expect(comparable(await buildAssessmentJson(id))).toEqual(comparable(before));
    expect((await getPrisma().assessment.findUniqueOrThrow({ where: { id } })).status).toBe('analyzing');

    await restartWorkerUntilSettled(id, 'faults-w4');
    expect((await getPrisma().assessment.findUniqueOrThrow({ where: { id } })).status).toBe('ready');
    expect(comparable(await buildAssessmentJson(id))).toEqual(comparable(baseline));
  }, 400_000);
});

describe('an input that kills its worker on every attempt', () => {
  it('is retried once, then its upload fails with the reason and the assessment is finished, never stuck', async () => {
    const id = await createAssessment({ name: 'faults kill twice' });
    const uploadId = await addLocalUpload({ assessmentId: id, kind: 'flows', file: BIG });
    await startAssessment(id);
    // Two workers die in the middle of the same job (as an out-of-memory end would leave it).
    for (const name of ['faults-k1', 'faults-k2']) {
      const w = spawnScript('run-worker.ts', [], name);
      await waitFor(`ingest under way (${name})`, async () => {
        const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
        return u.status === 'ingesting' && u.bytesRead > 0n;
      });
      w.kill('SIGKILL');
      await exited(w);
      await connectionsGone(admin, name);
      // The next worker must see the upload freshly started again, not the killed run's progress.
      await getPrisma().upload.update({ where: { id: uploadId }, data: { bytesRead: 0n } });
    }
    await restartWorkerUntilSettled(id, 'faults-k3');
    const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
    expect(u.status).toBe('failed');
    expect(u.error).toMatch(/worker stopped .* on every attempt/);
    expect(await flowCount(id)).toBe(0);
    const a = await getPrisma().assessment.findUniqueOrThrow({ where: { id } });
    expect(['failed', 'ready']).toContain(a.status);
  }, 600_000);
});

describe('the database connection lost mid-ingest', () => {
  it('fails the upload with a reason, keeps nothing, and a retry loads everything', async () => {
    const id = await createAssessment({ name: 'faults connection lost' });
    const uploadId = await addLocalUpload({ assessmentId: id, kind: 'flows', file: BIG });
    const child = spawnScript('run-ingest.ts', [uploadId], 'faults-c');
    const pid = await waitFor('the COPY to start', async () => {
      const { rows } = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'faults-c' AND query ILIKE 'COPY flow%' AND state = 'active'",
      );
      return rows[0]?.pid;
    });
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    const code = await exited(child);
    expect(code, child.output()).toBe(1);
    const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
    expect(u.status).toBe('failed');
    expect(u.error).toMatch(/^big-conn\.log: ingest failed \(.*(terminat|connection)/i);
    expect(await flowCount(id)).toBe(0);
    expect(await getPrisma().sourceFile.count({ where: { uploadId } })).toBe(0);

    await runIngest(uploadId);
    await runAnalyze(id);
    expect((await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } })).status).toBe('done');
    expect(comparable(await buildAssessmentJson(id))).toEqual(comparable(baseline));
  }, 300_000);
});

describe('the disk full while an upload is received', () => {
  const body = () =>
    Readable.from(
      (function* () {
        for (let i = 0; i < 64; i++) yield Buffer.alloc(64 * 1024, 0x41);
      })(),
    );

  it('a write failing with ENOSPC gives a clear error and removes the partial file', async () => {
    const dest = path.join(dir, 'enospc', 'upload');
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 0x41));
        const e = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        this.destroy(e);
      },
    });
    await expect(storeStream(failing, dest)).rejects.toThrow('the server disk is full: the upload was not stored');
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('on a real 1 MiB tmpfs (when this process may mount one)', async (ctx) => {
    const mnt = path.join(dir, 'tiny');
    fs.mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      ctx.skip();
      return;
    }
    try {
      const dest = path.join(mnt, 'a', 'upload');
      await expect(storeStream(body(), dest)).rejects.toThrow('the server disk is full: the upload was not stored');
      expect(fs.existsSync(dest)).toBe(false);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

describe('load: five assessments at once', () => {
  async function makeInputs(n: number) {
    const inputs: { logs: string; flows: string }[] = [];
    for (let k = 0; k < n; k++) {
      const attacker = `203.0.113.${10 + k}`;
      const auth: string[] = [];
      for (let i = 0; i < 8 + k * 3; i++)
        auth.push(`${syslogTime(at(600 + i * 5))} web0${k} sshd[${4000 + i}]: Failed password for root from ${attacker} port ${40000 + i} ssh2`);
      auth.push(`${syslogTime(at(900))} web0${k} sshd[4999]: Accepted password for root from ${attacker} port 41000 ssh2`);
      const logs = path.join(dir, `load-${k}.tar.gz`);
      await writeTarGz(logs, [{ name: `web0${k}/var/log/auth.log`, body: `${auth.join('\n')}\n` }]);
      const rows = ['firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows'];
      for (let p = 0; p < 20 + k * 5; p++) rows.push(`${nfdumpTime(at(60 + p))},0.000,TCP,198.51.100.${k + 1},51000,10.0.0.${5 + k},${20 + p},1,44,1`);
      for (let i = 0; i < 10; i++) rows.push(`${nfdumpTime(at(600 + i * 5))},1.200,TCP,${attacker},${40000 + i},10.0.0.${5 + k},22,12,2100,1`);
      const flows = path.join(dir, `load-${k}.csv`);
      fs.writeFileSync(flows, `${rows.join('\n')}\n`);
      inputs.push({ logs, flows });
    }
    return inputs;
  }

  async function runOne(input: { logs: string; flows: string }, name: string) {
    const id = await createAssessment({ name });
    const uploads = [
      await addLocalUpload({ assessmentId: id, kind: 'logs', file: input.logs }),
      await addLocalUpload({ assessmentId: id, kind: 'flows', file: input.flows }),
    ];
    await Promise.all(uploads.map((u) => runIngest(u)));
    await runAnalyze(id);
    return comparable(await buildAssessmentJson(id));
  }

  it('concurrent ingests and analyses give the same documents as sequential ones', async () => {
    const inputs = await makeInputs(5);
    const sequential = [];
    for (const [k, input] of inputs.entries()) sequential.push(await runOne(input, `load sequential ${k}`));
    const concurrent = await Promise.all(inputs.map((input, k) => runOne(input, `load concurrent ${k}`)));
    expect(concurrent).toEqual(sequential);
    for (const doc of sequential) expect(doc.activities.length).toBeGreaterThan(0);
  }, 300_000);
});
