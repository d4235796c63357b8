import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { SNIFF_BYTES } from '../format';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import { LASTLOG_SIZE, lastlogFormat, UTMP_SIZE, utmpFormat } from './utmp';

const sniffed = (buf: Buffer) => sniffFormat(buf.subarray(0, SNIFF_BYTES), allFormats).format?.id;
const ctx = { path: 'alpha/var/log/wtmp', timeZone: 'UTC', hostHint: 'alpha' };

/** One `struct utmp` as glibc writes it on x86_64 Linux. */
function utmp(type: number, pid: number, line: string, user: string, host: string, sec: number, addr?: number[]): Buffer {
  const b = Buffer.alloc(UTMP_SIZE);
  b.writeInt16LE(type, 0);
  b.writeInt32LE(pid, 4);
  b.write(line, 8, 32, 'utf8');
  b.write(line.replace(/^(pts\/|tty)/, ''), 40, 4, 'utf8');
  b.write(user, 44, 32, 'utf8');
  b.write(host, 76, 256, 'utf8');
  b.writeInt32LE(sec, 340);
  b.writeInt32LE(123456, 344);
  if (addr) for (let i = 0; i < addr.length; i++) b[348 + i] = addr[i] as number;
  return b;
}

const T = Date.UTC(2026, 11, 4, 20, 5, 0) / 1000;

describe('utmp (wtmp, btmp)', () => {
  it("reads the recording's real btmp: 19 failed SSH logins from the attacker, host from the folder", () => {
    const buf = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/utmp/webshop-alpha-btmp'));
    expect(sniffed(buf)).toBe('utmp');
    const r = parseWithSplits(() => utmpFormat.createParser({ ...ctx, path: 'alpha/var/log/btmp' }), buf, { maxChunk: 400, randomRuns: 10 });
    expect(r.invalid).toEqual([]);
    expect(r.records).toHaveLength(19);
    expect(new Set(r.records.map((x) => `${x.kind} ${x.userName} ${x.srcIp} ${x.hostName} ${x.argv?.[0]}`))).toEqual(
      new Set(['login_failed_record webadmin 203.0.113.66 alpha ssh:notty']),
    );
    expect(r.records[0]?.tsMs).toBe(1796414513000);
  });

  it('wtmp: boot, login with the address from ut_addr_v6, logout; getty slots are skipped', () => {
    const buf = Buffer.concat([
      utmp(2, 0, '~', 'reboot', '6.1.0-28-amd64', T),
      utmp(6, 512, 'tty1', 'LOGIN', '', T + 1).fill(0, 44, 76),
      utmp(7, 4242, 'pts/0', 'ops', '10.20.30.30', T + 60, [10, 20, 30, 30]),
      utmp(7, 4243, 'pts/1', 'eve', 'attacker.example', T + 70, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
      utmp(8, 4242, 'pts/0', '', '', T + 120),
    ]);
    expect(sniffed(buf)).toBe('utmp');
    const r = parseWithSplits(() => utmpFormat.createParser(ctx), buf, { maxChunk: 400, randomRuns: 10 });
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.lineNo, x.kind, x.result, x.userName, x.srcIp])).toEqual([
      [1, 'syslog', 'boot', undefined, undefined],
      [3, 'login_record', 'login', 'ops', '10.20.30.30'],
      [4, 'login_record', 'login', 'eve', '2001:db8::1'],
      [5, 'login_record', 'logout', undefined, undefined],
    ]);
    expect(r.records[1]?.tsMs).toBe((T + 60) * 1000 + 123);
  });

  it('a damaged record and a cut-off tail are located problems with their byte offsets', () => {
    const bad = utmp(7, 1, 'pts/0', 'x', 'y', T);
    bad.writeInt16LE(77, 0);
    const buf = Buffer.concat([utmp(7, 1, 'pts/0', 'ops', '', T), bad, utmp(7, 2, 'pts/1', 'ops', '', T), Buffer.alloc(100, 1)]);
    const r = parseAll(utmpFormat.createParser(ctx), buf);
    expect(r.records).toHaveLength(2);
    expect(r.invalid).toEqual([
      { offset: 384, reason: 'utmp record 2 (byte 384): ut_type 77 is not 0–9' },
      { offset: 1152, reason: '100 trailing bytes are not a whole 384-byte utmp record' },
    ]);
  });

  it('text, other binaries and an empty file are not utmp', () => {
    expect(utmpFormat.sniff(Buffer.from('Mar  7 14:02:11 web01 sshd[812]: x\n'.repeat(20)))).toBe(0);
    expect(utmpFormat.sniff(Buffer.alloc(0))).toBe(0);
    expect(utmpFormat.sniff(Buffer.alloc(UTMP_SIZE * 3, 0xff))).toBe(0);
  });
});

describe('lastlog', () => {
  it('one slot per uid: the set ones become records with their uid', () => {
    const slot = (sec: number, line: string, host: string) => {
      const b = Buffer.alloc(LASTLOG_SIZE);
      b.writeInt32LE(sec, 0);
      b.write(line, 4, 32);
      b.write(host, 36, 256);
      return b;
    };
    const buf = Buffer.concat([
      slot(T, 'pts/0', '10.20.30.30'),
      ...Array.from({ length: 999 }, () => Buffer.alloc(LASTLOG_SIZE)),
      slot(T + 5, 'pts/1', '203.0.113.66'),
    ]);
    expect(sniffed(buf)).toBe('lastlog');
    const r = parseWithSplits(() => lastlogFormat.createParser(ctx), buf, { maxChunk: 300, randomRuns: 5 });
    expect(r.invalid).toEqual([]);
    expect(r.records.map((x) => [x.kind, x.uid, x.srcIp, x.hostName])).toEqual([
      ['lastlog', 0, '10.20.30.30', 'alpha'],
      ['lastlog', 1000, '203.0.113.66', 'alpha'],
    ]);
  });
});
