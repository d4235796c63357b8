// FTP server logs: vsftpd's own log (plaso's public test file, 25 lines, 25 events in plaso's
// parser test), xferlog as vsftpd and proFTPD write it (generated, with a file name holding
// spaces), proFTPD's login lines in syslog; sniffing, chunk splits, damaged lines by line number.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import { vsftpdFormat, xferlogFormat } from './ftp';
import { syslogFormats } from './syslog-formats';

const PUBLIC = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'public', 'ftp', 'plaso-vsftpd.log');
const ctx = { path: 'vsftpd.log', timeZone: 'UTC', hostHint: 'ftp01' };

const XFERLOG = [
  'Thu Dec  4 20:16:20 2026 1 203.0.113.66 52428800 /srv/ftp/export/customers.csv b _ o r alice ftp 0 * c',
  'Thu Dec  4 20:16:40 2026 0 203.0.113.66 1234 /srv/ftp/upload/x.sh a _ i r alice ftp 0 * c',
  'Thu Dec  4 20:17:01 2026 12 ::ffff:10.0.0.9 7340032 /srv/ftp/pub/Quarterly Report Q4.pdf b _ o a anonymous@ ftp 0 * i',
  'Thu Dec  4 20:17:30 2026 0 10.0.0.9 0 /srv/ftp/upload/old.txt b _ d r bob ftp 0 * c',
].join('\n');

describe('FTP server logs', () => {
  it('vsftpd.log (plaso test data): 25 lines, 25 events — connects, logins, uploads, downloads, the MKDIR as syslog', () => {
    const result = parseAll(vsftpdFormat.createParser(ctx), fs.readFileSync(PUBLIC));
    expect(result.invalid).toEqual([]);
    expect(result.records).toHaveLength(25);
    const kinds = new Map<string, number>();
    for (const r of result.records) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ ftp_connect: 4, ftp_login: 4, syslog: 1, ftp_upload: 11, ftp_download: 5 });
    expect(result.records[8]).toMatchObject({
      lineNo: 9,
      tsMs: Date.parse('2016-06-06T18:44:25Z'),
      hostName: 'ftp01',
      program: 'vsftpd',
      pid: 3,
      kind: 'ftp_download',
      userName: 'jean',
      srcIp: '192.168.1.9',
      paths: ['/home/jean/trains/Thomas_142553k.jpg'],
      argv: ['OK DOWNLOAD', 'bytes=40120'],
      result: 'success',
    });
    expect(result.records[7]).toMatchObject({ kind: 'ftp_download', result: 'failed', argv: ['FAIL DOWNLOAD'] });
    expect(result.records[14]).toMatchObject({ kind: 'ftp_login', userName: 'ftp', srcIp: '192.168.1.5' });
    expect(sniffFormat(fs.readFileSync(PUBLIC), allFormats).format?.id).toBe('vsftpd-log');
  });

  it('vsftpd: a failed login, an IPv4 client of a dual-stack socket', () => {
    const line = 'Thu Dec  4 20:16:20 2026 [pid 812] [root] FAIL LOGIN: Client "::ffff:203.0.113.66"';
    const [rec] = parseAll(vsftpdFormat.createParser(ctx), Buffer.from(line)).records;
    expect(rec).toMatchObject({ kind: 'ftp_login_failed', userName: 'root', srcIp: '203.0.113.66', result: 'failed' });
  });

  it('xferlog: downloads are data exports, uploads and deletions typed, a file name with spaces kept whole', () => {
    const result = parseAll(xferlogFormat.createParser({ ...ctx, path: 'xferlog' }), Buffer.from(XFERLOG));
    expect(result.invalid).toEqual([]);
    expect(result.records.map((r) => [r.kind, r.srcIp, r.userName, r.paths?.[0], r.argv?.[0], r.result])).toEqual([
      ['ftp_download', '203.0.113.66', 'alice', '/srv/ftp/export/customers.csv', 'bytes=52428800', 'complete'],
      ['ftp_upload', '203.0.113.66', 'alice', '/srv/ftp/upload/x.sh', 'bytes=1234', 'complete'],
      ['ftp_download', '10.0.0.9', 'anonymous@', '/srv/ftp/pub/Quarterly Report Q4.pdf', 'bytes=7340032', 'incomplete'],
      ['ftp_delete', '10.0.0.9', 'bob', '/srv/ftp/upload/old.txt', 'bytes=0', 'complete'],
    ]);
    expect(result.records[2]?.argv).toEqual(['bytes=7340032', 'seconds=12', 'access=anonymous']);
    expect(sniffFormat(Buffer.from(XFERLOG), allFormats).format?.id).toBe('xferlog');
  });

  it('proFTPD login lines in syslog', () => {
    const text = [
      'Dec  4 20:16:20 ftp01 proftpd[4711]: ftp01 (203.0.113.66[203.0.113.66]) - USER alice: Login successful.',
      'Dec  4 20:16:25 ftp01 proftpd[4712]: ftp01 (203.0.113.66[203.0.113.66]) - USER root (Login failed): Incorrect password',
      'Dec  4 20:16:26 ftp01 proftpd[4712]: ftp01 (203.0.113.66[203.0.113.66]) - FTP session closed.',
    ].join('\n');
    const f = syslogFormats.find((x) => x.sniff(Buffer.from(text)) > 0.5);
    const result = parseAll(
      f?.createParser({ path: 'syslog', timeZone: 'UTC', mtimeMs: Date.parse('2026-12-05T00:00:00Z') }) ?? xferlogFormat.createParser(ctx),
      Buffer.from(text),
    );
    expect(result.records.map((r) => [r.kind, r.userName, r.srcIp, r.result])).toEqual([
      ['ftp_login', 'alice', '203.0.113.66', 'success'],
      ['ftp_login_failed', 'root', '203.0.113.66', 'failed'],
      ['syslog', undefined, undefined, undefined],
    ]);
  });

  it('damaged lines are located by line number, the rest still read', () => {
    const lines = XFERLOG.split('\n');
    lines[0] = (lines[0] ?? '').replace(' b _ o r ', ' z _ o r ');
    lines[1] = (lines[1] ?? '').slice(0, 20);
    const result = parseAll(xferlogFormat.createParser(ctx), Buffer.from(lines.join('\n')));
    expect(result.invalid).toEqual([
      { line: 1, reason: 'transfer type, action, direction, access mode or completion status is not an xferlog value' },
      { line: 2, reason: 'no ctime stamp ("Thu Dec  4 20:16:20 2026") at the start of the line' },
    ]);
    expect(result.records.map((r) => r.lineNo)).toEqual([3, 4]);
    const bad = parseAll(vsftpdFormat.createParser(ctx), Buffer.from('Thu Dec  4 20:16:20 2026 [pid x] garbage\n'));
    expect(bad.invalid).toEqual([{ line: 1, reason: 'no "[pid N] [user] OK|FAIL ACTION: Client "address"" after the time' }]);
  });

  it('output does not depend on chunk boundaries', () => {
    parseWithSplits(() => vsftpdFormat.createParser(ctx), fs.readFileSync(PUBLIC), { maxChunk: 50, randomRuns: 10 });
    parseWithSplits(() => xferlogFormat.createParser(ctx), Buffer.from(XFERLOG));
  });
});
