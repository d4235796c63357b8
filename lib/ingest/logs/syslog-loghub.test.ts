import fs from 'node:fs';
import { expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import type { LogRecord } from '../../records/records';
import { rfc3164Format } from './syslog-formats';

// loghub ships a per-line ground truth (`*_structured.csv`: header fields + event template id).
// Every line is compared with it, and each template id is mapped to the kind it must produce.
// docs/ANCHORS.md#quirks-syslog (item 5): the CSVs mislabel columns (the host sits in `Component` / `Level`).

function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') inQuotes = !inQuotes;
    else if (inQuotes || (c !== ',' && c !== '\n' && c !== '\r')) field += c;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const [header = [], ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function expectedMs(year: number, month: string, day: string, time: string): number {
  const [h, m, s] = time.split(':').map(Number);
  return Date.UTC(year, MONTHS.indexOf(month), Number(day), h ?? 0, m ?? 0, s ?? 0);
}

function countBy<T>(items: T[], key: (t: T) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    if (k !== undefined) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

const OPENSSH_KINDS: Record<string, LogRecord['kind']> = {
  E1: 'ssh_accepted',
  E2: 'ssh_preauth',
  E3: 'ssh_no_ident',
  E4: 'ssh_too_many_failures',
  E5: 'ssh_too_many_failures',
  E6: 'ssh_preauth',
  E7: 'ssh_preauth',
  E8: 'ssh_failed',
  E9: 'ssh_failed',
  E10: 'ssh_failed',
  E11: 'ssh_error',
  E13: 'ssh_invalid_user',
  E14: 'ssh_failed',
  E15: 'ssh_too_many_failures',
  E16: 'ssh_too_many_failures',
  E17: 'ssh_too_many_failures',
  E19: 'ssh_failed',
  E20: 'ssh_failed',
  E23: 'login',
  E24: 'ssh_preauth',
  E25: 'ssh_preauth',
  E27: 'ssh_break_in',
};

describeFixtures('loghub OpenSSH_2k (RFC 3164, host LabSZ)', () => {
  const file = fixture('logs/syslog/loghub/OpenSSH/OpenSSH_2k.log');
  const truth = readCsv(`${file}_structured.csv`);
  // File written on 2017-01-04: its "Dec 10" lines are from the year before.
  const ctx = { path: 'OpenSSH_2k.log', timeZone: 'UTC', mtimeMs: Date.UTC(2017, 0, 4, 12) };
  const result = parseAll(rfc3164Format.createParser(ctx), fs.readFileSync(file));

  it('reads every line, matching the ground truth field by field', () => {
    expect(result.invalid).toEqual([]);
    expect(result.records).toHaveLength(2000);
    expect(truth).toHaveLength(2000);
    result.records.forEach((rec, i) => {
      const t = truth[i] as Record<string, string>;
      expect(rec.lineNo).toBe(Number(t.LineId));
      expect(rec.hostName).toBe(t.Component);
      expect(rec.program).toBe('sshd');
      expect(rec.pid).toBe(Number(t.Pid));
      expect(rec.tsMs).toBe(expectedMs(2016, t.Date ?? '', t.Day ?? '', t.Time ?? ''));
      expect(rec.raw.trimEnd().endsWith(t.Content ?? '')).toBe(true);
      expect(`${t.EventId} ${rec.kind}`).toBe(`${t.EventId} ${OPENSSH_KINDS[t.EventId ?? ''] ?? 'syslog'}`);
    });
    expect(result.notes.join(' ')).toMatch(/inferred from the file's modification time \(2017-01\), months after it read as 2016/);
  });

  it('finds the brute force: 520 failed passwords, 27 sources after `from`, top 183.62.140.253', () => {
    const failedPassword = result.records.filter((r) => r.kind === 'ssh_failed' && r.raw.includes('Failed password'));
    expect(failedPassword).toHaveLength(520);
    expect(failedPassword.filter((r) => r.result === 'invalid_user')).toHaveLength(135);
    expect(failedPassword.every((r) => r.srcIp && r.srcPort && r.userName)).toBe(true);
    // The README's "27 source IPs" are the addresses after "from"; three more appear only in
    // `reverse mapping … [IP]` or `Connection closed by IP` lines, and the parser keeps those too.
    const sources = result.records.filter((r) => r.srcIp !== undefined);
    expect(new Set(sources.filter((r) => r.raw.includes(`from ${r.srcIp}`)).map((r) => r.srcIp)).size).toBe(27);
    expect(new Set(sources.map((r) => r.srcIp)).size).toBe(30);
    const bySource = [...countBy(failedPassword, (r) => r.srcIp)].sort((a, b) => b[1] - a[1]);
    expect(bySource[0]).toEqual(['183.62.140.253', 286]);
    const accepted = result.records.find((r) => r.kind === 'ssh_accepted');
    expect(accepted).toMatchObject({ userName: 'fztu', srcIp: '119.137.62.142', srcPort: 49116, result: 'success' });
  });

  it('gives identical output at any chunk boundary', () => {
    const buf = fs.readFileSync(file);
    parseWithSplits(() => rfc3164Format.createParser(ctx), buf, { maxChunk: 7, randomRuns: 10 });
    for (const size of [64, 1000, 4096, 65_536]) expect(parseAll(rfc3164Format.createParser(ctx), buf, size)).toEqual(result);
  });
});

const LINUX_KINDS: Record<string, LogRecord['kind']> = {
  E9: 'login',
  E13: 'auth',
  E14: 'auth',
  E15: 'auth',
  E16: 'ssh_failed',
  E17: 'ssh_failed',
  E18: 'ssh_failed',
  E19: 'ssh_failed',
  E29: 'accept',
  E91: 'login',
  E103: 'login',
};

describeFixtures('loghub Linux_2k (old RHEL /var/log/messages)', () => {
  const file = fixture('logs/syslog/loghub/Linux/Linux_2k.log');
  const truth = readCsv(`${file}_structured.csv`);
  // The ftpd lines say `at Fri Jun 17 07:07:00 2005`: the log is from 2005.
  const ctx = { path: 'messages', timeZone: 'UTC', mtimeMs: Date.UTC(2005, 7, 1) };
  const result = parseAll(rfc3164Format.createParser(ctx), fs.readFileSync(file));

  it('reads every line (space-padded days, odd tags) like the ground truth', () => {
    expect(result.invalid).toEqual([]);
    expect(result.records).toHaveLength(2000);
    result.records.forEach((rec, i) => {
      const t = truth[i] as Record<string, string>;
      expect(rec.hostName).toBe(t.Level);
      expect(rec.program).toBe(t.Component);
      expect(rec.pid).toBe(t.PID ? Number(t.PID) : undefined);
      expect(rec.tsMs).toBe(expectedMs(2005, t.Month ?? '', t.Date ?? '', t.Time ?? ''));
      expect(rec.raw.trimEnd().endsWith(t.Content ?? '')).toBe(true);
      const kind = t.EventId === 'E102' ? (t.Component === 'su(pam_unix)' ? 'su' : 'login') : (LINUX_KINDS[t.EventId ?? ''] ?? 'syslog');
      expect(`${i + 1} ${rec.kind}`).toBe(`${i + 1} ${kind}`);
    });
  });

  it('keeps the tags with spaces and the PAM services', () => {
    const tags = countBy(result.records, (r) => r.program);
    expect(tags.get('syslogd 1.4.1')).toBe(7);
    expect(tags.get('-- root')).toBe(1);
    expect(result.records.filter((r) => r.raw.startsWith('Jul  '))).toHaveLength(454);
    const su = result.records.find((r) => r.kind === 'su');
    expect(su).toMatchObject({ uid: 0, result: 'USER=cyrus', pid: 21416 });
    // rhost given as a host name never lands in the inet column.
    const named = result.records.filter((r) => r.raw.includes('rhost=220-135-151-1.hinet-ip.hinet.net'));
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((r) => r.kind === 'ssh_failed' && r.srcIp === undefined && r.userName === 'root')).toBe(true);
  });

  it('gives identical output at any chunk boundary', () => {
    parseWithSplits(() => rfc3164Format.createParser(ctx), fs.readFileSync(file), { maxChunk: 7, randomRuns: 10 });
  });
});
