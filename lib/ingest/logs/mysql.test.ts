import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { SNIFF_BYTES } from '../format';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import { isExportQuery, mysqlErrorFormat, mysqlGeneralFormat } from './mysql';

const sniffed = (buf: Buffer) => sniffFormat(buf.subarray(0, SNIFF_BYTES), allFormats).format?.id;
const ctx = { path: 'db01/var/log/mysql/error.log', timeZone: 'UTC', hostHint: 'db01', mtimeMs: Date.UTC(2026, 11, 5) };

// MySQL 8.0 (log_error_verbosity = 3), 5.7 and MariaDB error log lines.
const ERROR_LOG = `2026-12-04T20:00:00.000000Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.35) starting as process 812
2026-12-04T20:01:00.123456Z 9 [Note] [MY-010926] [Server] Access denied for user 'root'@'203.0.113.66' (using password: YES)
2026-12-04T20:01:02.000000Z 10 [Note] Access denied for user 'admin'@'203.0.113.66' (using password: NO)
2026-12-04 20:01:03 11 [Warning] Access denied for user 'root'@'198.51.100.7' (using password: YES)
2026-12-04T20:02:00.000000Z 12 [Note] [MY-010914] [Server] Aborted connection 12 to db: 'shop' user: 'webapp' host: '10.20.30.10' (Got an error reading communication packets).
`;

const GENERAL_LOG = `/usr/sbin/mysqld, Version: 8.0.35 (MySQL Community Server - GPL). started with:
Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
Time                 Id Command    Argument
2026-12-04T20:03:00.000000Z\t   21 Connect\twebapp@203.0.113.66 on shop using TCP/IP
2026-12-04T20:03:00.100000Z\t   21 Query\tSELECT email, password FROM customers INTO OUTFILE '/tmp/.x/c.csv'
2026-12-04T20:03:01.000000Z\t   21 Query\tSET GLOBAL general_log = 'OFF'
2026-12-04T20:03:01.100000Z\t   21 Quit\t
2026-12-04T20:03:02.000000Z\t   22 Connect\tAccess denied for user 'root'@'203.0.113.66' (using password: YES)
261204 20:04:00\t     23 Connect\tbackup@localhost on shop using Socket
\t\t     23 Query\tSELECT /*!40001 SQL_NO_CACHE */ * FROM \`customers\`
`;

describe('MySQL / MariaDB error log', () => {
  it('is its own format (not ISO syslog with a host "9"); auth failures with user and client', () => {
    const buf = Buffer.from(ERROR_LOG);
    expect(sniffed(buf)).toBe('mysql-error');
    const r = parseWithSplits(() => mysqlErrorFormat.createParser(ctx), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.kind, x.userName, x.srcIp, x.hostName])).toEqual([
      ['syslog', undefined, undefined, 'db01'],
      ['db_login_failed', 'root', '203.0.113.66', 'db01'],
      ['db_login_failed', 'admin', '203.0.113.66', 'db01'],
      ['db_login_failed', 'root', '198.51.100.7', 'db01'],
      ['syslog', 'webapp', '10.20.30.10', 'db01'],
    ]);
    expect(r.records[1]?.tsMs).toBe(Date.UTC(2026, 11, 4, 20, 1, 0, 123));
  });

  it('a damaged line is located', () => {
    const r = parseAll(mysqlErrorFormat.createParser(ctx), Buffer.from(`${ERROR_LOG}2026-12-04T20:05:00.000000Z 13 [Nope] x\n`));
    expect(r.invalid.map((i) => i.line)).toEqual([6]);
  });
});

describe('MySQL / MariaDB general query log', () => {
  it('logins, failures, INTO OUTFILE and mysqldump exports, SET GLOBAL; client from the connection', () => {
    const buf = Buffer.from(GENERAL_LOG);
    expect(sniffed(buf)).toBe('mysql-general');
    const r = parseWithSplits(() => mysqlGeneralFormat.createParser({ ...ctx, path: 'db01/var/log/mysql/query.log' }), buf);
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.lineNo, x.kind, x.userName, x.srcIp, x.pid])).toEqual([
      [4, 'db_login', 'webapp', '203.0.113.66', 21],
      [5, 'db_export', 'webapp', '203.0.113.66', 21],
      [6, 'db_config_change', 'webapp', '203.0.113.66', 21],
      [7, 'syslog', 'webapp', '203.0.113.66', 21],
      [8, 'db_login_failed', 'root', '203.0.113.66', 22],
      [9, 'db_login', 'backup', undefined, 23],
      [10, 'db_export', 'backup', undefined, 23],
    ]);
    expect(r.records[6]?.tsMs).toBe(Date.UTC(2026, 11, 4, 20, 4, 0));
  });

  it('exports are SELECTs into files or mysqldump reads, not loads', () => {
    expect(isExportQuery("select * from t into outfile '/tmp/x'")).toBe(true);
    expect(isExportQuery("LOAD DATA INFILE '/tmp/x' INTO TABLE t")).toBe(false);
    expect(isExportQuery('SELECT 1')).toBe(false);
  });
});
