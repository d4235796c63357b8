// The FTP log detectors (password guessing, login from the internet, bulk download to an external
// client) on generated vsftpd.log and xferlog text read through the real parsers, their benign
// look-alikes (one wrong password then a login; an internal mirror job pulling the night's files;
// a visitor fetching a few small files), plaso's real vsftpd.log, and correlation: each step seen
// by the FTP log and by the flows is one activity with both marks.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAll } from '../../../test/kits/chunk-parser';
import { correlateNow, insertEvents, insertFlows, newAssessment, runDetectors, type TestEvent, type TestFlow } from '../../../test/kits/detect';
import { closeDb, getPool } from '../../db/client';
import { mapHostManually } from '../../hosts/host-rows';
import type { LogFormat } from '../../ingest/format';
import { vsftpdFormat, xferlogFormat } from '../../ingest/logs/ftp';
import { syslogFormats } from '../../ingest/logs/syslog-formats';
import type { LogRecord } from '../../records/records';
import { detectors } from '../registry';

afterAll(closeDb);

const FTP = new Set(['logs.ftp-password-guessing', 'logs.ftp-external-login', 'logs.ftp-bulk-download']);
const logDetectors = detectors.filter((d) => d.source === 'logs');
const PLASO = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'public', 'ftp', 'plaso-vsftpd.log');

const T0 = Date.parse('2026-12-04T20:00:00Z');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** ctime as vsftpd and xferlog write it (UTC here): `Thu Dec  4 20:16:20 2026`. */
function ctime(s: number): string {
  const d = new Date(T0 + s * 1000);
  const hms = d.toISOString().slice(11, 19);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms} ${d.getUTCFullYear()}`;
}
const vsftpd = (s: number, pid: number, user: string, what: string, client: string, rest = '') =>
  `${ctime(s)} [pid ${pid}] [${user}] ${what}: Client "${client}"${rest}`;
const xfer = (s: number, client: string, bytes: number, file: string, dir: 'o' | 'i', access: 'r' | 'a', user: string, status: 'c' | 'i' = 'c') =>
  `${ctime(s)} 1 ${client} ${bytes} ${file} b _ ${dir} ${access} ${user} ftp 0 * ${status}`;

/** Lines → records through the format's own parser → events on host ftp01. */
function events(format: typeof vsftpdFormat, lines: string[]): TestEvent[] {
  const parsed = parseAll(format.createParser({ path: 'log', timeZone: 'UTC', hostHint: 'ftp01' }), Buffer.from(lines.join('\n')));
  expect(parsed.invalid).toEqual([]);
  return parsed.records.map((r: LogRecord) => ({
    ts: new Date(r.tsMs),
    kind: r.kind,
    host: r.hostName ?? null,
    program: r.program,
    pid: r.pid,
    user: r.userName,
    argv: r.argv,
    paths: r.paths,
    src: r.srcIp,
    result: r.result,
    raw: r.raw,
  }));
}

const ATTACKER = '203.0.113.66';
const VISITOR = '198.51.100.20';
const MIRROR = '10.0.3.40';
const SERVER = '10.0.2.21';

/** Guessing (36 wrong passwords, one try a session, 8 s apart), the login that worked, 60 files pulled. */
const ATTACK_VSFTPD = [
  ...Array.from({ length: 36 }, (_, i) => vsftpd(i * 8, 1000 + i, ['admin', 'ftpuser', 'backup'][i % 3] as string, 'FAIL LOGIN', ATTACKER)),
  vsftpd(300, 1100, 'backup', 'OK LOGIN', ATTACKER),
];
const ATTACK_XFERLOG = Array.from({ length: 60 }, (_, i) => xfer(400 + i * 10, ATTACKER, 800_000, `/srv/ftp/backup/db-${i}.sql.gz`, 'o', 'r', 'backup'));

async function detect(evs: TestEvent[], internalRanges?: string[], overrides: Record<string, Record<string, number>> = {}) {
  const a = await newAssessment();
  await insertEvents(a, evs);
  const found = await runDetectors(a, logDetectors, overrides, internalRanges);
  return { a, found: found.filter((d) => FTP.has(d.detector)) };
}

describe('FTP log detectors', () => {
  it('generated attack: guessing, the login it won, 60 files (48 MB) pulled — one detection each, with stage, technique and peer', async () => {
    const { found } = await detect([...events(vsftpdFormat, ATTACK_VSFTPD), ...events(xferlogFormat, ATTACK_XFERLOG)]);
    expect(found.map((d) => [d.detector, d.stage, d.technique, d.hostName, d.peer, d.evidenceIds.length])).toEqual([
      ['logs.ftp-bulk-download', 'actions', 'T1048.003', 'ftp01', ATTACKER, 60],
      ['logs.ftp-external-login', 'delivery', 'T1133', 'ftp01', ATTACKER, 1],
      ['logs.ftp-password-guessing', 'exploitation', 'T1110.001', 'ftp01', ATTACKER, 36],
    ]);
    expect(found[0]?.summary).toBe(`60 files (48.0 MB) downloaded over FTP by ${ATTACKER} as backup`);
    // The login came after 36 failures from the same source: a guessed account.
    expect(found[1]?.severity).toBe('high');
    expect(found[2]?.summary).toMatch(/^36 failed FTP logins from 203\.0\.113\.66 \(3 user names, peak 16 in 120 s\)$/);
  });

  it('a few large files are enough (bytes), a run below both thresholds is not', async () => {
    const big = await detect(events(xferlogFormat, [xfer(0, ATTACKER, 30_000_000, '/srv/ftp/crm.tar', 'o', 'r', 'alice')]));
    expect(big.found.map((d) => [d.detector, d.summary])).toEqual([
      ['logs.ftp-bulk-download', `1 files (30.0 MB) downloaded over FTP by ${ATTACKER} as alice`],
    ]);
    const below = await detect(events(xferlogFormat, [xfer(0, ATTACKER, 24_000_000, '/srv/ftp/crm.tar', 'o', 'r', 'alice')]));
    expect(below.found).toEqual([]);
  });

  it('benign look-alikes stay quiet: one wrong password then a login (internal), the nightly mirror job, a visitor fetching three files, failed and incomplete transfers', async () => {
    const { found } = await detect([
      ...events(vsftpdFormat, [
        vsftpd(0, 10, 'bob', 'FAIL LOGIN', '10.0.5.17'),
        vsftpd(6, 11, 'bob', 'OK LOGIN', '10.0.5.17'),
        // The visitor's download failed twice, then took three small files.
        vsftpd(20, 12, 'bob', 'FAIL DOWNLOAD', VISITOR, ', "/srv/ftp/pub/big.iso", 0.00Kbyte/sec'),
        vsftpd(21, 12, 'bob', 'FAIL DOWNLOAD', VISITOR, ', "/srv/ftp/pub/big.iso", 0.00Kbyte/sec'),
      ]),
      ...events(xferlogFormat, [
        // The mirror job pulls 500 files, 2.5 GB, every night from the internal mirror host.
        ...Array.from({ length: 500 }, (_, i) => xfer(3600 + i * 4, MIRROR, 5_000_000, `/srv/ftp/pub/debian/pool/p${i}.deb`, 'o', 'r', 'mirror')),
        ...[1, 2, 3].map((i) => xfer(100 + i, VISITOR, 40_000, `/srv/ftp/pub/readme-${i}.txt`, 'o', 'a', 'anonymous@')),
        xfer(200, VISITOR, 90_000_000, '/srv/ftp/pub/big.iso', 'o', 'a', 'anonymous@', 'i'),
      ]),
    ]);
    expect(found).toEqual([]);
  });

  it('one wrong password then a login from the internet is a login, not guessing; an anonymous one is low', async () => {
    const { found } = await detect(
      events(vsftpdFormat, [
        vsftpd(0, 10, 'alice', 'FAIL LOGIN', ATTACKER),
        vsftpd(5, 11, 'alice', 'OK LOGIN', ATTACKER),
        vsftpd(900, 12, 'ftp', 'OK LOGIN', VISITOR, ', anon password "guest@"'),
      ]),
    );
    expect(found.map((d) => [d.detector, d.peer, d.severity])).toEqual([
      ['logs.ftp-external-login', ATTACKER, 'medium'],
      ['logs.ftp-external-login', VISITOR, 'low'],
    ]);
  });

  it('proFTPD guessing in syslog (mod_auth lines) is the same detection', async () => {
    const rfc3164 = syslogFormats.find((f) => f.id === 'syslog-rfc3164') as LogFormat;
    const lines = Array.from({ length: 10 }, (_, i) => {
      const s = String(10 + i * 5).padStart(2, '0');
      return `Dec  4 20:16:${s} ftp01 proftpd[${4700 + i}]: ftp01 (${ATTACKER}[${ATTACKER}]) - USER root (Login failed): Incorrect password`;
    });
    const parsed = parseAll<LogRecord>(rfc3164.createParser({ path: 'syslog', timeZone: 'UTC', mtimeMs: T0 }), Buffer.from(lines.join('\n')));
    const evs = parsed.records.map(
      (r): TestEvent => ({ ts: new Date(r.tsMs), kind: r.kind, host: r.hostName ?? null, user: r.userName, src: r.srcIp, result: r.result, raw: r.raw }),
    );
    expect(evs.map((e) => e.kind)).toEqual(Array(10).fill('ftp_login_failed'));
    const { found } = await detect(evs);
    expect(found.map((d) => [d.detector, d.hostName, d.peer, d.evidenceIds.length])).toEqual([['logs.ftp-password-guessing', 'ftp01', ATTACKER, 10]]);
  });

  it("plaso's real vsftpd.log: its clients are on 192.168.1.0/24, inside — nothing; with that range outside, jean's logins (medium) and the anonymous one (low), and no bulk download (3 small files)", async () => {
    const plaso = parseAll(vsftpdFormat.createParser({ path: 'vsftpd.log', timeZone: 'UTC', hostHint: 'ftp01' }), fs.readFileSync(PLASO)).records.map(
      (r: LogRecord): TestEvent => ({
        ts: new Date(r.tsMs),
        kind: r.kind,
        host: r.hostName ?? null,
        user: r.userName,
        argv: r.argv,
        paths: r.paths,
        src: r.srcIp,
        result: r.result,
        raw: r.raw,
      }),
    );
    expect(plaso).toHaveLength(25);
    expect((await detect(plaso)).found).toEqual([]);
    const outside = await detect(plaso, ['10.0.0.0/8']);
    expect(outside.found.map((d) => [d.detector, d.peer, d.severity, d.evidenceIds.length])).toEqual([
      ['logs.ftp-external-login', '192.168.1.9', 'medium', 1],
      ['logs.ftp-external-login', '192.168.1.7', 'medium', 1],
      ['logs.ftp-external-login', '192.168.1.5', 'low', 1],
      ['logs.ftp-external-login', '192.168.1.7', 'medium', 1],
    ]);
    // The files jean fetched on 6 June (2 complete downloads, 47,784 bytes) pass a lowered file count only.
    const lowered = await detect(plaso, ['10.0.0.0/8'], { 'logs.ftp-bulk-download': { minFiles: 2 } });
    expect(lowered.found.filter((d) => d.detector === 'logs.ftp-bulk-download').map((d) => [d.peer, d.summary])).toEqual([
      ['192.168.1.9', '2 files (0.0 MB) downloaded over FTP by 192.168.1.9 as jean'],
    ]);
  });
});

describe('FTP steps seen by the log and the flows are one activity each, with both marks', () => {
  it('guessing (T1110.001 ⇄ auth-bruteforce), the login (T1133 ⇄ exposed-service), the download (T1048.003 ⇄ large-outbound)', async () => {
    const a = await newAssessment();
    await mapHostManually(a, 'ftp01', SERVER);
    await insertEvents(a, [...events(vsftpdFormat, ATTACK_VSFTPD), ...events(xferlogFormat, ATTACK_XFERLOG)]);
    const at = (s: number) => new Date(T0 + s * 1000);
    const flows: TestFlow[] = [
      // One short control session per wrong password (USER, PASS, 530, QUIT).
      ...Array.from({ length: 36 }, (_, i) => ({
        ts: at(i * 8),
        durationS: 3,
        src: ATTACKER,
        dst: SERVER,
        dport: 21,
        packets: 6,
        bytes: 400,
        revPackets: 6,
        revBytes: 600,
      })),
      // The session that logged in and ran the transfers' commands.
      { ts: at(300), durationS: 900, src: ATTACKER, dst: SERVER, dport: 21, packets: 400, bytes: 30_000, revPackets: 420, revBytes: 60_000 },
      // Passive-mode data connections, one per file: the client connects to the server's data port, the file comes back.
      ...Array.from({ length: 60 }, (_, i) => ({
        ts: at(400 + i * 10),
        durationS: 2,
        src: ATTACKER,
        sport: 50000 + i,
        dst: SERVER,
        dport: 40000 + i,
        packets: 280,
        bytes: 15_000,
        revPackets: 560,
        revBytes: 820_000,
      })),
    ];
    await insertFlows(a, flows);
    await runDetectors(a, detectors);
    await correlateNow(a, 300);
    const { rows } = await getPool().query(
      `SELECT stage, split_part(technique, ' ', 1) AS technique, network, logs, summary FROM activity
       WHERE assessment_id = $1 AND host_name = 'ftp01' AND peer = $2::inet ORDER BY stage`,
      [a, ATTACKER],
    );
    expect(rows.map((r) => [r.stage, r.technique, r.network, r.logs])).toEqual([
      ['actions', 'T1048.003', 'detected', 'detected'],
      ['delivery', 'T1133', 'detected', 'detected'],
      ['exploitation', 'T1110.001', 'detected', 'detected'],
    ]);
  });
});
