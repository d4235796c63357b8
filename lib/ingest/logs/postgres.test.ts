import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import type { LogRecord } from '../../records/records';
import { SNIFF_BYTES } from '../format';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import { copyToStatement, parsePgTime, postgresCsvFormat, postgresJsonFormat, postgresStderrFormat } from './postgres';
import { createSyslogParser } from './syslog-parser';

const PUBLIC = path.join(__dirname, '../../../test/fixtures/public/postgresql');
const sniffed = (buf: Buffer) => sniffFormat(buf.subarray(0, SNIFF_BYTES), allFormats).format?.id;
const ctx = { path: 'alpha/var/log/postgresql/postgresql-15-main.log', timeZone: 'UTC', hostHint: 'alpha' };

// Lines of the webshop recording's alpha/var/log/postgresql/postgresql-15-main.log (Debian prefix
// `%m [%p] %q%u@%d `): a monitoring probe, the attacker's pg_dump session over localhost, a checkpoint.
const RECORDED = `2026-12-04 20:00:49.876 UTC [8750] [unknown]@[unknown] LOG:  connection received: host=10.20.30.20 port=41298
2026-12-04 20:03:05.647 UTC [11351] [unknown]@[unknown] LOG:  connection received: host=127.0.0.1 port=35252
2026-12-04 20:03:05.654 UTC [11351] webapp@shopdb LOG:  connection authenticated: identity="webapp" method=scram-sha-256 (/srv/pgdata/pg_hba.conf:87)
2026-12-04 20:03:05.654 UTC [11351] webapp@shopdb LOG:  connection authorized: user=webapp database=shopdb application_name=pg_dump
2026-12-04 20:03:05.730 UTC [11351] webapp@shopdb LOG:  disconnection: session time: 0:00:00.082 user=webapp database=shopdb host=127.0.0.1 port=35252
2026-12-04 20:05:43.861 UTC [8347] LOG:  checkpoint starting: time
`;

describe('PostgreSQL server log (stderr)', () => {
  it('is its own format, never ISO syslog, and gives no host named UTC', () => {
    const buf = Buffer.from(RECORDED);
    expect(sniffed(buf)).toBe('postgresql-log');
    // Even forced through the syslog reader, the zone word is not a host.
    const forced = parseAll(createSyslogParser(ctx), buf);
    expect(forced.records.map((r) => r.hostName)).not.toContain('UTC');
  });

  it('reads the recorded lines: host from the bundle folder, typed connection and pg_dump events', () => {
    const r = parseWithSplits(() => postgresStderrFormat.createParser(ctx), Buffer.from(RECORDED));
    expect(r.invalid).toEqual([]);
    expect(r.records).toHaveLength(6);
    expect(new Set(r.records.map((x) => x.hostName))).toEqual(new Set(['alpha']));
    expect(r.records.every((x) => x.hostFrom === 'bundle-folder')).toBe(true);
    expect(r.records.map((x) => x.kind)).toEqual(['db_connection', 'db_connection', 'syslog', 'db_export', 'syslog', 'syslog']);
    expect(r.records[0]).toMatchObject({ srcIp: '10.20.30.20', srcPort: 41298, pid: 8750, tsMs: Date.UTC(2026, 11, 4, 20, 0, 49, 876) });
    // The dump session's client comes from its connection line (same backend pid).
    expect(r.records[3]).toMatchObject({ userName: 'webapp', srcIp: '127.0.0.1', srcPort: 35252, argv: ['database=shopdb', 'application_name=pg_dump'] });
    expect(r.notes).toContain('PostgreSQL log attributed to "alpha" (from the folder name)');
  });

  it('a login of another client is a db_login, not an export', () => {
    const line = '2026-12-04 20:03:05.654 UTC [11352] webapp@shopdb LOG:  connection authorized: user=webapp database=shopdb application_name=psql\n';
    expect(parseAll(postgresStderrFormat.createParser(ctx), Buffer.from(line)).records[0]?.kind).toBe('db_login');
  });

  it('authentication failures carry the role and the client of their backend', () => {
    const text = `2026-03-07 14:01:00.100 UTC [4242] LOG:  connection received: host=198.51.100.7 port=50000
2026-03-07 14:01:00.123 UTC [4242] FATAL:  password authentication failed for user "postgres"
2026-03-07 14:01:00.123 UTC [4242] DETAIL:  Connection matched pg_hba.conf line 99: "host all all 0.0.0.0/0 md5"
2026-03-07 14:01:02.000 UTC [4243] FATAL:  no pg_hba.conf entry for host "198.51.100.8", user "admin", database "shop", no encryption
`;
    const r = parseAll(postgresStderrFormat.createParser(ctx), Buffer.from(text));
    expect(r.records[1]).toMatchObject({ kind: 'db_login_failed', userName: 'postgres', srcIp: '198.51.100.7', result: 'failed' });
    expect(r.records[2]?.kind).toBe('syslog');
    expect(r.records[3]).toMatchObject({ kind: 'db_login_failed', userName: 'admin', srcIp: '198.51.100.8' });
  });

  it('COPY … TO is an export, COPY … FROM is not; multi-line statements stay one record', () => {
    const text = `2026-03-07 14:01:00.123 UTC [4242] postgres@shop LOG:  statement: COPY public.customers (id, email)
\tTO '/tmp/.x/c.csv' WITH CSV;
2026-03-07 14:01:01.000 UTC [4242] postgres@shop LOG:  statement: COPY public.customers FROM '/tmp/in.csv';
`;
    const r = parseWithSplits(() => postgresStderrFormat.createParser(ctx), Buffer.from(text));
    expect(r.records.map((x) => [x.lineNo, x.kind])).toEqual([
      [1, 'db_export'],
      [3, 'syslog'],
    ]);
    expect(r.records[0]?.raw).toContain("\tTO '/tmp/.x/c.csv'");
    expect(copyToStatement('statement: copy (select * from t) to stdout')).toBe('copy (select * from t) to stdout');
    expect(copyToStatement('statement: COPY t FROM stdin')).toBeUndefined();
  });

  it("reads pgBadger's real CET log; the pg_ctl lines are located problems", () => {
    const buf = fs.readFileSync(path.join(PUBLIC, 'pgbadger-stderr-cet.log'));
    expect(sniffed(buf)).toBe('postgresql-log');
    const r = parseWithSplits(() => postgresStderrFormat.createParser({ path: 'x.log', timeZone: 'UTC' }), buf);
    expect(r.records).toHaveLength(12);
    expect(r.invalid.map((i) => i.line)).toEqual([3, 4]);
    expect(r.invalid[0]?.reason).toContain('no PostgreSQL timestamp');
    expect(r.records[0]?.tsMs).toBe(Date.UTC(2025, 0, 21, 17, 32, 48, 288));
    expect(r.records[8]).toMatchObject({ userName: 'gilles', pid: 78798 });
    expect(r.records.every((x) => x.hostName === undefined)).toBe(true);
  });

  it("reads Amazon RDS's prefix (pgBadger fixture): client address from %r", () => {
    const buf = fs.readFileSync(path.join(PUBLIC, 'pgbadger-rds-timezones.log'));
    expect(sniffed(buf)).toBe('postgresql-log');
    const r = parseAll(postgresStderrFormat.createParser({ path: 'x.log', timeZone: 'UTC' }), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.userName, x.srcIp, x.pid])).toEqual([
      ['user', '10.1.91.65', 24743],
      ['user', '10.1.17.194', 19003],
    ]);
  });

  it('zone words: abbreviations, numeric offsets, unknown words in the upload zone', () => {
    expect(parsePgTime('2026-03-07 14:01:00.123 CEST ', 0, 'UTC')).toBe(Date.UTC(2026, 2, 7, 12, 1, 0, 123));
    expect(parsePgTime('2026-03-07 14:01:00 +0530 ', 0, 'UTC')).toBe(Date.UTC(2026, 2, 7, 8, 31, 0));
    expect(parsePgTime('2026-03-07 14:01:00 -05:00 ', 0, 'UTC')).toBe(Date.UTC(2026, 2, 7, 19, 1, 0));
    expect(parsePgTime('2026-03-07 14:01:00 XYZT ', 0, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 7, 13, 1, 0));
    expect(parsePgTime('2026-03-07T14:01:00Z ', 0, 'UTC')).toBeNaN();
  });

  it('ISO syslog with a real host is still syslog', () => {
    const buf = Buffer.from('2026-12-04T20:00:49.876+00:00 alpha sshd[8750]: Accepted password for a from 10.0.0.1 port 1 ssh2\n');
    expect(sniffed(buf)).toBe('syslog-iso8601');
    // A space instead of the T and a message with a level word: the host is not a zone.
    expect(postgresStderrFormat.sniff(Buffer.from('2026-12-04 20:00:49 web app: INFO: started\n'))).toBe(0);
  });
});

describe('PostgreSQL csvlog', () => {
  it("reads pgBadger's real csvlog", () => {
    const buf = fs.readFileSync(path.join(PUBLIC, 'pgbadger-csvlog.csv'));
    expect(sniffed(buf)).toBe('postgresql-csvlog');
    const r = parseWithSplits(() => postgresCsvFormat.createParser(ctx), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.userName, x.srcIp, x.srcPort, x.pid, x.hostName])).toEqual([
      ['example_user', '192.0.2.10', 54321, 1001, 'alpha'],
      ['health_user', '192.0.2.20', 54322, 1002, 'alpha'],
    ]);
  });

  it('a quoted field over lines is one record; a cut one is a located problem', () => {
    const rec = (n: number, msg: string) =>
      `2026-03-07 14:01:0${n}.000 UTC,"postgres","shop",4242,"10.0.0.9:5000",x,${n},"COPY",,3/1,0,LOG,00000,"${msg}",,,,,,,,,"psql","client backend",0`;
    const text = `${rec(1, "statement: COPY t\nTO '/tmp/t.csv'")}\n${rec(2, 'ok')}\n2026-03-07 14:01:03.000 UTC,"x","y",1,,x,1,,,,0,LOG,00000,"cut off\n`;
    const r = parseWithSplits(() => postgresCsvFormat.createParser(ctx), Buffer.from(text));
    expect(r.records.map((x) => [x.lineNo, x.kind, x.srcIp])).toEqual([
      [1, 'db_export', '10.0.0.9'],
      [3, 'syslog', '10.0.0.9'],
    ]);
    expect(r.invalid).toEqual([{ line: 4, reason: expect.stringContaining('cut off at the end') }]);
  });
});

describe('PostgreSQL jsonlog', () => {
  // The documented layout (PostgreSQL 15 docs, 20.8.5 "Using JSON-Format Log Output").
  const JSON_LOG = `{"timestamp":"2026-03-07 14:01:00.123 UTC","user":"postgres","dbname":"shop","pid":4242,"remote_host":"198.51.100.7","remote_port":50000,"session_id":"6405a1f4.1092","line_num":1,"ps":"authentication","session_start":"2026-03-07 14:01:00 UTC","vxid":"3/2","txid":0,"error_severity":"FATAL","state_code":"28P01","message":"password authentication failed for user \\"postgres\\"","backend_type":"client backend","query_id":0}
{"timestamp":"2026-03-07 14:02:00.000 UTC","user":"postgres","dbname":"shop","pid":4250,"remote_host":"198.51.100.7","remote_port":50001,"error_severity":"LOG","message":"connection authorized: user=postgres database=shop application_name=pg_dump","application_name":"pg_dump","backend_type":"client backend"}
`;
  it('reads typed events with the client from the object', () => {
    const buf = Buffer.from(JSON_LOG);
    expect(sniffed(buf)).toBe('postgresql-jsonlog');
    const r = parseWithSplits(() => postgresJsonFormat.createParser(ctx), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x: LogRecord) => [x.kind, x.userName, x.srcIp, x.srcPort])).toEqual([
      ['db_login_failed', 'postgres', '198.51.100.7', 50000],
      ['db_export', 'postgres', '198.51.100.7', 50001],
    ]);
  });

  it('a damaged line is a located problem, the rest is read', () => {
    const lines = JSON_LOG.split('\n');
    const text = `${lines[0]}\n{"timestamp": "2026-03-07 14:0\n${lines[1]}\n`;
    const r = parseAll(postgresJsonFormat.createParser(ctx), Buffer.from(text));
    expect(r.records).toHaveLength(2);
    expect(r.invalid.map((i) => i.line)).toEqual([2]);
  });
});
