import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { SNIFF_BYTES } from '../format';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import { redisFormat } from './redis';

const PUBLIC = path.join(__dirname, '../../../test/fixtures/public/redis');
const sniffed = (buf: Buffer) => sniffFormat(buf.subarray(0, SNIFF_BYTES), allFormats).format?.id;
const ctx = { path: 'cache01/var/log/redis/redis-server.log', timeZone: 'UTC', hostHint: 'cache01', mtimeMs: Date.UTC(2026, 11, 5) };

// An unauthenticated Redis abused twice, as Redis 7 logs it: CONFIG SET dir/dbfilename + SAVE
// (writing authorized_keys), then a rogue master pushing a module.
const ATTACK = `1:C 04 Dec 2026 20:00:00.001 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo
1:C 04 Dec 2026 20:00:00.001 # Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=1, just started
                _._
           _.-\`\`__ ''-._
 Redis 7.0.15 (00000000/0) 64 bit
1:M 04 Dec 2026 20:00:00.002 * Ready to accept connections
1:M 04 Dec 2026 20:04:10.120 - Accepted 203.0.113.66:44210
1:M 04 Dec 2026 20:04:12.500 * DB saved on disk
1:M 04 Dec 2026 20:05:00.000 * Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.
1:S 04 Dec 2026 20:05:00.001 * REPLICAOF 203.0.113.66:21000 enabled (user request from 'id=5 addr=203.0.113.66:44300 laddr=10.20.30.12:6379 fd=8 name= age=0 idle=0 flags=N db=0')
1:S 04 Dec 2026 20:05:00.900 * Connecting to MASTER 203.0.113.66:21000
1:S 04 Dec 2026 20:05:01.000 * MASTER <-> REPLICA sync started
1:M 04 Dec 2026 20:05:03.000 * Module 'system' loaded from ./exp.so
1:M 04 Dec 2026 20:05:04.000 # CONFIG REWRITE executed with success.
`;

describe('Redis server log', () => {
  it('is its own format; typed events with peers; banner lines skipped; host from the folder', () => {
    const buf = Buffer.from(ATTACK);
    expect(sniffed(buf)).toBe('redis-log');
    const r = parseWithSplits(() => redisFormat.createParser(ctx), buf);
    expect(r.invalid).toEqual([]);
    const typed = r.records.filter((x) => x.kind !== 'syslog');
    expect(typed.map((x) => [x.lineNo, x.kind, x.srcIp ?? null, x.dstIp ?? null, x.dstPort ?? null])).toEqual([
      [7, 'db_connection', '203.0.113.66', null, null],
      [8, 'db_export', null, null, null],
      [10, 'db_replication', '203.0.113.66', '203.0.113.66', 21000],
      [11, 'db_replication', null, '203.0.113.66', 21000],
      [12, 'db_replication', null, null, null],
      [13, 'db_module_load', null, null, null],
      [14, 'db_config_change', null, null, null],
    ]);
    expect(typed[5]?.paths).toEqual(['./exp.so']);
    expect(r.records.every((x) => x.hostName === 'cache01' && x.program === 'redis')).toBe(true);
    expect(r.records[0]).toMatchObject({ pid: 1, tsMs: Date.UTC(2026, 11, 4, 20, 0, 0, 1), result: 'warning' });
  });

  it("reads Filebeat's real samples: year-less 3.x, 2.x [pid], signal-handler; the 1.2 line without pid is located", () => {
    const buf = fs.readFileSync(path.join(PUBLIC, 'beats-redis-test.log'));
    expect(sniffed(buf)).toBe('redis-log');
    const r = parseWithSplits(() => redisFormat.createParser({ path: 'redis.log', timeZone: 'UTC', mtimeMs: Date.UTC(2017, 5, 30) }), buf);
    expect(r.records.map((x) => [x.lineNo, x.pid, x.kind, x.tsMs])).toEqual([
      [1, 98738, 'db_export', Date.UTC(2017, 4, 30, 12, 23, 52, 442)],
      [3, 2932, 'syslog', Date.UTC(2017, 4, 31, 4, 32, 8)],
      [4, 5092, 'syslog', 1496141844000],
    ]);
    expect(r.invalid.map((i) => i.line)).toEqual([2]);
    const five = parseAll(redisFormat.createParser(ctx), fs.readFileSync(path.join(PUBLIC, 'beats-redis-5.0.3.log')));
    expect(five.records[0]).toMatchObject({ pid: 26571, tsMs: Date.UTC(2018, 11, 27, 11, 19, 18, 874) });
  });

  it('a damaged line is a located problem; syslog is not Redis', () => {
    const r = parseAll(redisFormat.createParser(ctx), Buffer.from('1:M 04 Dec 2026 20:04:12.500 * DB saved on disk\n1:M 04 Dec 2026 2x:04:12.500 * x\n'));
    expect(r.records).toHaveLength(1);
    expect(r.invalid).toEqual([{ line: 2, reason: expect.stringContaining('no Redis time') }]);
    expect(redisFormat.sniff(Buffer.from('Mar  7 14:02:11 web01 sshd[812]: Accepted password for bob from 10.0.0.1 port 1 ssh2\n'))).toBe(0);
  });
});
