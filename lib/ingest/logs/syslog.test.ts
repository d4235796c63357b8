import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import type { ParseContext } from '../types';
import { newSyslogHeader, parseSyslogLine } from './syslog';
import { createSyslogClock } from './syslog-clock';
import { createSyslogParser } from './syslog-parser';

const ctx: ParseContext = { path: 'auth.log', timeZone: 'UTC', mtimeMs: Date.UTC(2024, 5, 30, 12) };

function header(line: string, context: ParseContext = ctx) {
  const out = newSyslogHeader();
  const reason = parseSyslogLine(line, createSyslogClock(context), out);
  return reason ?? { ...out, ts: new Date(out.tsMs).toISOString() };
}

describe('parseSyslogLine', () => {
  it.each([
    // RFC 3164: space-padded day, tags with pid, PAM suffix, spaces, none
    ['Mar  7 14:02:11 web01 sshd[812]: Accepted', '2024-03-07T14:02:11.000Z', 'web01', 'sshd', 812, 'Accepted'],
    ['Mar 17 14:02:11 web01 sshd(pam_unix)[19939]: check pass', '2024-03-17T14:02:11.000Z', 'web01', 'sshd(pam_unix)', 19939, 'check pass'],
    ['Jun 19 04:09:11 combo syslogd 1.4.1: restart.', '2024-06-19T04:09:11.000Z', 'combo', 'syslogd 1.4.1', undefined, 'restart.'],
    ['Jun  7 08:06:15 combo  -- root[2421]: ROOT LOGIN ON tty2', '2024-06-07T08:06:15.000Z', 'combo', '-- root', 2421, 'ROOT LOGIN ON tty2'],
    ['Feb 21 23:35:33 localhost sudo: vagrant : TTY=pts/0', '2024-02-21T23:35:33.000Z', 'localhost', 'sudo', undefined, 'vagrant : TTY=pts/0'],
    ['Feb 24 00:13:02 precise32 sudo:      tsg : user NOT', '2024-02-24T00:13:02.000Z', 'precise32', 'sudo', undefined, '     tsg : user NOT'],
    ['Mar 7 14:02:11 web01 kernel: [ 12.5] eth0: up', '2024-03-07T14:02:11.000Z', 'web01', 'kernel', undefined, '[ 12.5] eth0: up'],
    ['<38>Mar  7 14:02:11 web01 login[5]:', '2024-03-07T14:02:11.000Z', 'web01', 'login', 5, ''],
    ['Mar  7 14:02:11.123456 web01 app: x', '2024-03-07T14:02:11.123Z', 'web01', 'app', undefined, 'x'],
    // No host in the line: the first word is already the tag.
    ['Mar  7 14:02:11 sshd[812]: hello', '2024-03-07T14:02:11.000Z', undefined, 'sshd', 812, 'hello'],
    ['Mar  7 14:02:11 web01 last message repeated 3 times', '2024-03-07T14:02:11.000Z', 'web01', undefined, undefined, 'last message repeated 3 times'],
    // rsyslog high precision (beats timestamp.log / tz-offset.log)
    [
      '2019-06-14T13:01:15.412+01:30 localhost pam: user nobody logged out.',
      '2019-06-14T11:31:15.412Z',
      'localhost',
      'pam',
      undefined,
      'user nobody logged out.',
    ],
    ['1986-04-26T01:23:45.101+0400 rmbkmonitor04 shutdown[2649]: halt', '1986-04-25T21:23:45.101Z', 'rmbkmonitor04', 'shutdown', 2649, 'halt'],
    ['1986-04-26T01:23:45.388424+04:00 rmbk thermald: x', '1986-04-25T21:23:45.388Z', 'rmbk', 'thermald', undefined, 'x'],
    ['2019-06-14T10:40:20.912134 localhost sudo: x', '2019-06-14T10:40:20.912Z', 'localhost', 'sudo', undefined, 'x'],
    ['2019-06-14T10:40:20Z h cron[1]: x', '2019-06-14T10:40:20.000Z', 'h', 'cron', 1, 'x'],
    ['2019-06-14T10:40:20-05 h app: x', '2019-06-14T15:40:20.000Z', 'h', 'app', undefined, 'x'],
    // RFC 5424 (the RFC's own examples), with and without PRI
    [
      "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - BOM'su root' failed for lonvick on /dev/pts/8",
      '2003-10-11T22:14:15.003Z',
      'mymachine.example.com',
      'su',
      undefined,
      "BOM'su root' failed for lonvick on /dev/pts/8",
    ],
    [
      '<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% Its time to make the do-nuts.',
      '2003-08-24T12:14:15.000Z',
      '192.0.2.1',
      'myproc',
      8710,
      '%% Its time to make the do-nuts.',
    ],
    [
      '<165>1 2003-10-11T22:14:15.003Z host evntslog - ID47 [exampleSDID@32473 iut="3" eventID="10]11"][x@1 a="\\"]"] An application event',
      '2003-10-11T22:14:15.003Z',
      'host',
      'evntslog',
      undefined,
      'An application event',
    ],
    ['1 2003-10-11T22:14:15.003Z host app 42 - -', '2003-10-11T22:14:15.003Z', 'host', 'app', 42, ''],
    ['<1>1 2003-10-11T22:14:15.003Z - - - - - \uFEFFmsg', '2003-10-11T22:14:15.003Z', undefined, undefined, undefined, 'msg'],
  ])('%s', (line, ts, hostName, program, pid, message) => {
    expect(header(line)).toMatchObject({ ts, hostName, program, pid, message });
  });

  it.each([
    ['', 'no syslog timestamp'],
    ['hello world', 'no syslog timestamp'],
    ['Foo  7 14:02:11 web01 x: y', 'no syslog timestamp'],
    ['Mar 32 14:02:11 web01 x: y', 'no syslog timestamp'],
    ['Mar  7 24:02:11 web01 x: y', 'no syslog timestamp'],
    ['2019-13-14T10:40:20 h x: y', 'no syslog timestamp'],
    ['ts,te,td,sa,da,sp,dp,pr', 'no syslog timestamp'],
    ['2024-03-07 14:02:11,2024-03-07 14:02:12,1.0,10.0.0.1', 'no space after'],
    ['type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e', 'no syslog timestamp'],
    ['<34>1 - host app - - - msg', 'RFC 5424 line without a timestamp'],
    ['<34>1 2003-10-11T22:14:15.003Z host app - - [unterminated', 'unterminated structured data'],
  ])('rejects %j', (line, reason) => {
    expect(header(line)).toContain(reason);
  });
});

describe('year inference (RFC 3164 has no year)', () => {
  const mtime = (iso: string): ParseContext => ({ ...ctx, mtimeMs: Date.parse(iso) });

  it.each([
    ['Dec 31 23:59:59 h a: x', '2024-01-02T00:00:00Z', '2023-12-31T23:59:59.000Z'],
    ['Jan  1 00:00:01 h a: x', '2024-01-02T00:00:00Z', '2024-01-01T00:00:01.000Z'],
    ['Jun 30 10:00:00 h a: x', '2024-06-30T12:00:00Z', '2024-06-30T10:00:00.000Z'],
    ['Jul  1 10:00:00 h a: x', '2024-06-30T12:00:00Z', '2023-07-01T10:00:00.000Z'],
    ['Feb 29 10:00:00 h a: x', '2024-03-01T00:00:00Z', '2024-02-29T10:00:00.000Z'],
  ])('%s with mtime %s → %s', (line, mtimeIso, expected) => {
    expect(header(line, mtime(mtimeIso))).toMatchObject({ ts: expected });
  });

  it('takes the mtime month in the file zone: 00:30 on Jan 1 in Berlin is still December in UTC', () => {
    const zoned: ParseContext = { path: 'x', timeZone: 'Europe/Berlin', mtimeMs: Date.parse('2023-12-31T23:30:00Z') };
    expect(header('Dec 31 23:00:00 h a: x', zoned)).toMatchObject({ ts: '2023-12-31T22:00:00.000Z' });
  });

  it('rolls over at New Year inside one file and says so', () => {
    const buf = Buffer.from('Dec 31 23:59:58 h a: x\nJan  1 00:00:02 h a: y\n');
    const out = parseAll(createSyslogParser(mtime('2024-01-01T08:00:00Z')), buf);
    expect(out.records.map((r) => new Date(r.tsMs).toISOString())).toEqual(['2023-12-31T23:59:58.000Z', '2024-01-01T00:00:02.000Z']);
    expect(out.notes).toContain("year not in timestamps; inferred from the file's modification time (2024-01), months after it read as 2023");
  });

  it('uses the current year without an mtime, and notes it', () => {
    const out = parseAll(createSyslogParser({ path: 'x', timeZone: 'UTC' }), Buffer.from('Jan  1 00:00:00 h a: x\n'));
    expect(new Date(out.records[0]?.tsMs ?? 0).getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() - 1);
    expect(out.notes.join()).toMatch(/no file modification time; assumed \d{4}/);
  });
});

describe('zones', () => {
  it('reads zone-less times in the chosen zone across a DST change', () => {
    const berlin: ParseContext = { path: 'x', timeZone: 'Europe/Berlin', mtimeMs: Date.parse('2024-12-01T00:00:00Z') };
    const buf = Buffer.from(
      [
        'Mar 31 01:59:59 h a: x',
        'Mar 31 03:00:00 h a: x',
        'Oct 27 02:30:00 h a: x',
        'Oct 27 03:00:00 h a: x',
        '2024-07-01T12:00:00 h a: x',
        '2024-07-01T12:00:00Z h a: x',
      ].join('\n'),
    );
    const out = parseAll(createSyslogParser(berlin), buf);
    expect(out.records.map((r) => new Date(r.tsMs).toISOString())).toEqual([
      '2024-03-31T00:59:59.000Z',
      '2024-03-31T01:00:00.000Z',
      '2024-10-27T00:30:00.000Z',
      '2024-10-27T02:00:00.000Z',
      '2024-07-01T10:00:00.000Z',
      '2024-07-01T12:00:00.000Z',
    ]);
    expect(out.notes).toContain('timestamps without a zone read as Europe/Berlin');
  });

  it('falls back to UTC for an unknown zone, with a note', () => {
    const out = parseAll(createSyslogParser({ ...ctx, timeZone: 'Mars/Olympus' }), Buffer.from('Mar  7 14:02:11 h a: x\n'));
    expect(new Date(out.records[0]?.tsMs ?? 0).toISOString()).toBe('2024-03-07T14:02:11.000Z');
    expect(out.notes[0]).toBe('unknown time zone "Mars/Olympus"; zone-less timestamps read as UTC');
  });
});

describe('createSyslogParser', () => {
  it('uses the folder host only for lines without one, and notes it', () => {
    const out = parseAll(createSyslogParser({ ...ctx, hostHint: 'web01' }), Buffer.from('Mar  7 14:02:11 db02 a: x\nMar  7 14:02:11 sshd[1]: y\n'));
    expect(out.records.map((r) => r.hostName)).toEqual(['db02', 'web01']);
    expect(out.notes).toContain('lines without a host name attributed to "web01" (from the folder name)');
  });

  it('turns binary garbage into located issues, never an exception, at any split', () => {
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256));
    const buf = Buffer.concat([Buffer.from('Mar  7 14:02:11 h a: ok\n'), garbage, Buffer.from('\nMar  7 14:02:12 h a: \xff still here\n', 'latin1')]);
    const out = parseWithSplits(() => createSyslogParser(ctx), buf, { maxChunk: 40 });
    expect(out.records.map((r) => r.lineNo)).toEqual([1, out.records.at(-1)?.lineNo]);
    expect(out.records.at(-1)?.raw).toBe('Mar  7 14:02:12 h a: \\xff still here');
    expect(out.invalid.length).toBeGreaterThan(0);
    expect(out.invalid.every((i) => typeof i.line === 'number' && i.line > 1)).toBe(true);
    expect(out.invalid.some((i) => i.reason.includes('binary data?'))).toBe(true);
  });

  it('keeps a line over 1 MB, cut, and counts it', () => {
    const buf = Buffer.from(`Mar  7 14:02:11 h app: ${'A'.repeat(2 * 1024 * 1024)}\nMar  7 14:02:12 h app: next\n`);
    const out = parseAll(createSyslogParser(ctx), buf, 64 * 1024);
    expect(out.records).toHaveLength(2);
    expect(Buffer.byteLength(out.records[0]?.raw ?? '')).toBe(1024 * 1024);
    expect(out.invalid).toEqual([{ line: 1, reason: 'line longer than 1048576 bytes; cut to that length' }]);
  });
});
