import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../records/records';
import { logProblem } from './storable';

const ok: LogRecord = {
  lineNo: 3,
  tsMs: Date.UTC(2026, 0, 1),
  hostName: 'web01',
  program: 'audit',
  pid: 10,
  ppid: 1,
  kind: 'exec',
  userName: 'root',
  uid: 0,
  euid: 0,
  auid: 1000,
  exe: '/usr/bin/curl',
  argv: ['curl', 'http://x'],
  cwd: '/tmp',
  paths: ['/usr/bin/curl'],
  srcIp: '10.0.0.1',
  srcPort: 40000,
  dstIp: '2001:db8::1',
  dstPort: 443,
  result: 'success',
  raw: 'type=SYSCALL …\nraw may hold \0 (escaped on the way to COPY)',
};

describe('logProblem: what the log_event columns accept', () => {
  it('accepts a complete record and one with only the required fields', () => {
    expect(logProblem(ok)).toBeUndefined();
    expect(logProblem({ lineNo: 1, tsMs: 0, kind: 'syslog', raw: '' })).toBeUndefined();
  });

  it('names the first field a column would refuse', () => {
    const cases: [Partial<LogRecord>, string][] = [
      [{ lineNo: 0 }, 'line number out of range'],
      [{ tsMs: 253_402_300_800_000 }, 'time out of range'],
      [{ raw: undefined as unknown as string }, 'event kind or text missing'],
      [{ pid: 2 ** 31 }, 'pid out of range'],
      [{ ppid: 1.5 }, 'ppid out of range'],
      [{ uid: -(2 ** 31) - 1 }, 'uid out of range'],
      [{ euid: Number.NaN }, 'euid out of range'],
      [{ auid: 2 ** 32 }, 'auid out of range'],
      [{ dstPort: 65536 }, 'port out of range'],
      [{ srcIp: 'fe80::1%eth0' }, 'address not valid'],
      [{ hostName: 'a\0b' }, 'NUL byte in hostName'],
      [{ program: '\0' }, 'NUL byte in program'],
      [{ userName: 'x\0' }, 'NUL byte in userName'],
      [{ exe: '/bin/\0' }, 'NUL byte in exe'],
      [{ cwd: '/\0' }, 'NUL byte in cwd'],
      [{ result: 'ok\0' }, 'NUL byte in result'],
      [{ argv: ['ok', 'a\0'] }, 'NUL byte in arguments or paths'],
      [{ paths: [7 as unknown as string] }, 'NUL byte in arguments or paths'],
      [{ pid: 2 ** 31, hostName: '\0' }, 'pid out of range'],
    ];
    for (const [change, reason] of cases) expect(logProblem({ ...ok, ...change }), reason).toBe(reason);
  });
});
