import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../../../test/fixtures';
import { byTime, content, contextFor, parseFixture, readFixture } from '../../../test/kits/audit-fixtures';
import { parseAll } from '../../../test/kits/chunk-parser';
import { createAuditdParser } from './auditd';
import { createLaurelParser, decodeLaurelString } from './laurel';

const DIR = 'logs/auditd/laurel/testdata';
const PAIRS = [
  'adjntpval',
  'anom-promiscuous',
  'avc-apparmor',
  'bind-ipv4-bigendian',
  'execve',
  'execve-long',
  'login',
  'nscd',
  'perl-reverse-shell',
  'ptrace',
  'syscall-key',
  'syscall-nullkey',
  'uringop',
  'weblogic',
];

describeFixtures('laurel: its JSON output and our parse of the raw records agree', () => {
  it.each(PAIRS)('record-%s', (name) => {
    const raw = parseFixture(`${DIR}/record-${name}.txt`, createAuditdParser);
    const json = parseFixture(`${DIR}/record-${name}.json`, createLaurelParser, { maxChunk: 23 });
    expect(raw.invalid).toEqual([]);
    expect(json.invalid).toEqual([]);
    expect(json.records.map(content)).toEqual(raw.records.map(content));
  });

  it('perl reverse shell: the hex -e script comes out whole', () => {
    const [ev] = parseFixture(`${DIR}/record-perl-reverse-shell.txt`, createAuditdParser).records;
    expect(ev).toMatchObject({ kind: 'exec', exe: '/usr/bin/perl', cwd: '/root', userName: 'root', auid: 1000, ppid: 722076 });
    expect(ev?.argv?.slice(0, 2)).toEqual(['perl', '-e']);
    expect(ev?.argv?.[2]).toContain('$i="10.0.0.1";$p=1234;socket(S,PF_INET,SOCK_STREAM');
    expect(ev?.argv?.[2]).toMatch(/exec\("\/bin\/sh -i"\);\};$/);
  });

  it('nc -l on big-endian ppc64: family 0x0002 read in host order, port 0xD903 = 55555', () => {
    for (const ev of [
      ...parseFixture(`${DIR}/record-bind-ipv4-bigendian.txt`, createAuditdParser).records,
      ...parseFixture(`${DIR}/record-bind-ipv4-bigendian.json`, createLaurelParser).records,
    ]) {
      expect(ev).toMatchObject({ kind: 'bind', srcIp: '0.0.0.0', srcPort: 55555, exe: '/usr/bin/nc.openbsd', pid: 2650 });
    }
  });

  it('joins a 16 KB argument split as a1[0..2] across three EXECVE records', () => {
    const [ev] = parseFixture(`${DIR}/record-execve-long.txt`, createAuditdParser).records;
    const arg = ev?.argv?.[1] ?? '';
    expect(ev?.argv?.[0]).toBe('/bin/echo');
    expect(arg).toHaveLength(8192);
    // Marker letters sit at both ends of each part (a1[0] ends at 7464 hex digits = 3732 bytes).
    const markers = [...arg.matchAll(/[^a]/g)].map((m) => [m.index, m[0]]);
    expect(markers).toEqual([
      [0, 'b'],
      [3731, 'c'],
      [3732, 'd'],
      [7477, 'e'],
      [7478, 'f'],
      [8191, 'g'],
    ]);
  });

  it('keeps ENRICHED translated names (0x1D separator) and the node= host', () => {
    const [ev] = parseFixture(`${DIR}/record-execve.txt`, createAuditdParser).records;
    expect(ev).toMatchObject({ hostName: 'work', userName: 'root', uid: 0, auid: 1000, argv: ['whoami'], cwd: '/home/user/tmp' });
    expect(ev?.paths).toEqual(['/usr/bin/whoami', '/lib64/ld-linux-x86-64.so.2']);
  });

  it('connect over IPv4 and IPv6 (record-connect.txt)', () => {
    const { records } = parseFixture(`${DIR}/record-connect.txt`, createAuditdParser);
    expect(records.map((r) => [r.kind, r.dstIp, r.dstPort, r.result])).toEqual([
      ['connect', '127.0.0.1', 11211, 'success'],
      ['connect', '::1', 11211, 'in_progress'],
    ]);
  });

  it('re-ordered process trees give the same events as the ordered capture', () => {
    const ordered = parseFixture(`${DIR}/shell-proc-trace.txt`, createAuditdParser);
    const reordered = parseFixture(`${DIR}/shell-proc-trace-reordered.txt`, createAuditdParser);
    expect(byTime(reordered.records).map(content)).toEqual(byTime(ordered.records).map(content));
    expect(ordered.records.filter((r) => r.kind === 'exec').length).toBeGreaterThan(3);
    // The hand-written `# …` commentary of these fixtures is reported, line by line.
    const text = readFixture(`${DIR}/shell-proc-trace.txt`).toString().split('\n');
    expect(ordered.invalid.map((i) => i.line)).toEqual(text.flatMap((l, i) => (l.startsWith('#') ? [i + 1] : [])));
  });

  it.each(['fork-sleep-exec.txt', 'proc-trace-dpkg-l.txt', 'shell-proc-trace-confusion.txt', 'tree/00.txt', 'tree/16.txt'])(
    '%s: one event per serial',
    (file) => {
      const { records } = parseFixture(`${DIR}/${file}`, createAuditdParser, { maxChunk: 13 });
      const lines = readFixture(`${DIR}/${file}`).toString().split('\n');
      const stamps = new Set(lines.flatMap((l) => /^(?:node=\S+ )?type=\S+ msg=audit\(([^)]+)\)/.exec(l)?.[1] ?? []));
      expect(records).toHaveLength(stamps.size);
    },
  );
});

describe('laurel: format details', () => {
  it('undoes laurel percent-encoding; invalid UTF-8 stays visible as \\xNN', () => {
    expect(decodeLaurelString('a%25b%2bc')).toBe('a%b+c');
    expect(decodeLaurelString('caf%c3%a9')).toBe('café');
    expect(decodeLaurelString('bad%ff')).toBe('bad\\xff');
    expect(decodeLaurelString('100%')).toBe('100%');
  });

  it('reads user-space events with a nested msg object, and reports lines it cannot use', () => {
    const lines = [
      '{"ID":"1615113648.981:15220","USER_AUTH":{"pid":9460,"uid":0,"auid":1000,"msg":{"op":"PAM:authentication","acct":"alice","exe":"/usr/sbin/sshd","addr":"203.0.113.9","res":"failed"}}}',
      '{"ID":"1615113649.000:15221","SOCKADDR":[{"saddr":{"saddr_fam":"inet","addr":"::ffff:198.51.100.7","port":443}}],"SYSCALL":{"arch":"0xc000003e","syscall":42,"success":"yes","exit":0,"pid":7}}',
      'not json',
      '[1,2]',
      '{"SYSCALL":{}}',
      '{"ID":"yesterday","SYSCALL":{}}',
    ];
    const result = parseAll(createLaurelParser(contextFor('laurel.log')), Buffer.from(lines.join('\n')));
    expect(result.records.map(content)).toEqual([
      {
        tsMs: 1615113648981,
        kind: 'auth',
        program: 'sshd',
        pid: 9460,
        userName: 'alice',
        uid: 0,
        auid: 1000,
        exe: '/usr/sbin/sshd',
        srcIp: '203.0.113.9',
        result: 'failed',
      },
      { tsMs: 1615113649000, kind: 'connect', pid: 7, dstIp: '198.51.100.7', dstPort: 443, result: 'success' },
    ]);
    expect(result.invalid).toEqual([
      { line: 3, reason: 'not valid JSON' },
      { line: 4, reason: 'JSON line is not an object' },
      { line: 5, reason: 'laurel line without "ID"' },
      { line: 6, reason: 'malformed laurel ID "yesterday"' },
    ]);
  });
});
