import { describe, expect, test } from 'vitest';
import { activityTitle, decodeAuditLine, formatDuration, visibleControls } from './activity-text';

describe('activityTitle', () => {
  test('password guessing reads as a sentence', () => {
    expect(
      activityTitle({
        stage: 'delivery',
        technique: 'T1110.001',
        host: 'web01',
        hostIps: ['10.0.0.5'],
        peer: '192.0.2.9',
        start: '2026-03-07T14:00:00Z',
        end: '2026-03-07T14:02:00Z',
        summary: '36 failed SSH logins from 192.0.2.9 (3 user names, peak 20 in 60 s)',
      }),
    ).toBe('Password guessing against SSH on web01 from 192.0.2.9, 36 attempts in 2 min');
  });

  test('outbound stages go to the peer; no count without one in the summary; address when no name', () => {
    expect(
      activityTitle({
        stage: 'c2',
        technique: 'T1071',
        host: null,
        hostIps: ['10.0.0.7'],
        peer: '203.0.113.5',
        start: '2026-03-07T14:00:00Z',
        end: '2026-03-07T18:00:00Z',
        summary: 'Outbound connection on mail01: /usr/bin/bash',
      }),
    ).toBe('Command-and-control traffic on 10.0.0.7 to 203.0.113.5');
  });

  test.each([
    [40_000, '40 s'],
    [120_000, '2 min'],
    [3 * 3600_000, '3 h'],
  ])('%i ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('raw text', () => {
  test('control characters become visible escapes', () => {
    expect(visibleControls('uid=0\x1dAUID="root"\x07')).toBe('uid=0\\x1dAUID="root"\\x07');
    expect(visibleControls('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });

  test('proctitle and EXECVE arguments are decoded, SYSCALL registers are not', () => {
    // "curl -s http://x" with NUL separators, as auditd writes it
    const hex = Buffer.from('curl\0-s\0http://x').toString('hex').toUpperCase();
    expect(decodeAuditLine(`type=PROCTITLE msg=audit(1.0:1): proctitle=${hex}`)).toBe('type=PROCTITLE msg=audit(1.0:1): proctitle="curl -s http://x"');
    const arg = Buffer.from('a b').toString('hex');
    expect(decodeAuditLine(`type=EXECVE msg=audit(1.0:1): argc=2 a0="echo" a1=${arg}`)).toBe('type=EXECVE msg=audit(1.0:1): argc=2 a0="echo" a1="a b"');
    // One event of several records in one line: only the EXECVE record's arguments are text.
    expect(decodeAuditLine(`type=SYSCALL msg=audit(1.0:1): syscall=59 a0=55d4 a1=7ffd type=EXECVE msg=audit(1.0:1): argc=1 a0=${arg}`)).toBe(
      'type=SYSCALL msg=audit(1.0:1): syscall=59 a0=55d4 a1=7ffd type=EXECVE msg=audit(1.0:1): argc=1 a0="a b"',
    );
  });
});
