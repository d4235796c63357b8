import { describe, expect, it } from 'vitest';
import { assembleExecveArgv, splitBashWords } from './auditd-argv';
import { F, newFields, scanFields } from './auditd-kv';
import { parseAuditLine } from './auditd-record';
import { decodeSockaddrHex, formatIpv6, isIpAddress, parseInterpretedSockaddr } from './auditd-sockaddr';
import { isLittleEndianArch, syscallName } from './auditd-syscalls';

function fields(body: string) {
  const out = newFields();
  scanFields(body, 0, body.length, out);
  return Object.fromEntries(Object.entries(F).flatMap(([name, slot]) => (out[slot] === undefined ? [] : [[name, out[slot]]])));
}

describe('auditd field scanner', () => {
  it.each([
    ['quoted, hex and (null)', 'comm="sshd" exe=2F62696E2F6C73 key=(null)', { comm: 'sshd', exe: '/bin/ls', key: '(null)' }],
    ['hex with invalid UTF-8 and NUL kept visible', 'cwd=2F746D702FFF00', { cwd: '/tmp/\\xff\\x00' }],
    ['several rule keys joined by 0x01', 'key=6578656301363462697474', { key: 'exec,64bitt' }],
    ['nested msg wins over outer keys', "pid=1 uid=0 msg='pam_tally2 uid=1004 reset=0 res=success'", { pid: '1', uid: '1004', res: 'success' }],
    [
      'op with spaces, then the next field',
      'msg=\'op=adding group to /etc/group id=1004 exe="/usr/sbin/groupadd"\'',
      { op: 'adding group to /etc/group', exe: '/usr/sbin/groupadd' },
    ],
    ['empty op', "msg='op= id=1004 res=success'", { op: '', res: 'success' }],
    [
      'old PAM tail in parentheses',
      'msg=\'PAM: session open acct=root : exe="/usr/sbin/crond" (hostname=?, addr=?, terminal=cron res=success)\'',
      { acct: 'root', exe: '/usr/sbin/crond', addr: '?', res: 'success' },
    ],
    ['AVC words without =', 'avc:  denied  { read } for  pid=13010 comm="pickup" name="maildrop"', { pid: '13010', comm: 'pickup', name: 'maildrop' }],
    [
      'ENRICHED interpreted socket address',
      'SADDR={ saddr_fam=inet laddr=10.1.2.3 lport=22 } UID="root"',
      { SADDR: '{ saddr_fam=inet laddr=10.1.2.3 lport=22 }', UID: 'root' },
    ],
    ['value with = inside', 'subj==unconfined exe="/a=b"', { exe: '/a=b' }],
    ['truncated quote', 'comm="abc', { comm: 'abc' }],
  ])('%s', (_, body, expected) => {
    expect(fields(body)).toEqual(expected);
  });

  it('keeps EXECVE parts raw so the argv builder can join them before decoding', () => {
    const line = 'type=EXECVE msg=audit(1.000:1): argc=3 a0="x" a1_len=8 a1[0]=C3 a1[1]=A9 a2[0]="ab" a2[1]="cd"';
    const rec = parseAuditLine(line, 'UTC');
    if (typeof rec === 'string') throw new Error(rec);
    // é is C3 A9: split between two parts, it only decodes once they are joined.
    expect(assembleExecveArgv([rec.args ?? []])).toEqual(['x', 'é', 'abcd']);
    expect(assembleExecveArgv([['argc', '3', 'a2', 'z']])).toEqual(['', '', 'z']);
  });
});

describe('audit stamps', () => {
  it.each([
    ['type=X msg=audit(1700000000.123:4567): a=1', 1700000000123],
    ['type=X msg=audit(1700000000.5:1): a=1', 1700000000500],
    ['type=X msg=audit(1700000000:1): a=1', 1700000000000],
    ['type=DAEMON_CONFIG msg=audit(1490239800.477:34) config changed, auid=0', 1490239800477],
    // `ausearch -i` local time, read in the upload's zone.
    ['type=SYSCALL msg=audit(05/30/2018 10:11:12.123:456) : arch=x86_64', Date.UTC(2018, 4, 30, 10, 11, 12, 123)],
  ])('%s', (line, tsMs) => {
    expect(parseAuditLine(line, 'UTC')).toMatchObject({ tsMs });
  });

  it.each([
    ['type=X msg=audit(17000x0000.1:2): a=1', 'malformed audit stamp "17000x0000.1:2"'],
    ['type=X msg=audit(1700000000.1): a=1', 'malformed audit stamp "1700000000.1"'],
    ['type=X msg=audit(1700000000.1:2', 'unterminated msg=audit( stamp'],
    ['type=UNKNOWN[1329] msg=?', 'audit record without an audit(…) stamp'],
    ['hello world', 'not an audit record (no type=)'],
    ['type=X a=1 msg=audit(1.1:1):', 'audit record without an audit(…) stamp'],
  ])('rejects %s', (line, reason) => {
    expect(parseAuditLine(line, 'UTC')).toBe(reason);
  });
});

describe('SOCKADDR', () => {
  it.each([
    ['AF_INET little-endian', '02000050A9FEA9FE0000000000000000', true, { family: 'inet', ip: '169.254.169.254', port: 80 }],
    ['AF_INET big-endian ppc64', '0002D903000000000000000000000000', false, { family: 'inet', ip: '0.0.0.0', port: 55555 }],
    ['AF_INET6 loopback', '0A002BCB000000000000000000000000000000000000000100000000', true, { family: 'inet6', ip: '::1', port: 11211 }],
    ['AF_INET6 v4-mapped', '0A0001BB0000000000000000000000000000FFFFC0A8020600000000', true, { family: 'inet6', ip: '192.168.2.6', port: 443 }],
    ['AF_UNIX path', '01002F7661722F72756E2F6E7363642F736F636B657400', true, { family: 'local', path: '/var/run/nscd/socket' }],
    ['AF_UNIX abstract', '0100006162630000', true, { family: 'local', path: '@abc' }],
    ['AF_NETLINK', '100000000000000000000000', true, { family: 'netlink' }],
    ['AF_UNSPEC', '00000000000000000000000000000000', true, { family: 'unspec' }],
    ['short AF_INET', '0200', true, { family: 'inet' }],
  ])('%s', (_, hex, isLittleEndian, expected) => {
    expect(decodeSockaddrHex(hex, isLittleEndian)).toEqual(expected);
  });

  it('reads interpreted forms and formats IPv6 per RFC 5952', () => {
    expect(parseInterpretedSockaddr('{ saddr_fam=inet laddr=10.0.0.1 lport=80 }')).toEqual({ family: 'inet', ip: '10.0.0.1', port: 80 });
    expect(parseInterpretedSockaddr('{ fam=local path=/dev/log }')).toEqual({ family: 'local', path: '/dev/log' });
    expect(parseInterpretedSockaddr('{ nothing }')).toBeUndefined();
    expect(formatIpv6(Buffer.from('20010db8000000000001000000000001', 'hex'))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(Buffer.from('20010db8000100000001000100010001', 'hex'))).toBe('2001:db8:1:0:1:1:1:1');
    expect(['1.2.3.4', '::1', '?', 'pts/0', 'host.example', '999.1.1.1'].map(isIpAddress)).toEqual([true, true, false, false, false, false]);
  });

  it('names syscalls per architecture', () => {
    expect(syscallName('59', 'c000003e')).toBe('execve');
    expect(syscallName('221', 'c00000b7')).toBe('execve');
    expect(syscallName('59', 'c00000b7')).toBeUndefined();
    expect(syscallName('327', '80000015')).toBe('bind');
    expect(syscallName('42', '0xc000003e')).toBe('connect');
    expect(syscallName('execve', undefined)).toBe('execve');
    expect(['c000003e', '80000015', 'ppc64', 'x86_64', '40000003'].map(isLittleEndianArch)).toEqual([true, false, false, true, true]);
  });
});

describe('auoms cmdline words', () => {
  it.each([
    ['bash -c "{echo,eA==}|{base64,-d}|{bash,-i}"', ['bash', '-c', '{echo,eA==}|{base64,-d}|{bash,-i}']],
    ["sh -c 'echo hi!'", ['sh', '-c', 'echo hi!']],
    ['printf "a \\"b\\" \\$HOME"', ['printf', 'a "b" $HOME']],
    ["echo $'tab\\there\\x41\\xff'", ['echo', 'tab\there' + 'A\\xff']],
    ['a\\ b  c', ['a b', 'c']],
    ['unbalanced "quote', ['unbalanced', 'quote']],
  ])('%s', (text, words) => {
    expect(splitBashWords(text)).toEqual(words);
  });
});
