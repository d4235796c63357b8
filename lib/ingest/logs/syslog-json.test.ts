import { describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import type { LogRecord } from '../../records/records';
import { SNIFF_BYTES } from '../format';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';
import { epochToMs, jsonSyslogFormat } from './syslog-json';
import { createSyslogParser } from './syslog-parser';

const sniffed = (buf: Buffer) => sniffFormat(buf.subarray(0, SNIFF_BYTES), allFormats).format?.id;
const ctx = { path: 'gamma/var/log/auth.log', timeZone: 'UTC', hostHint: 'gamma', mtimeMs: Date.UTC(2026, 11, 5) };

// The same five events as RFC 3164 text …
const TEXT = `Dec  4 20:01:50 gamma sshd[9769]: Failed password for webadmin from 203.0.113.66 port 40000 ssh2
Dec  4 20:02:10 gamma sshd[9801]: Accepted password for webadmin from 203.0.113.66 port 40100 ssh2
Dec  4 20:02:30 gamma sudo:  webadmin : TTY=pts/0 ; PWD=/home/webadmin ; USER=root ; COMMAND=/bin/cat /etc/shadow
Dec  4 20:03:00 gamma CRON[1201]: (root) CMD (/usr/local/bin/backup.sh)
Dec  4 20:03:05 gamma useradd[1300]: new user: name=backdoor, UID=1001, GID=1001, home=/home/backdoor, shell=/bin/bash, from=/dev/pts/0
`;

const events: [string, string, number | undefined, string][] = [
  ['2026-12-04T20:01:50Z', 'sshd', 9769, 'Failed password for webadmin from 203.0.113.66 port 40000 ssh2'],
  ['2026-12-04T20:02:10Z', 'sshd', 9801, 'Accepted password for webadmin from 203.0.113.66 port 40100 ssh2'],
  ['2026-12-04T20:02:30Z', 'sudo', undefined, ' webadmin : TTY=pts/0 ; PWD=/home/webadmin ; USER=root ; COMMAND=/bin/cat /etc/shadow'],
  ['2026-12-04T20:03:00Z', 'CRON', 1201, '(root) CMD (/usr/local/bin/backup.sh)'],
  ['2026-12-04T20:03:05Z', 'useradd', 1300, 'new user: name=backdoor, UID=1001, GID=1001, home=/home/backdoor, shell=/bin/bash, from=/dev/pts/0'],
];
const iso = (t: string) => t;
const epochMs = (t: string) => Date.parse(t);

// … and as each shipper writes them.
const SHIPPERS: Record<string, (t: string, prog: string, pid: number | undefined, msg: string) => object> = {
  'rsyslog template': (t, p, pid, m) => ({ timestamp: iso(t), host: 'gamma', program: p, pid: pid === undefined ? '' : String(pid), msg: m }),
  'rsyslog jsonmesg': (t, p, pid, m) => ({
    msg: ` ${m}`,
    rawmsg: 'x',
    timereported: t,
    hostname: 'gamma',
    syslogtag: pid === undefined ? `${p}:` : `${p}[${pid}]:`,
    programname: p,
    procid: pid === undefined ? '-' : String(pid),
  }),
  'syslog-ng format-json': (t, p, pid, m) => ({
    ISODATE: t.replace('Z', '+00:00'),
    HOST: 'gamma',
    PROGRAM: p,
    ...(pid === undefined ? {} : { PID: String(pid) }),
    MESSAGE: m,
  }),
  'Fluent Bit (BSD time)': (t, p, pid, m) => {
    const d = new Date(t);
    const time = `Dec ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
    return { time, host: 'gamma', ident: p, ...(pid === undefined ? {} : { pid: String(pid) }), message: m };
  },
  'Vector (epoch ms)': (t, p, pid, m) => ({ timestamp: epochMs(t), hostname: 'gamma', appname: p, ...(pid === undefined ? {} : { procid: pid }), message: m }),
  'GELF (epoch s)': (t, p, pid, m) => ({
    version: '1.1',
    host: 'gamma',
    short_message: m,
    timestamp: epochMs(t) / 1000,
    level: 6,
    _program: p,
    ...(pid === undefined ? {} : { _pid: pid }),
  }),
  'Elastic ECS': (t, p, pid, m) => ({
    '@timestamp': t,
    host: { name: 'gamma' },
    process: { name: p, ...(pid === undefined ? {} : { pid }) },
    message: m,
    log: { file: { path: '/var/log/auth.log' } },
  }),
};

const essence = (r: LogRecord) => ({ ...r, lineNo: undefined, raw: undefined, hostFrom: undefined });

describe('syslog as JSON lines', () => {
  const text = parseAll(createSyslogParser(ctx), Buffer.from(TEXT));
  it('the text reference parses into typed events', () => {
    expect(text.invalid).toEqual([]);
    expect(text.records.map((r) => r.kind)).toEqual(['ssh_failed', 'ssh_accepted', 'sudo', 'cron_run', 'user_add']);
  });

  it.each(Object.entries(SHIPPERS))('%s gives the same records as RFC 3164 text', (_name, ship) => {
    const json = `${events.map(([t, p, pid, m]) => JSON.stringify(ship(t, p, pid, m))).join('\n')}\n`;
    const buf = Buffer.from(json);
    expect(sniffed(buf)).toBe('syslog-json');
    const r = parseWithSplits(() => jsonSyslogFormat.createParser(ctx), buf, { maxChunk: 40, randomRuns: 5 });
    expect(r.invalid).toEqual([]);
    expect(r.records.map(essence)).toEqual(text.records.map(essence));
    expect(r.records.every((x) => x.hostFrom === 'record')).toBe(true);
  });

  it('without a host field the folder names the host; a damaged line is located', () => {
    const json = `{"timestamp":"2026-12-04T20:01:50Z","program":"sshd","pid":1,"msg":"Failed password for root from 203.0.113.66 port 1 ssh2"}
{"timestamp":"2026-12-04T20:01:5
{"timestamp":"yesterday","program":"sshd","msg":"x"}
`;
    const r = parseAll(jsonSyslogFormat.createParser(ctx), Buffer.from(json));
    expect(r.records.map((x) => [x.hostName, x.hostFrom, x.kind])).toEqual([['gamma', 'bundle-folder', 'ssh_failed']]);
    expect(r.invalid.map((i) => i.line)).toEqual([2, 3]);
  });

  it('epoch units by magnitude', () => {
    const ms = Date.UTC(2026, 11, 4, 20, 1, 50, 123);
    expect([epochToMs(ms / 1000), epochToMs(ms), epochToMs(ms * 1000), epochToMs(ms * 1e6)]).toEqual([ms, ms, ms, ms]);
  });

  it('other JSON formats stay theirs', () => {
    expect(sniffed(Buffer.from('{"__REALTIME_TIMESTAMP":"1700000000000000","MESSAGE":"x","_HOSTNAME":"h","SYSLOG_IDENTIFIER":"sshd"}\n'))).toBe(
      'journald-json',
    );
    expect(jsonSyslogFormat.sniff(Buffer.from('{"ts":1591367999.305988,"uid":"C5bLoe2Mvxqhawzqqd","id.orig_h":"192.168.4.76"}\n'))).toBe(0);
  });
});
