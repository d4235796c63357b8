import { describe, expect, it } from 'vitest';
import { parseWithSplits } from '../../../test/kits/chunk-parser';
import type { ParseContext } from '../types';
import { createJournaldParser, journalFieldText, sniffJournald } from './journald';

const ctx: ParseContext = { path: 'journal.json', timeZone: 'Europe/Berlin', hostHint: 'folder-host' };

// Shaped like `journalctl -o json` output (field set and encodings per systemd's JSON format).
const base = {
  __CURSOR: 's=1b2c;i=1a;b=9f;m=12;t=5f;x=aa',
  __MONOTONIC_TIMESTAMP: '12345678',
  _BOOT_ID: '9f0c',
  PRIORITY: '6',
  _UID: '0',
  _GID: '0',
  _MACHINE_ID: 'ab12',
};
const entries = [
  {
    ...base,
    __REALTIME_TIMESTAMP: '1700000000123456',
    _TRANSPORT: 'syslog',
    SYSLOG_FACILITY: '10',
    SYSLOG_IDENTIFIER: 'sshd',
    SYSLOG_PID: '812',
    _PID: '812',
    _COMM: 'sshd',
    _EXE: '/usr/sbin/sshd',
    _HOSTNAME: 'web01',
    MESSAGE: 'Failed password for invalid user admin from 203.0.113.9 port 50022 ssh2',
  },
  {
    ...base,
    __REALTIME_TIMESTAMP: '1700000001000000',
    _TRANSPORT: 'kernel',
    _HOSTNAME: 'web01',
    MESSAGE: '[UFW BLOCK] IN=eth0 OUT= MAC=00:11 SRC=198.51.100.7 DST=10.0.0.5 LEN=44 PROTO=TCP SPT=61000 DPT=23 WINDOW=1024 SYN URGP=0',
  },
  {
    ...base,
    __REALTIME_TIMESTAMP: '1700000002000999',
    _TRANSPORT: 'stdout',
    _COMM: 'sudo',
    _PID: '901',
    _HOSTNAME: 'web01',
    SYSLOG_IDENTIFIER: 'sudo',
    // Non-UTF-8 byte (0xff) in the command: journalctl writes the message as a byte array.
    MESSAGE: [...Buffer.from('bob : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/cat x'), 0xff],
  },
  {
    ...base,
    __REALTIME_TIMESTAMP: '1700000003000000',
    _TRANSPORT: 'journal',
    SYSLOG_IDENTIFIER: 'systemd',
    _PID: '1',
    MESSAGE: 'Started backdoor.service - Totally normal service.',
  },
  { ...base, __REALTIME_TIMESTAMP: '1700000004000000', SYSLOG_IDENTIFIER: 'app', MESSAGE: null, _HOSTNAME: 'web01' },
];

const file = Buffer.from(`${entries.map((e) => JSON.stringify(e)).join('\n')}\n{"MESSAGE":"no time"}\nnot json at all\n{"__REALTIME_TIMESTAMP":"17000`);

describe('journald JSON', () => {
  const out = parseWithSplits(() => createJournaldParser(ctx), file, { maxChunk: 50 });

  it('maps journal fields and extracts typed events from MESSAGE', () => {
    expect(out.records.map(({ raw, ...r }) => r)).toEqual([
      {
        lineNo: 1,
        tsMs: 1700000000123,
        hostName: 'web01',
        program: 'sshd',
        pid: 812,
        exe: '/usr/sbin/sshd',
        kind: 'ssh_failed',
        userName: 'admin',
        srcIp: '203.0.113.9',
        srcPort: 50022,
        result: 'invalid_user',
      },
      {
        lineNo: 2,
        tsMs: 1700000001000,
        hostName: 'web01',
        program: 'kernel',
        pid: undefined,
        kind: 'firewall_drop',
        srcIp: '198.51.100.7',
        dstIp: '10.0.0.5',
        srcPort: 61000,
        dstPort: 23,
        result: 'UFW BLOCK TCP',
      },
      {
        lineNo: 3,
        tsMs: 1700000002000,
        hostName: 'web01',
        program: 'sudo',
        pid: 901,
        kind: 'sudo',
        userName: 'bob',
        cwd: '/tmp',
        euid: 0,
        result: 'USER=root',
        argv: ['/bin/cat', 'x\\xff'],
        exe: '/bin/cat',
      },
      { lineNo: 4, tsMs: 1700000003000, hostName: 'folder-host', program: 'systemd', pid: 1, kind: 'service_start', result: 'unit=backdoor.service' },
      { lineNo: 5, tsMs: 1700000004000, hostName: 'web01', program: 'app', pid: undefined, kind: 'syslog' },
    ]);
    expect(out.records[0]?.raw).toBe(JSON.stringify(entries[0]));
  });

  it('reports lines that are not journal entries, by line', () => {
    expect(out.invalid.map((i) => [i.line, i.reason.split(':')[0]])).toEqual([
      [6, 'journal entry without __REALTIME_TIMESTAMP'],
      [7, 'not a JSON journal entry'],
      [8, 'not a JSON journal entry'],
    ]);
    expect(out.notes).toEqual(['entries without _HOSTNAME attributed to "folder-host" (from the folder name)']);
  });

  it.each([
    ['text', 'text'],
    [[104, 105], 'hi'],
    [[[['a']], 'b'], undefined],
    [[104, 'x'], 'h?'],
    [['first', 'second'], 'first'],
    [[[104], [105]], 'h'],
    [null, undefined],
    [42, undefined],
  ])('field %j → %j', (value, text) => {
    expect(journalFieldText(value)).toBe(text);
  });

  it('sniffs journal exports only', () => {
    expect(sniffJournald(file)).toBe(0.95);
    expect(sniffJournald(Buffer.from('{"ts":1591367999.305988,"uid":"C5bLoe2Mvxqhawzqqd","id.orig_h":"192.168.4.76"}\n'))).toBe(0);
    expect(sniffJournald(Buffer.from('Mar  7 14:02:11 web01 sshd[812]: x\n'))).toBe(0);
  });
});
