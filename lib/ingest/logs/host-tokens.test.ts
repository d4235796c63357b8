import { describe, expect, it } from 'vitest';
import { parseAll } from '../../../test/kits/chunk-parser';
import { notAHostName } from './host-tokens';
import { newSyslogHeader, parseSyslogLine } from './syslog';
import { createSyslogClock } from './syslog-clock';
import { createSyslogParser } from './syslog-parser';

const clock = createSyslogClock({ path: '', timeZone: 'UTC', mtimeMs: Date.UTC(2026, 11, 31) });
const hostOf = (line: string) => {
  const h = newSyslogHeader();
  expect(parseSyslogLine(line, clock, h)).toBeNull();
  return h.hostName;
};

describe('host name guard (issue 14 §2)', () => {
  it.each([
    ['UTC', 'a time zone'],
    ['CEST', 'a time zone'],
    ['+0100', 'a time zone'],
    ['-05:00', 'a time zone'],
    ['Mar', 'a month name'],
    ['December', 'a month name'],
    ['ERROR', 'a log level'],
    ['<info>', 'a log level'],
    ['[warn]', 'a log level'],
    ['sshd[812]:', 'a process tag'],
    ['sshd[812]', 'a process tag'],
    ['kernel:', 'a process tag'],
    ['10.0.0.5:22', 'an address with a port'],
    ['[2001:db8::1]:443', 'an address with a port'],
  ])('%s is %s', (token, why) => {
    expect(notAHostName(token)).toBe(why);
  });

  // Contradicting cases: look-alikes that are real host names.
  it.each(['web01', 'utc-db01', 'mars', 'error-reporting', 'db.example.org', '10.0.0.5', '2001:db8::1', 'host-1700', 'UTC1', 'log01'])(
    '%s stays a host name',
    (token) => {
      expect(notAHostName(token)).toBeUndefined();
    },
  );

  it('syslog headers: the guard applies, real hosts stay', () => {
    expect(hostOf('2026-03-07 14:01:00.123 UTC [4242] LOG:  connection received: host=10.0.0.1 port=1')).toBeUndefined();
    expect(hostOf('Mar  7 14:02:11 sshd[812]: Accepted password for bob from 10.0.0.1 port 1 ssh2')).toBeUndefined();
    expect(hostOf('2026-03-07T14:02:11Z ERROR app: x')).toBeUndefined();
    expect(hostOf('2026-03-07T14:02:11Z 10.0.0.5:514 app: x')).toBeUndefined();
    expect(hostOf('2026-03-07T14:02:11Z Mar app: x')).toBeUndefined();
    expect(hostOf('Mar  7 14:02:11 web01 sshd[812]: Accepted password for bob from 10.0.0.1 port 1 ssh2')).toBe('web01');
    expect(hostOf('2026-03-07T14:02:11Z 10.0.0.5 app: x')).toBe('10.0.0.5');
    expect(hostOf('2026-03-07T14:02:11Z utc-db01 app: x')).toBe('utc-db01');
  });

  it('records say where their host name came from', () => {
    const text = 'Mar  7 14:02:11 web01 sshd[812]: a\nMar  7 14:02:12 sshd[813]: b\n2026-03-07 14:01:00.123 UTC [4242] LOG:  c\n';
    const r = parseAll(createSyslogParser({ path: 'alpha/var/log/x', timeZone: 'UTC', hostHint: 'alpha', mtimeMs: Date.UTC(2026, 11, 31) }), Buffer.from(text));
    expect(r.records.map((x) => [x.hostName, x.hostFrom])).toEqual([
      ['web01', 'syslog-header'],
      ['alpha', 'bundle-folder'],
      ['alpha', 'bundle-folder'],
    ]);
  });
});
