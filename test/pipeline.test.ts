// The whole slice on data the test makes: a .tar.gz log bundle whose folder names the host,
// an nfdump CSV with a port scan and broken rows, an inventory; then bad inputs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../lib/assessments/service';
import { closeDb, getPool, getPrisma } from '../lib/db/client';
import { runAnalyze, runIngest } from '../lib/pipeline';
import { ingestUpload } from '../lib/pipeline/ingest-upload';
import { buildAssessmentJson } from '../lib/report/assessment-json';
import { at, nfdumpTime, syslogTime, writeTarGz } from './make-data';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-pipeline-'));
const ATTACKER = '203.0.113.9';
const SCANNER = '198.51.100.7';

beforeAll(async () => {
  const auth: string[] = [];
  for (let i = 0; i < 12; i++) {
    auth.push(`${syslogTime(at(600 + i * 5))} web01 sshd[${4000 + i}]: Failed password for root from ${ATTACKER} port ${40000 + i} ssh2`);
  }
  auth.push(`${syslogTime(at(700))} web01 sshd[4100]: Accepted password for admin from 10.0.0.99 port 50000 ssh2`);
  await writeTarGz(path.join(dir, 'bundle.tar.gz'), [
    // The lines name the host; the folder does too (it would be used if they did not).
    { name: 'web01/var/log/auth.log', body: `${auth.join('\n')}\n` },
    { name: 'web01/var/log/auth.log.1', body: `${syslogTime(at(10))} web01 CRON[99]: pam_unix(cron:session): session opened for user root\n` },
  ]);
  const rows = ['firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows'];
  for (let p = 0; p < 20; p++) rows.push(`${nfdumpTime(at(60 + p))},0.000,TCP,${SCANNER},51000,10.0.0.5,${20 + p},1,44,1`);
  for (let i = 0; i < 10; i++) rows.push(`${nfdumpTime(at(600 + i * 5))},1.200,TCP,${ATTACKER},${40000 + i},10.0.0.5,22,12,2100,1`);
  rows.push('not,a,flow,row');
  rows.push(`${nfdumpTime(at(900))},0.100,TCP,999.1.1.1,1,10.0.0.5,80,1,40,1`);
  rows.push('Summary', 'flows,bytes,packets,avg_bps,avg_pps,avg_bpp', '32,0,0,0,0,0');
  fs.writeFileSync(path.join(dir, 'flows.csv'), `${rows.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'inventory.csv'), 'hostname,ip,role\nweb01,10.0.0.5,web\n');
});

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function analyze(inputs: { kind: 'logs' | 'flows' | 'inventory'; file: string }[]) {
  const id = await createAssessment({ name: 'pipeline test' });
  for (const i of inputs) await runIngest(await addLocalUpload({ assessmentId: id, ...i }));
  await runAnalyze(id);
  return buildAssessmentJson(id);
}

describe('upload → coverage slice', () => {
  it('ingests a bundle, a flow export and an inventory, and sees each activity from the right side', async () => {
    const doc = await analyze([
      { kind: 'logs', file: path.join(dir, 'bundle.tar.gz') },
      { kind: 'flows', file: path.join(dir, 'flows.csv') },
      { kind: 'inventory', file: path.join(dir, 'inventory.csv') },
    ]);
    const byPath = Object.fromEntries(doc.files.map((f) => [f.path, f]));
    expect(byPath['bundle.tar.gz:web01/var/log/auth.log']).toMatchObject({ kind: 'logs', format: 'syslog-rfc3164', records: 13, errors: 0 });
    expect(byPath['bundle.tar.gz:web01/var/log/auth.log.1']).toMatchObject({ records: 1 });
    expect(byPath['flows.csv']).toMatchObject({ kind: 'flows', format: 'nfdump-csv', records: 30, errors: 2 });
    // Broken rows are located by line (header = line 1).
    const lines = doc.errors.filter((e) => e.path === 'flows.csv').map((e) => e.line);
    expect(lines).toEqual([32, 33]);
    expect(doc.hosts).toContainEqual({ name: 'web01', ips: ['10.0.0.5'] });
    expect(doc.stages.map((s) => s.stage)).toEqual(['recon', 'weaponization', 'delivery', 'exploitation', 'installation', 'c2', 'actions']);

    // Probing the ports of one host from outside: Active Scanning (T1595.002), Reconnaissance.
    const scan = doc.activities.find((a) => a.stage === 'recon' && a.peer === SCANNER);
    expect(scan).toMatchObject({ technique: 'T1595.002', host: 'web01', hostIps: ['10.0.0.5'], network: 'detected', logs: 'blind' });
    // Brute Force is Credential Access: Exploitation in the default mapping.
    const guess = doc.activities.find((a) => a.stage === 'exploitation' && a.technique === 'T1110.001' && a.peer === ATTACKER);
    // The logs detected the guessing; the flows hold the SSH sessions (evidence, below the flow threshold).
    expect(guess).toMatchObject({ host: 'web01', logs: 'detected', network: 'evidence' });
    expect(guess?.start).toBe(at(600).toISOString());
    expect(doc.stages.find((s) => s.stage === 'recon')).toMatchObject({ networkOnly: 1, both: 0, logsOnly: 0 });
    expect(doc.stages.find((s) => s.stage === 'exploitation')).toMatchObject({ both: 1 });
  });

  it('keeps the inventory whatever the order of the uploads, and a new inventory replaces the old one', async () => {
    // The inventory first, then the logs and flows: the later uploads must not take its addresses away.
    const first = await analyze([
      { kind: 'inventory', file: path.join(dir, 'inventory.csv') },
      { kind: 'logs', file: path.join(dir, 'bundle.tar.gz') },
      { kind: 'flows', file: path.join(dir, 'flows.csv') },
    ]);
    expect(first.hosts).toContainEqual({ name: 'web01', ips: ['10.0.0.5'] });
    const { rows } = await getPool().query(
      `SELECT h.name, host(ha.ip) AS ip, ha.source FROM host_address ha JOIN host h ON h.id = ha.host_id WHERE ha.assessment_id = $1`,
      [first.assessmentId],
    );
    expect(rows).toEqual([{ name: 'web01', ip: '10.0.0.5', source: 'inventory' }]);
    // A second inventory replaces the first one's addresses.
    const next = path.join(dir, 'inventory-2.csv');
    fs.writeFileSync(next, 'hostname,ip\nweb01,10.0.0.6\n');
    await runIngest(await addLocalUpload({ assessmentId: first.assessmentId, kind: 'inventory', file: next }));
    const after = await getPool().query(`SELECT host(ha.ip) AS ip, ha.source FROM host_address ha WHERE ha.assessment_id = $1 AND ha.source = 'inventory'`, [
      first.assessmentId,
    ]);
    expect(after.rows).toEqual([{ ip: '10.0.0.6', source: 'inventory' }]);
  });

  it('re-running the analysis gives the same result (idempotent)', async () => {
    const id = await createAssessment({ name: 'rerun' });
    await runIngest(await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'bundle.tar.gz') }));
    await runIngest(await addLocalUpload({ assessmentId: id, kind: 'flows', file: path.join(dir, 'flows.csv') }));
    await runAnalyze(id);
    const first = await buildAssessmentJson(id);
    await runAnalyze(id);
    const second = await buildAssessmentJson(id);
    const strip = (d: typeof first) => d.activities.map(({ id: _id, ...rest }) => rest);
    expect(strip(second)).toEqual(strip(first));
    expect(second.stages).toEqual(first.stages);
  });

  it('ingest writes rollups that add up to the stored records, replaced when an upload is ingested again', async () => {
    const id = await createAssessment({ name: 'rollups' });
    const logs = await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'bundle.tar.gz') });
    const flows = await addLocalUpload({ assessmentId: id, kind: 'flows', file: path.join(dir, 'flows.csv') });
    const sums = async () => {
      const { rows } = await getPool().query(
        `SELECT (SELECT count(*) FROM flow WHERE assessment_id = $1)::int AS flows,
                (SELECT sum(flows) FROM flow_minute_rollup WHERE assessment_id = $1)::int AS "byMinute",
                (SELECT sum(flows) FROM flow_address_rollup WHERE assessment_id = $1)::int AS "byAddress",
                (SELECT count(*) FROM log_event WHERE assessment_id = $1 AND host_name IS NOT NULL)::int AS events,
                (SELECT sum(events) FROM log_rollup WHERE assessment_id = $1)::int AS "byHour",
                (SELECT max(longest_ms) FROM flow_minute_rollup WHERE assessment_id = $1)::int AS "longestMs"`,
        [id],
      );
      return rows[0];
    };
    await runIngest(logs);
    await runIngest(flows);
    // Each flow counts once per minute and once per side (source, destination).
    expect(await sums()).toEqual({ flows: 30, byMinute: 30, byAddress: 60, events: 14, byHour: 14, longestMs: 1200 });
    await runIngest(flows);
    await runIngest(logs);
    expect(await sums()).toEqual({ flows: 30, byMinute: 30, byAddress: 60, events: 14, byHour: 14, longestMs: 1200 });
    // A file with more distinct keys than ingest holds in memory: its COPY is split and the
    // rollup written in parts; nothing is lost or counted twice.
    const big = ['firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows'];
    for (let i = 0; i < 6000; i++) big.push(`${nfdumpTime(at(i * 7))},0.500,TCP,10.1.${i % 200}.${i % 250},${1024 + i},10.0.0.5,443,3,300,1`);
    fs.writeFileSync(path.join(dir, 'big.csv'), `${big.join('\n')}\n`);
    const other = await createAssessment({ name: 'rollups in parts' });
    const bigUpload = await addLocalUpload({ assessmentId: other, kind: 'flows', file: path.join(dir, 'big.csv') });
    const result = await ingestUpload({ uploadId: bigUpload, timeZone: 'UTC', rollupFlushKeys: 500 });
    expect(result.files).toEqual([expect.objectContaining({ path: 'big.csv', records: 6000, errors: 0 })]);
    const { rows } = await getPool().query(
      `SELECT (SELECT count(*) FROM flow WHERE assessment_id = $1)::int AS flows,
              (SELECT sum(flows) FROM flow_minute_rollup WHERE assessment_id = $1)::int AS "byMinute",
              (SELECT sum(flows) FROM flow_address_rollup WHERE assessment_id = $1)::int AS "byAddress",
              (SELECT count(*) FROM flow_minute_rollup WHERE assessment_id = $1)::int AS "minuteRows",
              (SELECT count(DISTINCT minute) FROM flow_minute_rollup WHERE assessment_id = $1)::int AS minutes`,
      [other],
    );
    expect(rows[0]).toMatchObject({ flows: 6000, byMinute: 6000, byAddress: 12_000, minutes: 700 });
    expect(rows[0].minuteRows).toBeGreaterThan(700); // written in several parts
  });

  it('a file in no known format fails its upload with the file name and reason', async () => {
    fs.writeFileSync(path.join(dir, 'garbage.bin'), Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 0, 7, 8, 9, 0, 1]));
    const id = await createAssessment({ name: 'garbage' });
    const uploadId = await addLocalUpload({ assessmentId: id, kind: 'flows', file: path.join(dir, 'garbage.bin') });
    expect(await runIngest(uploadId)).toBeUndefined();
    const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
    expect(u.status).toBe('failed');
    expect(u.error).toMatch(/^garbage\.bin: not a recognised flow export format: binary data/);
    expect(await getPrisma().flow.count({ where: { assessmentId: id } })).toBe(0);
  });

  it('a truncated archive fails cleanly with its offset, leaving nothing half-loaded', async () => {
    const whole = fs.readFileSync(path.join(dir, 'bundle.tar.gz'));
    fs.writeFileSync(path.join(dir, 'cut.tar.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    const id = await createAssessment({ name: 'truncated' });
    const uploadId = await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'cut.tar.gz') });
    expect(await runIngest(uploadId)).toBeUndefined();
    const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: uploadId } });
    expect(u.error).toMatch(/^cut\.tar\.gz: archive is truncated or corrupt near byte \d+/);
    expect(await getPrisma().logEvent.count({ where: { assessmentId: id } })).toBe(0);
    expect(await getPrisma().sourceFile.count({ where: { assessmentId: id } })).toBe(0);
  });

  it('archive members with ".." or absolute paths are refused and reported', async () => {
    await writeTarGz(path.join(dir, 'evil.tar.gz'), [
      { name: '../../etc/cron.d/evil', body: 'x\n' },
      { name: 'db01/var/log/auth.log', body: `${syslogTime(at(5))} db01 sshd[1]: Accepted publickey for ops from 10.0.0.7 port 2 ssh2\n` },
    ]);
    const id = await createAssessment({ name: 'evil' });
    await runIngest(await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'evil.tar.gz') }));
    const doc = await buildAssessmentJson(id);
    expect(doc.errors).toContainEqual(expect.objectContaining({ path: 'evil.tar.gz:../../etc/cron.d/evil', reason: '".." in archive path: member refused' }));
    expect(doc.files).toEqual([expect.objectContaining({ path: 'evil.tar.gz:db01/var/log/auth.log', records: 1 })]);
  });

  it("a bundle's /etc/hosts maps its host names to addresses", async () => {
    await writeTarGz(path.join(dir, 'hosts.tar.gz'), [
      { name: 'app02/etc/hosts', body: '127.0.0.1 localhost\n10.0.0.42 app02.corp.example app02\n::1 ip6-localhost\n' },
      { name: 'app02/var/log/auth.log', body: `${syslogTime(at(5))} app02 sshd[1]: Accepted publickey for ops from 10.0.0.7 port 2 ssh2\n` },
    ]);
    const id = await createAssessment({ name: 'etc hosts' });
    await runIngest(await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'hosts.tar.gz') }));
    await runAnalyze(id);
    const doc = await buildAssessmentJson(id);
    expect(doc.hosts).toContainEqual({ name: 'app02', ips: ['10.0.0.42'] });
    expect(doc.files).toContainEqual(expect.objectContaining({ path: 'hosts.tar.gz:app02/etc/hosts', format: 'etc-hosts', records: 1 }));
  });

  it('a bundle of many files loads through one COPY: every file keeps its row, counts, time span, rollup and problems', async () => {
    // Files whose rows are held while the COPY runs on (lib/ingest/partitions.ts), files that
    // need a statement between them (/etc/hosts) and files skipped or refused, in one bundle;
    // rollups held across files and written in parts (a tiny rollupFlushKeys).
    const members: { name: string; body: string | Buffer }[] = [];
    for (let h = 0; h < 8; h++) {
      const host = `bulk${h}`;
      const lines: string[] = [];
      for (let i = 0; i <= h * 3; i++)
        lines.push(`${syslogTime(at(i * 1800 + h))} ${host} sshd[${100 + i}]: Failed password for root from ${ATTACKER} port ${2000 + i} ssh2`);
      if (h === 3 || h === 6) lines.push('this line is not syslog');
      members.push({ name: `${host}/var/log/auth.log`, body: `${lines.join('\n')}\n` });
      members.push({ name: `${host}/var/log/syslog`, body: `${syslogTime(at(h * 60))} ${host} CRON[7]: (root) CMD (true)\n` });
      if (h === 3) members.push({ name: `${host}/etc/hosts`, body: `10.9.0.${h} ${host}\n` });
      if (h === 5) members.push({ name: `${host}/var/log/wtmp`, body: '' });
      if (h === 6) members.push({ name: `${host}/var/log/blob.dat`, body: Buffer.from([0, 1, 2, 250, 251, 0, 0, 9, 0, 3]) });
    }
    await writeTarGz(path.join(dir, 'many.tar.gz'), members);
    const id = await createAssessment({ name: 'one copy' });
    const uploadId = await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'many.tar.gz') });
    const result = await ingestUpload({ uploadId, timeZone: 'UTC', rollupFlushKeys: 3 });
    expect(result.files).toHaveLength(19);
    const { rows } = await getPool().query(
      `SELECT f.path, f.records::int, f.error_count AS errors, f.skipped,
              f.first_ts = e.first AND f.last_ts = e.last AS span,
              coalesce(e.n, 0)::int AS stored, coalesce(r.events, 0)::int AS rolled,
              (SELECT count(*) FROM parse_error p WHERE p.upload_id = f.upload_id AND p.path = f.path)::int AS problems
         FROM source_file f
         LEFT JOIN (SELECT source_file_id, count(*) AS n, min(ts) AS first, max(ts) AS last FROM log_event WHERE assessment_id = $1 GROUP BY 1) e ON e.source_file_id = f.id
         LEFT JOIN (SELECT source_file_id, sum(events) AS events FROM log_rollup WHERE assessment_id = $1 GROUP BY 1) r ON r.source_file_id = f.id
        WHERE f.assessment_id = $1 ORDER BY f.path`,
      [id],
    );
    expect(rows).toHaveLength(19);
    for (const f of rows) {
      const member = f.path.replace('many.tar.gz:', '');
      if (member.endsWith('auth.log')) {
        const h = Number(member.slice(4, 5));
        expect(f, member).toMatchObject({
          records: h * 3 + 1,
          stored: h * 3 + 1,
          rolled: h * 3 + 1,
          errors: h === 3 || h === 6 ? 1 : 0,
          problems: h === 3 || h === 6 ? 1 : 0,
          span: true,
        });
      } else if (member.endsWith('syslog')) {
        expect(f, member).toMatchObject({ records: 1, stored: 1, rolled: 1, errors: 0, span: true });
      } else if (member.endsWith('etc/hosts')) {
        expect(f, member).toMatchObject({ records: 1, errors: 0, skipped: false });
      } else if (member.endsWith('wtmp')) {
        expect(f, member).toMatchObject({ records: 0, errors: 0, problems: 0, skipped: true });
      } else {
        expect(f, member).toMatchObject({ records: 0, errors: 1, problems: 1, skipped: true });
      }
    }
    const addresses = await getPool().query("SELECT host(ip) AS ip FROM host_address WHERE assessment_id = $1 AND source = 'hosts-file'", [id]);
    expect(addresses.rows).toEqual([{ ip: '10.9.0.3' }]);
  });

  it('an archive of more files than the load holds rows for: each file still gets its row and count', async () => {
    // Past HELD_FILES (1 000) the load pauses to write what it holds, then goes on.
    const members = Array.from({ length: 1005 }, (_, i) => ({
      name: `fleet/h${i}/var/log/auth.log`,
      body: `${syslogTime(at(i))} h${i} sshd[1]: Accepted publickey for ops from 10.0.0.7 port 2 ssh2\n`,
    }));
    await writeTarGz(path.join(dir, 'thousand.tar.gz'), members);
    const id = await createAssessment({ name: 'thousand files' });
    const result = await runIngest(await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'thousand.tar.gz') }));
    expect(result?.records).toBe(1005);
    const { rows } = await getPool().query(
      `SELECT count(*)::int AS files, sum(records)::int AS records, count(*) FILTER (WHERE first_ts IS NULL)::int AS undated,
              (SELECT count(*)::int FROM log_event WHERE assessment_id = $1) AS events,
              (SELECT sum(events)::int FROM log_rollup WHERE assessment_id = $1) AS rolled
         FROM source_file WHERE assessment_id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ files: 1005, records: 1005, undated: 0, events: 1005, rolled: 1005 });
  });

  it('reads bzip2: a rotated auth.log.2.bz2 and a .tar.bz2 bundle', async () => {
    const { execFileSync } = await import('node:child_process');
    const line = `${syslogTime(at(7))} web02 sshd[9]: Failed password for root from ${ATTACKER} port 1 ssh2\n`;
    fs.writeFileSync(path.join(dir, 'auth.log.2'), line.repeat(3));
    execFileSync('bzip2', ['-kf', path.join(dir, 'auth.log.2')]);
    await writeTarGz(path.join(dir, 'plain.tar.gz'), [{ name: 'web02/var/log/auth.log', body: line }]);
    execFileSync('sh', ['-c', `gzip -dc '${path.join(dir, 'plain.tar.gz')}' | bzip2 -c > '${path.join(dir, 'bundle.tar.bz2')}'`]);
    const id = await createAssessment({ name: 'bz2' });
    await runIngest(await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'auth.log.2.bz2') }));
    await runIngest(await addLocalUpload({ assessmentId: id, kind: 'logs', file: path.join(dir, 'bundle.tar.bz2') }));
    const doc = await buildAssessmentJson(id);
    expect(doc.files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'auth.log.2.bz2', format: 'syslog-rfc3164', records: 3 }),
        expect.objectContaining({ path: 'bundle.tar.bz2:web02/var/log/auth.log', format: 'syslog-rfc3164', records: 1 }),
      ]),
    );
  });
});
